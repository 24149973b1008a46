// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <cstdint>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace haul::ui {

// TrayController: the system tray icon and its menu (Show/Hide, Pause all, Resume all, Quit),
// its tooltip with the total progress (summaryText), and notifications for finished or failed
// downloads, gathered for a moment so ten downloads
// finishing together make one message, not ten. Create it only when
// QSystemTrayIcon::isSystemTrayAvailable(). It emits requests; the window acts. GUI thread only.
class TrayController final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TrayController)

public:
    explicit TrayController(QObject* parent = nullptr);
    ~TrayController() override;

    void setWindowVisible(bool visible); // updates the Show/Hide text
    void setNotificationsEnabled(bool enabled) { m_notify = enabled; }
    void setToolTip(const QString& text);
    QString toolTip() const;
    // The tooltip's text for these totals: "Haul — 3 downloading, 45 % of 1.2 GiB, 2.3 MiB/s"
    // (the share over the downloads whose size is known), "Haul — 2 queued", "Haul — idle".
    static QString summaryText(int active, int queued, std::int64_t activeBytes,
                               std::int64_t activeTotal, double speed);
    // Queues a notification line; shown after a short pause in which others may join.
    void notifyFinished(const QString& name, bool ok);
    bool isVisible() const;

signals:
    void showHideRequested();
    void pauseAllRequested();
    void resumeAllRequested();
    void quitRequested();

private:
    void flushNotifications();

    QSystemTrayIcon* m_icon = nullptr;
    QMenu* m_menu = nullptr;
    QAction* m_showHide = nullptr;
    QStringList m_finished;
    QStringList m_failed;
    QTimer m_gather;
    bool m_notify = true;
};

} // namespace haul::ui
