// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

class QClipboard;

namespace haul::ui {

// ClipboardMonitor: watches the system clipboard (QClipboard::Clipboard) and, while enabled,
// emits linksCopied() when text copied by another program holds http(s) or ftp links whose
// file type is one of the watched extensions. Haul's own copies are ignored (the clipboard is
// Haul's then), and the same links are never offered twice in a row. Off until
// setEnabled(true). GUI thread only.
class ClipboardMonitor final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClipboardMonitor)

public:
    explicit ClipboardMonitor(QObject* parent = nullptr);
    ~ClipboardMonitor() override;

    // Enabling does not offer what is on the clipboard already: only what is copied next.
    void setEnabled(bool enabled);
    bool isEnabled() const { return m_enabled; }
    // Lower-case extensions without the dot ("zip", "tar.gz"); empty: nothing is offered.
    void setExtensions(const QStringList& extensions);
    QStringList extensions() const { return m_extensions; }

    // The links of text whose file type is in extensions, in order, without repeats.
    static QStringList linksIn(const QString& text, const QStringList& extensions);

signals:
    void linksCopied(const QStringList& urls);

private:
    void handleClipboardChanged();

    QClipboard* m_clipboard = nullptr;
    bool m_enabled = false;
    QStringList m_extensions;
    QStringList m_lastOffered;
};

} // namespace haul::ui
