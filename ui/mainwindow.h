// SPDX-License-Identifier: MIT
#pragma once

#include "appsettings.h"

#include <haul/events.h>
#include <haul/store.h>

#include <QHash>
#include <QIcon>
#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <vector>

class QAction;
class QLabel;
class QMenu;
class QTabWidget;
class QTableView;
class QToolBar;

namespace haul::ui {

class AddDownloadsDialog;
class ClipboardMonitor;
class ListImport;
class DetailTab;
class DetailTabs;
class DownloadsPage;
class EngineClient;
class EventHistory;
class SpeedHistory;
class StoreWorker;
class TransferFilterProxy;
class TransferActions;
class Scheduler;
class ScheduleDriver;
class TransferListModel;
class TrayController;

// MainWindow: a tab widget whose first, permanent tab is the download list (DownloadsPage);
// closable detail tabs (DetailTab) and the pages the application adds (addToolPage(): app/gui's
// stress panel) open beside it. Toolbar, context menu, status bar, settings and the tray icon
// (when the desktop has a tray).
//
// It does not own the EngineClient; the client must outlive the window (create the client
// first). Every command goes through the client; rows come and go through the model, which
// listens to the client; tabs listen to the client too, never to the engine. GUI thread only.
//
// When the client's session records downloads (EngineClient::storePath() is set), the window
// restores the list at start: a StoreWorker reads the store off the GUI thread and hands the
// records over in chunks; finished, failed, cancelled and paused ones become rows without an
// engine transfer, the ones that were running or queued are created again (continuing their
// records and bytes on disk) and started.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(EngineClient* client, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Per-download options of the Add dialog.
    struct AddOptions {
        int connections = 0;                   // 0: the settings' default
        QString checksum;                      // "ALGO=HEX" or empty
        bool start = true;                     // false: added paused (Resume starts it)
        bool allowInsecureTls = false;         // accept a certificate that cannot be verified
        bool allowHttpsToHttpRedirect = false; // follow https:// -> http:// (refused otherwise)
        QStringList headers;                   // extra request headers, "Name: value"
        // directory is the default folder, not one the user chose: each URL goes to its
        // category's folder (AppSettings::categories) when AppSettings::categoryFolders.
        bool byCategory = false;
    };
    // Adds and starts each URL into directory. Refused URLs are reported to the user in one
    // non-blocking message box. Returns the ids of the accepted downloads.
    QList<engine::TransferId> addDownloads(const QStringList& urls, const QString& directory);
    QList<engine::TransferId> addDownloads(const QStringList& urls, const QString& directory,
                                           const AddOptions& options);
    // From another `haul URL...` process: adds and starts the URLs into the default folder at
    // once and raises the window (what offerUrlsFromOtherInstance does with the setting on).
    void handleUrlsFromOtherInstance(const QStringList& urls);
    // What main() connects the single-instance socket to: raises the window and opens the Add
    // dialog filled in with the URLs (into the default folder), so nothing starts before the
    // user confirms; URLs that arrive while that dialog is open are added to it. With
    // AppSettings::startHandedOver, handleUrlsFromOtherInstance() instead. No URL: only raises.
    void offerUrlsFromOtherInstance(const QStringList& urls);
    // Opens the Add dialog filled in with urls and note (into the default folder); URLs that
    // arrive while it is open are added to it. activate false: shown without taking the focus
    // (and, when one is open already, without raising it): what the clipboard monitor offers.
    void offerUrls(const QStringList& urls, const QString& note, bool activate);
    // The Add dialog opened by offerUrls() while it is open, else null.
    AddDownloadsDialog* handOverDialog() const;
    ClipboardMonitor* clipboardMonitor() const { return m_clipboard; }
    ListImport* listImport() const { return m_listImport; }

    // Where downloads go unless the user picks another folder.
    QString defaultDirectory() const { return m_defaultDirectory; }
    void setDefaultDirectory(const QString& directory);

    const AppSettings& settings() const { return m_settings; }
    // Saves and applies settings (what the engine supports live; the rest is reported).
    void applySettings(const AppSettings& settings);

    // A lasting note in the status bar (the demo mode says where its files go).
    void setNotice(const QString& text);

    // Shows the detail tab of id, opening it when none is open (one tab per download); with
    // show, makes it the current tab. Returns null for an id the list does not have.
    DetailTab* openDetails(engine::TransferId id, bool show = true);
    // Closes every detail tab (the Downloads tab and tool pages stay).
    void closeAllDetailTabs();
    // Next / previous tab, Ctrl+W, middle click, the tab list button (DetailTabs).
    DetailTabs* tabNavigator() const { return m_tabNavigator; }
    // Quits, after asking when downloads are running or queued (AppSettings::confirmQuit;
    // "Don't ask again" turns it off). False when the user chose to stay.
    bool requestQuit();
    // Asks whether to quit with downloads running or queued (when the setting says so); true
    // at once when none is.
    bool confirmQuit();
    // Closes a detail tab or a tool page: disconnects it, removes it, deletes it later. The
    // Downloads tab cannot be closed. Safe at any instant, also with its events queued.
    bool closeTab(QWidget* tab);
    QList<DetailTab*> detailTabs() const;

    // A page the application brings (the window knows none of them): an action with icon,
    // title and toolTip in the Tools menu opens it as a
    // closable tab, made by factory (given the tab widget as parent) when none is open; at most
    // one of each name is open. A name already added is ignored.
    using PageFactory = std::function<QWidget*(QWidget* parent)>;
    void addToolPage(const QString& name, const QIcon& icon, const QString& title,
                     const QString& toolTip, PageFactory factory);
    // What the page's action does: makes the page when none is open, shows it and returns it.
    // Null for a name addToolPage() was not given.
    QWidget* openToolPage(const QString& name);

    void pauseAll();
    void resumeAll();
    // Removes the download (TransferActions::removeRow: closed, its record forgotten by the
    // engine, its files kept) and drops its row at once.
    void removeTransfer(engine::TransferId id);

    TransferListModel* model() const { return m_model; }
    EventHistory* eventHistory() const { return m_events; }
    DownloadsPage* page() const { return m_page; }
    QTableView* view() const;
    TransferFilterProxy* proxy() const;
    QTabWidget* tabs() const { return m_tabs; }
    TrayController* tray() const { return m_tray; }
    TransferActions* actions() const { return m_actions; }
    // The download hours, the alternative speed limit, "when all are done" (AppSettings::schedule).
    Scheduler* scheduler() const { return m_scheduler; }
    ScheduleDriver* scheduleDriver() const { return m_scheduleDriver; }
    // Null when the session records nothing.
    StoreWorker* storeWorker() const { return m_store; }
    // The list was read from the store and every record handed to the model (true at once
    // without a store).
    bool isRestored() const { return m_restored; }

signals:
    // Every record of the store is in the model (and the interrupted ones were started).
    void restoreFinished(int count);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createMenus();
    void startRestore();
    void handleRecordsLoaded(const std::vector<engine::DownloadRecord>& records,
                             const QHash<QString, QString>& refusedFolders);
    void createTray();
    void createStatusBar();
    void restoreSettings();
    void saveSettings() const;

    void handleAdd();
    // Adds what an accepted Add dialog says (and remembers its folder as the default).
    void addFromDialog(const AddDownloadsDialog& dialog);
    void handleSettings();
    void handleEventsForTray(const QList<haul::engine::Event>& events);
    void toggleVisible();
    void updateStatus();

    EngineClient* m_client = nullptr;
    TransferListModel* m_model = nullptr;
    SpeedHistory* m_history = nullptr;
    EventHistory* m_events = nullptr; // what happened to each transfer, for late tabs
    QTabWidget* m_tabs = nullptr;
    DownloadsPage* m_page = nullptr;
    struct ToolPage {
        QString name;
        QString title;
        QIcon icon;
        PageFactory factory;
        QPointer<QWidget> page; // open, else null
    };
    std::vector<ToolPage> m_toolPages;
    QToolBar* m_toolbar = nullptr;
    QMenu* m_viewMenu = nullptr;
    QMenu* m_toolsMenu = nullptr;
    ClipboardMonitor* m_clipboard = nullptr;
    ListImport* m_listImport = nullptr;
    QPointer<AddDownloadsDialog> m_handOverDialog;
    TrayController* m_tray = nullptr;
    StoreWorker* m_store = nullptr;
    bool m_restored = true;
    QLabel* m_notice = nullptr;
    QLabel* m_counts = nullptr;
    QLabel* m_speed = nullptr;
    TransferActions* m_actions = nullptr;
    Scheduler* m_scheduler = nullptr;
    ScheduleDriver* m_scheduleDriver = nullptr;
    DetailTabs* m_tabNavigator = nullptr;
    QAction* m_addAction = nullptr;
    QAction* m_settingsAction = nullptr;
    QAction* m_quitAction = nullptr;

    AppSettings m_settings;
    QString m_defaultDirectory;
};

} // namespace haul::ui
