// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

class QAction;
class QMenu;
class QSystemTrayIcon;

namespace haul::ui {

// TrayController: the system tray icon and its menu (Show/Hide, Pause all, Resume all, Quit),
// and notifications for finished or failed downloads, gathered for a moment so ten downloads
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
