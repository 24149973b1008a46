// SPDX-License-Identifier: MIT
#include "clipboardmonitor.h"

#include "categories.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QRegularExpression>
#include <QUrl>

namespace haul::ui {

ClipboardMonitor::ClipboardMonitor(QObject* parent)
    : QObject(parent), m_clipboard(QGuiApplication::clipboard())
{
    connect(m_clipboard, &QClipboard::dataChanged, this, &ClipboardMonitor::handleClipboardChanged);
}

ClipboardMonitor::~ClipboardMonitor() = default;

void ClipboardMonitor::setEnabled(bool enabled)
{
    m_enabled = enabled;
}

void ClipboardMonitor::setExtensions(const QStringList& extensions)
{
    m_extensions = extensions;
}

QStringList ClipboardMonitor::linksIn(const QString& text, const QStringList& extensions)
{
    static const QRegularExpression link(QStringLiteral("\\b(?:https?|ftp)://[^\\s<>\"']+"),
                                         QRegularExpression::CaseInsensitiveOption);
    QStringList links;
    if (extensions.isEmpty() || text.size() > 100000) { // a copied document, not links
        return links;
    }
    auto it = link.globalMatch(text);
    while (it.hasNext()) {
        const QString candidate = it.next().captured(0);
        const QUrl url(candidate, QUrl::StrictMode);
        if (!url.isValid() || url.host().isEmpty() || links.contains(candidate)) {
            continue;
        }
        if (Categories::hasExtension(url.fileName(), extensions)) {
            links.append(candidate);
        }
    }
    return links;
}

void ClipboardMonitor::handleClipboardChanged()
{
    if (!m_enabled || m_clipboard->ownsClipboard()) {
        return;
    }
    const QStringList links = linksIn(m_clipboard->text(), m_extensions);
    if (links.isEmpty() || links == m_lastOffered) {
        return;
    }
    m_lastOffered = links;
    emit linksCopied(links);
}

} // namespace haul::ui
