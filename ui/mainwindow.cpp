// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "apptheme.h"
#include "clipboardmonitor.h"
#include "details/detailtab.h"
#include "details/detailtabs.h"
#include "details/eventhistory.h"
#include "details/speedhistory.h"
#include "dialogs/adddownloadsdialog.h"
#include "dialogs/confirmdialog.h"
#include "dialogs/settingsdialog.h"
#include "dialogs/userurl.h"
#include "engineclient.h"
#include "humanformat.h"
#include "listimport.h"
#include "scheduledriver.h"
#include "scheduler.h"
#include "storeworker.h"
#include "themedicon.h"
#include "toolbarfitter.h"
#include "transferlist/downloadspage.h"
#include "transferlist/transferactions.h"
#include "transferlist/transferfilterproxy.h"
#include "transferlist/transferlistmodel.h"
#include "traycontroller.h"
#include "windowgeometry.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSystemTrayIcon>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QUrl>

#include <algorithm>

// Q_INIT_RESOURCE must be used outside any namespace; haul_ui is a static library, so without
// this call the linker would drop the icons.
static void initHaulResources()
{
    Q_INIT_RESOURCE(haul);
}

namespace haul::ui {

namespace {

using State = TransferListModel::State;

constexpr auto kGeometryKey = "mainWindow/geometry";
// Read by an older Haul; the columns are kept by ColumnLayout now.
constexpr auto kHeaderKey = "mainWindow/headerState";
constexpr auto kDirectoryKey = "downloads/directory";

// The application's own icon keeps its colours; every other icon follows the palette.
QIcon icon(const char* name)
{
    if (qstrcmp(name, "haul") == 0) {
        return QIcon(QStringLiteral(":/icons/haul.svg"));
    }
    return themedIcon(name);
}

} // namespace

MainWindow::MainWindow(EngineClient* client, QWidget* parent)
    : QMainWindow(parent), m_client(client), m_model(new TransferListModel(client, this)),
      m_history(new SpeedHistory(m_model, m_model)), m_events(new EventHistory(client, this))
{
    initHaulResources();
    setWindowTitle(tr("Haul"));
    setWindowIcon(icon("haul"));
    setAcceptDrops(true);
    resize(1100, 660);

    m_settings = AppSettings::load();
    if (m_settings.theme != Theme::System) {
        applyTheme(m_settings.theme); // before the widgets are made
    }
    m_defaultDirectory = m_settings.directory;
    if (m_defaultDirectory.isEmpty()) {
        m_defaultDirectory = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    }
    if (m_defaultDirectory.isEmpty()) {
        m_defaultDirectory = QDir::homePath();
    }

    m_page = new DownloadsPage(m_model, this);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->addTab(m_page, icon("haul"), tr("Downloads"));
    m_page->setCategories(m_settings.categories);
    // The list is permanent: no close button on its tab, whichever side the style puts it.
    m_tabs->tabBar()->setTabButton(0, QTabBar::RightSide, nullptr);
    m_tabs->tabBar()->setTabButton(0, QTabBar::LeftSide, nullptr);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this,
            [this](int index) { closeTab(m_tabs->widget(index)); });
    m_tabNavigator = new DetailTabs(m_tabs, m_page, this);
    connect(m_tabNavigator, &DetailTabs::closeRequested, this, &MainWindow::closeTab);
    connect(m_tabNavigator, &DetailTabs::closeAllRequested, this, &MainWindow::closeAllDetailTabs);

    createActions();
    createMenus();
    createStatusBar();
    createTray();
    restoreSettings();
    m_clipboard = new ClipboardMonitor(this);
    m_clipboard->setExtensions(m_settings.watchedExtensions());
    m_clipboard->setEnabled(m_settings.clipboardMonitor);
    connect(m_clipboard, &ClipboardMonitor::linksCopied, this, [this](const QStringList& urls) {
        offerUrls(urls, tr("Copied to the clipboard. Choose Download to add them."), false);
    });

    connect(m_model, &TransferListModel::countsChanged, this, &MainWindow::updateStatus);
    connect(m_page, &DownloadsPage::detailsRequested, m_actions, &TransferActions::showDetails);
    updateStatus();
    startRestore();
}

void MainWindow::startRestore()
{
    const QString path = m_client->storePath();
    if (path.isEmpty()) {
        return;
    }
    m_store = new StoreWorker(path, this);
    m_restored = false;
    connect(m_store, &StoreWorker::recordsLoaded, this, &MainWindow::handleRecordsLoaded);
    connect(m_store, &StoreWorker::loadFinished, this, [this](int count, const QString& error) {
        m_restored = true;
        if (!error.isEmpty()) {
            setNotice(tr("The download list could not be read (%1). New downloads still work.")
                          .arg(error));
        }
        emit restoreFinished(count);
    });
    m_store->load(TransferListModel::kRecordChunk);
}

void MainWindow::handleRecordsLoaded(const std::vector<engine::DownloadRecord>& records,
                                     const QHash<QString, QString>& refusedFolders)
{
    m_model->appendRecords(records, refusedFolders);
    // Interrupted downloads continue in queue order, each from its record and its bytes on
    // disk; the engine's queue keeps all but maxConcurrent of them waiting.
    for (const engine::DownloadRecord& record : records) {
        if (record.state != engine::DownloadState::Running
            && record.state != engine::DownloadState::Queued) {
            continue;
        }
        const int row = m_model->rowOfKey(record.storeKey());
        if (row >= 0 && m_model->idAt(row) == 0) {
            m_scheduleDriver->startRestored(row); // outside the download hours: later
        }
    }
}

MainWindow::~MainWindow()
{
    // Tabs first, while the model and the history they read are still alive.
    while (m_tabs->count() > 1) {
        QWidget* tab = m_tabs->widget(m_tabs->count() - 1);
        if (auto* detail = qobject_cast<DetailTab*>(tab)) {
            detail->prepareClose();
        }
        m_tabs->removeTab(m_tabs->count() - 1);
        delete tab;
    }
}

QTableView* MainWindow::view() const
{
    return m_page->view();
}

TransferFilterProxy* MainWindow::proxy() const
{
    return m_page->proxy();
}

void MainWindow::createActions()
{
    m_actions = new TransferActions(m_client, m_model, m_page, this);
    connect(m_actions, &TransferActions::detailsRequested, this,
            [this](engine::TransferId id) { openDetails(id); });
    // A cancelled download is a new one when it starts again: its old tab has nothing to show.
    connect(m_actions, &TransferActions::transferDiscarded, this, [this](engine::TransferId id) {
        for (DetailTab* tab : detailTabs()) {
            if (tab->id() == id) {
                closeTab(tab);
            }
        }
    });
    connect(m_page, &DownloadsPage::contextMenuRequested, m_actions,
            &TransferActions::popupContextMenu);
    m_scheduler = new Scheduler({}, this);
    m_scheduleDriver = new ScheduleDriver(m_scheduler, m_actions, m_model, m_client, this);
    connect(m_scheduleDriver, &ScheduleDriver::notice, this, &MainWindow::setNotice);
    connect(m_scheduler, &Scheduler::allDone, this, [] { QApplication::quit(); });
    m_scheduleDriver->setNormalSpeedLimitKiB(m_settings.speedLimitKiB);
    m_scheduler->setSettings(m_settings.schedule);

    m_addAction = new QAction(icon("add"), tr("Add"), this);
    m_addAction->setShortcut(QKeySequence::New);
    m_addAction->setToolTip(
        tr("Add downloads (%1)").arg(m_addAction->shortcut().toString(QKeySequence::NativeText)));
    connect(m_addAction, &QAction::triggered, this, &MainWindow::handleAdd);
    m_settingsAction = new QAction(icon("settings"), tr("Settings"), this);
    // Ctrl+, everywhere (QKeySequence::Preferences is empty on most Linux desktops).
    QList<QKeySequence> preferences = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (!preferences.contains(QKeySequence(tr("Ctrl+,")))) {
        preferences.append(QKeySequence(tr("Ctrl+,")));
    }
    m_settingsAction->setShortcuts(preferences);
    m_settingsAction->setToolTip(tr("Download folder, limits, connections, proxy, tray"));
    connect(m_settingsAction, &QAction::triggered, this, &MainWindow::handleSettings);
    addActions({m_addAction, m_settingsAction});

    auto* toolbar = addToolBar(tr("Main"));
    m_toolbar = toolbar;
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setIconSize(QSize(22, 22));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    new ToolBarFitter(toolbar); // icons only when the text would push Settings off
    toolbar->addAction(m_addAction);
    toolbar->addSeparator();
    toolbar->addAction(m_actions->start());
    toolbar->addAction(m_actions->pause());
    toolbar->addAction(m_actions->cancel());
    toolbar->addSeparator();
    toolbar->addAction(m_actions->remove());
    toolbar->addAction(m_actions->details());
    auto* spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addAction(m_settingsAction);
}

void MainWindow::createMenus()
{
    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::requestQuit);
    addAction(m_quitAction);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_addAction);
    m_listImport = new ListImport(m_model, m_page, this);
    connect(m_listImport, &ListImport::urlsImported, this,
            [this](const QStringList& urls, const QString& note) { offerUrls(urls, note, true); });
    file->addAction(m_listImport->importAction());
    file->addAction(m_listImport->exportAction());
    file->addSeparator();
    file->addAction(m_settingsAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* downloads = menuBar()->addMenu(tr("&Downloads"));
    downloads->setObjectName(QStringLiteral("downloadsMenu"));
    downloads->addAction(m_actions->start());
    downloads->addAction(m_actions->forceStart());
    downloads->addAction(m_actions->pause());
    downloads->addAction(m_actions->cancel());
    downloads->addAction(m_actions->remove());
    downloads->addAction(m_actions->removeAndDelete());
    downloads->addSeparator();
    downloads->addAction(m_actions->moveUp());
    downloads->addAction(m_actions->moveDown());
    downloads->addAction(m_actions->speedLimit());
    downloads->addAction(m_actions->changeUrl());
    downloads->addSeparator();
    downloads->addAction(m_actions->startAllAction());
    downloads->addAction(m_actions->pauseAllAction());
    downloads->addAction(m_actions->retryFailedAction());
    downloads->addAction(m_actions->clearCompletedAction());
    connect(downloads, &QMenu::aboutToShow, m_actions, &TransferActions::updateActions);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_actions->details());
    m_toolsMenu = menuBar()->addMenu(tr("&Tools"));
    m_toolsMenu->setObjectName(QStringLiteral("toolsMenu"));
    m_toolsMenu->menuAction()->setVisible(false); // until a tool page is added
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(m_tabNavigator->nextTab());
    m_viewMenu->addAction(m_tabNavigator->previousTab());
    m_viewMenu->addAction(m_tabNavigator->closeTab());
    m_viewMenu->addAction(m_tabNavigator->closeAllDetailTabs());
    m_viewMenu->addSeparator();
}

void MainWindow::createTray()
{
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        return;
    }
    m_tray = new TrayController(this);
    m_tray->setNotificationsEnabled(m_settings.notify);
    connect(m_tray, &TrayController::showHideRequested, this, &MainWindow::toggleVisible);
    connect(m_tray, &TrayController::pauseAllRequested, this, &MainWindow::pauseAll);
    connect(m_tray, &TrayController::resumeAllRequested, this, &MainWindow::resumeAll);
    connect(m_tray, &TrayController::quitRequested, this, &MainWindow::requestQuit);
    connect(m_client, &EngineClient::eventsArrived, this, &MainWindow::handleEventsForTray);
}

void MainWindow::createStatusBar()
{
    m_notice = new QLabel(this);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setContentsMargins(4, 0, 0, 0);
    m_counts = new QLabel(this);
    m_speed = new QLabel(this);
    m_speed->setMinimumWidth(m_speed->fontMetrics().horizontalAdvance(
        QStringLiteral("↓ ") + humanformat::speed(999.9 * 1024 * 1024)));
    m_speed->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    statusBar()->addWidget(m_notice, 1);
    statusBar()->addPermanentWidget(m_counts);
    statusBar()->addPermanentWidget(m_speed);
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometryOnScreen(this, settings.value(QLatin1String(kGeometryKey)).toByteArray());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
    settings.remove(QLatin1String(kHeaderKey));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_tray && m_tray->isVisible() && m_settings.closeToTray) {
        hide();
        m_tray->setWindowVisible(false);
        event->ignore();
        return;
    }
    // Only a close the user asked for (the window's close button); QApplication::quit() and
    // SIGTERM close the window too, and those were asked already or must not ask.
    if (event->spontaneous() && !confirmQuit()) {
        event->ignore();
        return;
    }
    saveSettings();
    QMainWindow::closeEvent(event);
}

bool MainWindow::confirmQuit()
{
    const TransferListModel::Counts c = m_model->counts();
    const int running = c.active + c.queued;
    if (running == 0) {
        return true;
    }
    ConfirmDialog::Question question;
    question.title = tr("Quit Haul");
    question.text = running == 1
                        ? tr("A download is still running or queued. Quit anyway?")
                        : tr("%1 downloads are still running or queued. Quit anyway?").arg(running);
    question.informative = tr("They stop, keeping their bytes, and continue when Haul starts "
                              "again.");
    question.acceptText = tr("Quit");
    question.settingsKey = AppSettings::confirmQuitKey();
    return ConfirmDialog::ask(this, question);
}

bool MainWindow::requestQuit()
{
    if (!confirmQuit()) {
        return false;
    }
    QApplication::quit();
    return true;
}

void MainWindow::toggleVisible()
{
    if (isVisible() && !isMinimized()) {
        hide();
    } else {
        showNormal();
        raise();
        activateWindow();
    }
    if (m_tray) {
        m_tray->setWindowVisible(isVisible());
    }
}

void MainWindow::setDefaultDirectory(const QString& directory)
{
    m_defaultDirectory = directory;
}

void MainWindow::setNotice(const QString& text)
{
    m_notice->setText(text);
}

void MainWindow::applySettings(const AppSettings& settings)
{
    if (settings.theme != m_settings.theme) {
        applyTheme(settings.theme);
    }
    m_settings = settings;
    m_settings.save();
    if (!settings.directory.isEmpty()) {
        m_defaultDirectory = settings.directory;
    }
    if (m_tray) {
        m_tray->setNotificationsEnabled(settings.notify);
    }
    m_page->setCategories(settings.categories);
    m_clipboard->setExtensions(settings.watchedExtensions());
    m_clipboard->setEnabled(settings.clipboardMonitor);
    EngineClient::LiveOptions live;
    live.maxConcurrent = settings.maxConcurrent;
    live.connectionsPerDownload = settings.connectionsPerDownload;
    m_scheduleDriver->setNormalSpeedLimitKiB(settings.speedLimitKiB);
    m_scheduler->setSettings(settings.schedule);
    live.rateLimitBytesPerSec =
        static_cast<qint64>(m_scheduler->speedLimitKiB(settings.speedLimitKiB)) * 1024;
    live.retries = settings.retries;
    live.maxFileSizeBytes = static_cast<qint64>(settings.maxFileSizeMiB) * 1024 * 1024;
    live.proxy = settings.proxy;
    const QStringList notApplied = m_client->applyLiveOptions(live);
    setNotice(
        notApplied.isEmpty()
            ? tr("Settings saved and applied.")
            : tr("Settings saved. Not applied: %1.").arg(notApplied.join(QStringLiteral(", "))));
}

void MainWindow::handleUrlsFromOtherInstance(const QStringList& urls)
{
    if (!urls.isEmpty()) {
        AddOptions options;
        options.byCategory = true;
        addDownloads(urls, m_defaultDirectory, options);
        m_tabs->setCurrentWidget(m_page);
    }
    showNormal();
    raise();
    activateWindow();
}

void MainWindow::offerUrlsFromOtherInstance(const QStringList& urls)
{
    if (urls.isEmpty() || m_settings.startHandedOver) {
        handleUrlsFromOtherInstance(urls);
        return;
    }
    m_tabs->setCurrentWidget(m_page);
    showNormal();
    raise();
    activateWindow();
    offerUrls(urls,
              tr("Another program asked Haul to download these. Check them, then choose "
                 "Download; nothing starts before you do."),
              true);
}

void MainWindow::offerUrls(const QStringList& urls, const QString& note, bool activate)
{
    if (m_handOverDialog) {
        m_handOverDialog->appendUrls(urls);
        if (activate) {
            m_handOverDialog->raise();
            m_handOverDialog->activateWindow();
        }
        return;
    }
    auto* dialog = new AddDownloadsDialog(this);
    dialog->setObjectName(QStringLiteral("handOverDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setNote(note);
    dialog->setUrls(urls);
    dialog->setDirectory(m_defaultDirectory);
    dialog->setConnections(m_settings.connectionsPerDownload);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { addFromDialog(*dialog); });
    m_handOverDialog = dialog;
    if (activate) {
        // Window-modal but not exec(): the event loop goes on (downloads, more hand-overs).
        dialog->open();
    } else {
        // Offered, not imposed: the user may be typing elsewhere (another dialog of Haul's,
        // another program); the dialog waits beside the window without the focus.
        dialog->setAttribute(Qt::WA_ShowWithoutActivating);
        dialog->show();
    }
}

AddDownloadsDialog* MainWindow::handOverDialog() const
{
    return m_handOverDialog;
}

QList<engine::TransferId> MainWindow::addDownloads(const QStringList& urls,
                                                   const QString& directory)
{
    return addDownloads(urls, directory, AddOptions{});
}

QList<engine::TransferId> MainWindow::addDownloads(const QStringList& urls,
                                                   const QString& directory,
                                                   const AddOptions& options)
{
    QList<engine::TransferId> ids;
    QStringList errors;
    if (!directory.isEmpty() && !QDir().mkpath(directory)) {
        errors.append(tr("<p>The folder %1 cannot be created; choose another one.</p>")
                          .arg(QDir::toNativeSeparators(directory).toHtmlEscaped()));
    } else {
        for (const QString& url : urls) {
            QString target = directory;
            if (options.byCategory && m_settings.categoryFolders) {
                target = m_settings.categories.folderFor(url.trimmed(), directory);
                if (target != directory && !QDir().mkpath(target)) {
                    errors.append(QStringLiteral("<p><b>%1</b><br>%2</p>")
                                      .arg(url.toHtmlEscaped(),
                                           tr("The category's folder %1 cannot be created.")
                                               .arg(QDir::toNativeSeparators(target))
                                               .toHtmlEscaped()));
                    continue;
                }
            }
            engine::TransferRequest request;
            request.url = url.trimmed().toStdString();
            request.directory = target.isEmpty() ? std::string(".") : target.toStdString();
            request.connections = options.connections;
            request.checksum = options.checksum.trimmed().toStdString();
            request.allowInsecureTls = options.allowInsecureTls;
            request.allowHttpsToHttpRedirect = options.allowHttpsToHttpRedirect;
            for (const QString& header : options.headers) {
                request.headers.push_back(header.toStdString());
            }
            QString error;
            const engine::TransferId id = m_client->add(request, &error);
            if (id == 0) {
                errors.append(QStringLiteral("<p><b>%1</b><br>%2</p>")
                                  .arg(url.toHtmlEscaped(), error.toHtmlEscaped()));
                continue;
            }
            m_model->setRequestAt(m_model->rowOf(id), request);
            if (options.start) {
                m_client->start(id);
            } else {
                m_model->markPausedAt(m_model->rowOf(id));
            }
            ids.append(id);
        }
    }
    if (!errors.isEmpty()) {
        auto* box = new QMessageBox(
            QMessageBox::Warning, tr("Haul"),
            errors.size() >= urls.size()
                ? (urls.size() <= 1 ? tr("The download was not added.")
                                    : tr("No download was added."))
                : tr("%1 of %2 downloads were not added.").arg(errors.size()).arg(urls.size()),
            QMessageBox::Ok, this);
        box->setTextFormat(Qt::PlainText);
        box->setInformativeText(errors.join(QString()));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open(); // non-blocking: queued events keep flowing into the list
    }
    return ids;
}

DetailTab* MainWindow::openDetails(engine::TransferId id, bool show)
{
    if (!m_model->contains(id)) {
        return nullptr;
    }
    for (DetailTab* open : detailTabs()) {
        if (open->id() == id) {
            if (show) {
                m_tabs->setCurrentWidget(open);
            }
            return open;
        }
    }
    auto* tab = new DetailTab(m_client, m_model, m_history, m_events, id, m_tabs);
    const int index =
        m_tabs->addTab(tab, icon("details"), DetailTabs::tabText(tab->title(), m_tabs));
    m_tabs->setTabToolTip(index, tab->title());
    if (show) {
        m_tabs->setCurrentIndex(index);
    }
    connect(tab, &DetailTab::titleChanged, this, [this, tab](const QString& title) {
        const int at = m_tabs->indexOf(tab);
        if (at >= 0) {
            m_tabs->setTabText(at, DetailTabs::tabText(title, m_tabs));
            m_tabs->setTabToolTip(at, title);
        }
    });
    connect(tab, &DetailTab::cancelRequested, this, [this](engine::TransferId cancelled) {
        m_actions->cancelRow(m_model->rowOf(cancelled));
    });
    m_tabNavigator->updateActions();
    return tab;
}

void MainWindow::closeAllDetailTabs()
{
    for (DetailTab* tab : detailTabs()) {
        closeTab(tab);
    }
}

bool MainWindow::closeTab(QWidget* tab)
{
    const int index = tab ? m_tabs->indexOf(tab) : -1;
    if (index < 0 || tab == m_page) {
        return false;
    }
    // Disconnect first: from here on nothing reaches the tab, even events already queued in
    // this batch; deleteLater because the close may come from inside one of its own slots.
    if (auto* detail = qobject_cast<DetailTab*>(tab)) {
        detail->prepareClose();
    }
    m_tabs->removeTab(index);
    tab->deleteLater();
    m_tabNavigator->updateActions();
    return true;
}

QList<DetailTab*> MainWindow::detailTabs() const
{
    QList<DetailTab*> tabs;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (auto* tab = qobject_cast<DetailTab*>(m_tabs->widget(i))) {
            tabs.append(tab);
        }
    }
    return tabs;
}

void MainWindow::addToolPage(const QString& name, const QIcon& icon, const QString& title,
                             const QString& toolTip, PageFactory factory)
{
    const bool known = std::any_of(m_toolPages.begin(), m_toolPages.end(),
                                   [&name](const ToolPage& page) { return page.name == name; });
    if (known || !factory) {
        return;
    }
    m_toolPages.push_back({name, title, icon, std::move(factory), {}});
    auto* action = new QAction(icon, title, this);
    action->setObjectName(name + QStringLiteral("Action"));
    action->setToolTip(toolTip);
    connect(action, &QAction::triggered, this, [this, name] { openToolPage(name); });
    addAction(action);
    m_toolsMenu->addAction(action);
    m_toolsMenu->menuAction()->setVisible(true);
}

QWidget* MainWindow::openToolPage(const QString& name)
{
    const auto it = std::find_if(m_toolPages.begin(), m_toolPages.end(),
                                 [&name](const ToolPage& page) { return page.name == name; });
    if (it == m_toolPages.end()) {
        return nullptr;
    }
    if (!it->page) {
        it->page = it->factory(m_tabs);
        if (!it->page) {
            return nullptr;
        }
        m_tabs->addTab(it->page, it->icon, it->title);
    }
    m_tabs->setCurrentWidget(it->page);
    return it->page;
}

void MainWindow::pauseAll()
{
    m_actions->pauseAll();
}

void MainWindow::resumeAll()
{
    m_actions->resumeAll();
}

void MainWindow::removeTransfer(engine::TransferId id)
{
    m_actions->removeTransfer(id);
}

void MainWindow::handleAdd()
{
    AddDownloadsDialog dialog(this);
    dialog.setDirectory(m_defaultDirectory);
    dialog.setConnections(m_settings.addConnections > 0 ? m_settings.addConnections
                                                        : m_settings.connectionsPerDownload);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    addFromDialog(dialog);
}

void MainWindow::addFromDialog(const AddDownloadsDialog& dialog)
{
    AddOptions options;
    options.connections = dialog.connections();
    options.checksum = dialog.checksum();
    options.start = dialog.startNow();
    options.allowInsecureTls = dialog.allowInsecureTls();
    options.allowHttpsToHttpRedirect = dialog.allowHttpsToHttpRedirect();
    options.headers = dialog.headers();
    const QString dir = QDir::fromNativeSeparators(dialog.directory());
    // The folder the dialog was opened with: the user chose none, the categories decide.
    options.byCategory = dir == m_defaultDirectory;
    // The folder is for this add only unless the user ticked "use for later downloads too".
    if (dialog.useAsDefaultFolder() && dir != m_defaultDirectory) {
        m_defaultDirectory = dir;
        m_settings.directory = dir;
        QSettings().setValue(QLatin1String(kDirectoryKey), dir);
    }
    // The next Add dialog offers the connections chosen now.
    if (m_settings.addConnections != options.connections) {
        m_settings.addConnections = options.connections;
        AppSettings saved = AppSettings::load();
        saved.addConnections = options.connections;
        saved.save();
    }
    addDownloads(dialog.urls(), dir, options);
}

void MainWindow::handleSettings()
{
    AppSettings current = m_settings;
    current.directory = m_defaultDirectory;
    // "Don't ask again" in a question writes QSettings directly.
    const AppSettings stored = AppSettings::load();
    current.confirmRemove = stored.confirmRemove;
    current.confirmQuit = stored.confirmQuit;
    SettingsDialog dialog(current, m_tray != nullptr, this);
    if (dialog.exec() == QDialog::Accepted) {
        applySettings(dialog.settings());
    }
}

void MainWindow::handleEventsForTray(const QList<haul::engine::Event>& events)
{
    if (!m_tray) {
        return;
    }
    for (const engine::Event& event : events) {
        if (event.type != engine::Completed && event.type != engine::Failed) {
            continue;
        }
        const int row = m_model->rowOf(event.id);
        if (row >= 0) {
            m_tray->notifyFinished(
                m_model->index(row, 0).data(TransferListModel::NameRole).toString(),
                event.type == engine::Completed);
        }
    }
}

void MainWindow::updateStatus()
{
    const TransferListModel::Counts c = m_model->counts();
    // Every row is counted once: the parts add up to the total.
    QStringList parts;
    parts << tr("%1 downloading").arg(c.active) << tr("%1 queued").arg(c.queued);
    if (c.paused > 0) {
        parts << tr("%1 paused").arg(c.paused);
    }
    if (c.failed > 0) {
        parts << tr("%1 failed").arg(c.failed);
    }
    if (c.cancelled > 0) {
        parts << tr("%1 cancelled").arg(c.cancelled);
    }
    parts << tr("%1 done").arg(c.completed);
    m_counts->setText(parts.join(QStringLiteral("  ·  ")));
    m_counts->setToolTip(tr("%1 downloads in the list").arg(m_model->rowCount()));
    const QString speed = QStringLiteral("↓ %1").arg(
        c.speed > 0 ? humanformat::speed(c.speed) : tr("%1/s").arg(humanformat::size(0)));
    m_speed->setText(speed);
    if (m_tray) {
        m_tray->setToolTip(
            TrayController::summaryText(c.active, c.queued, c.activeBytes, c.activeTotal, c.speed));
    }
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasText()) {
        event->acceptProposedAction();
    }
}

void MainWindow::dropEvent(QDropEvent* event)
{
    QStringList urls;
    const QMimeData* mime = event->mimeData();
    if (mime->hasUrls()) {
        for (const QUrl& url : mime->urls()) {
            if (!url.isLocalFile()) {
                urls.append(url.toString());
            }
        }
    } else {
        for (const QString& line : AddDownloadsDialog::parseUrls(mime->text())) {
            urls.append(UserUrl::complete(line)); // dropped text, as if typed
        }
    }
    if (!urls.isEmpty()) {
        event->acceptProposedAction();
        AddOptions options;
        options.byCategory = true;
        addDownloads(urls, m_defaultDirectory, options);
    }
}

} // namespace haul::ui
