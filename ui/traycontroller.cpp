// SPDX-License-Identifier: MIT
#include "traycontroller.h"

#include "humanformat.h"
#include "themedicon.h"

#include <QIcon>
#include <QMenu>
#include <QSystemTrayIcon>

namespace haul::ui {

namespace {

constexpr int kGatherMs = 1500;

QString summary(const QStringList& names)
{
    if (names.size() <= 3) {
        return names.join(QStringLiteral(", "));
    }
    return TrayController::tr("%1, %2 and %3 more").arg(names[0], names[1]).arg(names.size() - 2);
}

} // namespace

TrayController::TrayController(QObject* parent)
    : QObject(parent), m_icon(new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/haul.svg")), this)),
      m_menu(new QMenu)
{
    m_showHide = m_menu->addAction(tr("Hide Haul"), this, &TrayController::showHideRequested);
    m_menu->addSeparator();
    m_menu->addAction(themedIcon("pause"), tr("Pause All"), this,
                      &TrayController::pauseAllRequested);
    m_menu->addAction(themedIcon("start"), tr("Resume All"), this,
                      &TrayController::resumeAllRequested);
    m_menu->addSeparator();
    m_menu->addAction(tr("Quit"), this, &TrayController::quitRequested);
    m_icon->setContextMenu(m_menu);
    m_icon->setToolTip(tr("Haul"));
    connect(m_icon, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger) {
                    emit showHideRequested();
                }
            });
    m_gather.setSingleShot(true);
    m_gather.setInterval(kGatherMs);
    connect(&m_gather, &QTimer::timeout, this, &TrayController::flushNotifications);
    m_icon->show();
}

TrayController::~TrayController()
{
    m_icon->setContextMenu(nullptr);
    delete m_menu; // a QMenu cannot be a child of a QObject that is not a widget
}

void TrayController::setWindowVisible(bool visible)
{
    m_showHide->setText(visible ? tr("Hide Haul") : tr("Show Haul"));
}

void TrayController::setToolTip(const QString& text)
{
    m_icon->setToolTip(text);
}

QString TrayController::toolTip() const
{
    return m_icon->toolTip();
}

QString TrayController::summaryText(int active, int queued, std::int64_t activeBytes,
                                    std::int64_t activeTotal, double speed)
{
    QStringList parts;
    if (active > 0) {
        parts << tr("%n downloading", nullptr, active);
        if (activeTotal > 0) {
            const auto percent = static_cast<int>(static_cast<double>(activeBytes) * 100.0
                                                  / static_cast<double>(activeTotal));
            parts << tr("%1 % of %2").arg(percent).arg(humanformat::size(activeTotal));
        }
        if (speed > 0) {
            parts << humanformat::speed(speed);
        }
    }
    if (queued > 0) {
        parts << tr("%n queued", nullptr, queued);
    }
    if (parts.isEmpty()) {
        parts << tr("idle");
    }
    return tr("Haul — %1").arg(parts.join(QStringLiteral(", ")));
}

bool TrayController::isVisible() const
{
    return m_icon->isVisible();
}

void TrayController::notifyFinished(const QString& name, bool ok)
{
    if (!m_notify) {
        return;
    }
    (ok ? m_finished : m_failed).append(name);
    if (!m_gather.isActive()) {
        m_gather.start();
    }
}

void TrayController::flushNotifications()
{
    if (!m_failed.isEmpty()) {
        m_icon->showMessage(tr("%n download(s) failed", nullptr, static_cast<int>(m_failed.size())),
                            summary(m_failed), QSystemTrayIcon::Warning);
    } else if (!m_finished.isEmpty()) {
        m_icon->showMessage(
            tr("%n download(s) finished", nullptr, static_cast<int>(m_finished.size())),
            summary(m_finished), QSystemTrayIcon::Information);
    }
    m_finished.clear();
    m_failed.clear();
}

} // namespace haul::ui
