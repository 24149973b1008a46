// SPDX-License-Identifier: MIT
#include "mainwindow.h"

#include "adddownloadsdialog.h"
#include "celldelegate.h"
#include "engineclient.h"
#include "humanformat.h"
#include "progressdelegate.h"
#include "transferlistmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QUrl>
#include <QVBoxLayout>

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
constexpr auto kHeaderKey = "mainWindow/headerState";
constexpr auto kDirectoryKey = "downloads/directory";

bool isActive(State s)
{
    return s == State::Queued || s == State::Connecting || s == State::Retrying
           || s == State::Downloading;
}

bool isResumable(State s)
{
    return s == State::Paused || s == State::Cancelled || s == State::Failed;
}

} // namespace

MainWindow::MainWindow(EngineClient* client, QWidget* parent)
    : QMainWindow(parent), m_client(client), m_model(new TransferListModel(client, this)),
      m_proxy(new QSortFilterProxyModel(this))
{
    initHaulResources();
    setWindowTitle(tr("Haul"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/haul.svg")));
    setAcceptDrops(true);
    resize(1000, 620);

    m_defaultDirectory = QStandardPaths::writableLocation(QStandardPaths::DownloadLocation);
    if (m_defaultDirectory.isEmpty()) {
        m_defaultDirectory = QDir::homePath();
    }

    createActions();
    createView();
    createStatusBar();
    restoreSettings();

    connect(m_model, &TransferListModel::countsChanged, this, &MainWindow::updateStatus);
    connect(m_model, &TransferListModel::countsChanged, this, &MainWindow::updateActions);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    auto make = [this](const QString& text, const QString& icon, const QKeySequence& key,
                       const QString& tip, void (MainWindow::*slot)()) {
        auto* action = new QAction(QIcon(QStringLiteral(":/icons/%1.svg").arg(icon)), text, this);
        if (!key.isEmpty()) {
            action->setShortcut(key);
            action->setToolTip(
                QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        } else {
            action->setToolTip(tip);
        }
        connect(action, &QAction::triggered, this, slot);
        addAction(action); // shortcuts work even while the toolbar is hidden
        return action;
    };
    m_addAction = make(tr("Add"), QStringLiteral("add"), QKeySequence::New, tr("Add downloads"),
                       &MainWindow::handleAdd);
    m_startAction = make(tr("Resume"), QStringLiteral("start"), QKeySequence(tr("Ctrl+R")),
                         tr("Start or resume the selected downloads"), &MainWindow::handleStart);
    m_pauseAction = make(tr("Pause"), QStringLiteral("pause"), QKeySequence(tr("Ctrl+P")),
                         tr("Pause the selected downloads"), &MainWindow::handlePause);
    m_cancelAction = make(tr("Cancel"), QStringLiteral("cancel"), QKeySequence(),
                          tr("Cancel the selected downloads (partial files are kept)"),
                          &MainWindow::handleCancel);
    m_removeAction = make(tr("Remove"), QStringLiteral("remove"), QKeySequence::Delete,
                          tr("Remove the selected downloads from the list (files stay on disk)"),
                          &MainWindow::handleRemove);
    m_toggleAction =
        make(tr("Pause or Resume"), QStringLiteral("pause"), QKeySequence(Qt::Key_Space),
             tr("Pause running downloads or resume stopped ones"), &MainWindow::handleToggle);
    m_openFileAction = make(tr("Open File"), QStringLiteral("file"), QKeySequence(),
                            tr("Open the downloaded file"), &MainWindow::handleOpenFile);
    m_openFolderAction =
        make(tr("Open Containing Folder"), QStringLiteral("folder"), QKeySequence(),
             tr("Show the folder the file was saved to"), &MainWindow::handleOpenFolder);
    m_copyUrlAction =
        make(tr("Copy URL"), QStringLiteral("link"), QKeySequence(),
             tr("Copy the address of the selected downloads"), &MainWindow::handleCopyUrl);

    auto* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolBar"));
    toolbar->setMovable(false);
    toolbar->setIconSize(QSize(22, 22));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_addAction);
    toolbar->addSeparator();
    toolbar->addAction(m_startAction);
    toolbar->addAction(m_pauseAction);
    toolbar->addAction(m_cancelAction);
    toolbar->addSeparator();
    toolbar->addAction(m_removeAction);

    m_contextMenu = new QMenu(this);
    m_contextMenu->addAction(m_startAction);
    m_contextMenu->addAction(m_pauseAction);
    m_contextMenu->addAction(m_cancelAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_openFileAction);
    m_contextMenu->addAction(m_openFolderAction);
    m_contextMenu->addAction(m_copyUrlAction);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_removeAction);
}

void MainWindow::createView()
{
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(TransferListModel::SortRole);
    m_proxy->setDynamicSortFilter(true);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("transferView"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new CellDelegate(m_view));
    m_view->setItemDelegateForColumn(TransferListModel::ProgressColumn,
                                     new ProgressDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(
        std::max(28, m_view->fontMetrics().height() + 12));
    m_view->setSortingEnabled(true);

    QHeaderView* header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    // Titles line up with the cells' text, which CellDelegate insets.
    header->setStyleSheet(
        QStringLiteral("QHeaderView::section { padding-left: %1px; padding-right: %1px; }")
            .arg(CellDelegate::kHorizontalPadding - 1));
    header->setSortIndicatorClearable(true);
    header->setSortIndicator(-1, Qt::AscendingOrder); // insertion order until the user sorts
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(60);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(TransferListModel::NameColumn, QHeaderView::Stretch);
    header->resizeSection(TransferListModel::SizeColumn, 90);
    header->resizeSection(TransferListModel::ProgressColumn, 190);
    header->resizeSection(TransferListModel::SpeedColumn, 100);
    header->resizeSection(TransferListModel::EtaColumn, 100);
    header->resizeSection(TransferListModel::StateColumn, 120);

    // An empty list explains itself instead of showing a blank grid.
    m_placeholder =
        new QLabel(tr("<p style='font-size:large'>No downloads yet</p>"
                      "<p>Press <b>%1</b> or drop links here to add some.</p>")
                       .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)),
                   m_view->viewport());
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    auto* overlay = new QVBoxLayout(m_view->viewport());
    overlay->addWidget(m_placeholder);

    connect(m_view, &QWidget::customContextMenuRequested, this, &MainWindow::handleContextMenu);
    connect(m_view, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        const auto id = index.data(TransferListModel::IdRole).toULongLong();
        if (m_model->stateOf(id) == State::Completed) {
            handleOpenFolder();
        } else {
            handleToggle();
        }
    });
    setCentralWidget(m_view);
}

void MainWindow::createStatusBar()
{
    m_notice = new QLabel(this);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setContentsMargins(4, 0, 0, 0);
    m_counts = new QLabel(this);
    m_speed = new QLabel(this);
    m_speed->setMinimumWidth(
        m_speed->fontMetrics().horizontalAdvance(QStringLiteral("↓ 999.9 MiB/s")));
    m_speed->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    statusBar()->addWidget(m_notice, 1);
    statusBar()->addPermanentWidget(m_counts);
    statusBar()->addPermanentWidget(m_speed);
}

void MainWindow::restoreSettings()
{
    const QSettings settings;
    restoreGeometry(settings.value(QLatin1String(kGeometryKey)).toByteArray());
    const QByteArray headerState = settings.value(QLatin1String(kHeaderKey)).toByteArray();
    if (!headerState.isEmpty()) {
        m_view->horizontalHeader()->restoreState(headerState);
    }
    const QString dir = settings.value(QLatin1String(kDirectoryKey)).toString();
    if (!dir.isEmpty()) {
        m_defaultDirectory = dir;
    }
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QLatin1String(kGeometryKey), saveGeometry());
    settings.setValue(QLatin1String(kHeaderKey), m_view->horizontalHeader()->saveState());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveSettings();
    QMainWindow::closeEvent(event);
}

void MainWindow::setDefaultDirectory(const QString& directory)
{
    m_defaultDirectory = directory;
}

void MainWindow::setNotice(const QString& text)
{
    m_notice->setText(text);
}

QList<engine::TransferId> MainWindow::addDownloads(const QStringList& urls,
                                                   const QString& directory)
{
    QList<engine::TransferId> ids;
    QStringList errors;
    if (!directory.isEmpty() && !QDir().mkpath(directory)) {
        errors.append(tr("<p>The folder %1 cannot be created; choose another one.</p>")
                          .arg(QDir::toNativeSeparators(directory).toHtmlEscaped()));
    } else {
        for (const QString& url : urls) {
            QString error;
            const engine::TransferId id = m_client->add(url, directory, {}, &error);
            if (id == 0) {
                errors.append(QStringLiteral("<p><b>%1</b><br>%2</p>")
                                  .arg(url.toHtmlEscaped(), error.toHtmlEscaped()));
                continue;
            }
            m_client->start(id);
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

QList<engine::TransferId> MainWindow::selectedIds() const
{
    QList<engine::TransferId> ids;
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    ids.reserve(rows.size());
    for (const QModelIndex& index : rows) {
        ids.append(index.data(TransferListModel::IdRole).toULongLong());
    }
    return ids;
}

void MainWindow::handleAdd()
{
    AddDownloadsDialog dialog(this);
    dialog.setDirectory(m_defaultDirectory);
    if (dialog.exec() != QDialog::Accepted) {
        return;
    }
    const QString dir = QDir::fromNativeSeparators(dialog.directory());
    if (dir != m_defaultDirectory) {
        m_defaultDirectory = dir;
        QSettings().setValue(QLatin1String(kDirectoryKey), dir);
    }
    addDownloads(dialog.urls(), dir);
}

void MainWindow::handleStart()
{
    for (const engine::TransferId id : selectedIds()) {
        if (isResumable(m_model->stateOf(id))) {
            m_client->start(id);
        }
    }
}

void MainWindow::handlePause()
{
    for (const engine::TransferId id : selectedIds()) {
        if (isActive(m_model->stateOf(id))) {
            m_client->pause(id);
        }
    }
}

void MainWindow::handleToggle()
{
    const auto ids = selectedIds();
    const bool anyActive = std::any_of(ids.begin(), ids.end(), [this](engine::TransferId id) {
        return isActive(m_model->stateOf(id));
    });
    anyActive ? handlePause() : handleStart();
}

void MainWindow::handleCancel()
{
    for (const engine::TransferId id : selectedIds()) {
        m_client->cancel(id);
    }
}

void MainWindow::handleRemove()
{
    // The model ignores events for ids it no longer has, so the row may go at once; close()
    // cancels a pending operation and the .part stays on disk for a later resume.
    for (const engine::TransferId id : selectedIds()) {
        m_client->close(id);
        m_model->removeTransfer(id);
    }
}

void MainWindow::handleOpenFile()
{
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows()) {
        const auto id = index.data(TransferListModel::IdRole).toULongLong();
        const QString path = index.data(TransferListModel::PathRole).toString();
        if (m_model->stateOf(id) != State::Completed) {
            continue;
        }
        if (!path.isEmpty()) {
            QDesktopServices::openUrl(QUrl::fromLocalFile(path));
        }
    }
}

void MainWindow::handleOpenFolder()
{
    const auto ids = selectedIds();
    if (ids.isEmpty()) {
        return;
    }
    const QModelIndex index = m_model->index(m_model->rowOf(ids.first()), 0);
    QString path = index.data(TransferListModel::PathRole).toString();
    path = path.isEmpty() ? index.data(TransferListModel::DirectoryRole).toString()
                          : QFileInfo(path).absolutePath();
    if (!path.isEmpty()) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    }
}

void MainWindow::handleCopyUrl()
{
    QStringList urls;
    for (const engine::TransferId id : selectedIds()) {
        urls.append(
            m_model->index(m_model->rowOf(id), 0).data(TransferListModel::UrlRole).toString());
    }
    if (!urls.isEmpty()) {
        QApplication::clipboard()->setText(urls.join(QLatin1Char('\n')));
    }
}

void MainWindow::handleContextMenu(const QPoint& pos)
{
    if (!m_view->indexAt(pos).isValid()) {
        return;
    }
    updateActions();
    m_contextMenu->popup(m_view->viewport()->mapToGlobal(pos));
}

void MainWindow::updateActions()
{
    bool anyResumable = false;
    bool anyActive = false;
    bool anyCancellable = false;
    bool anyCompleted = false;
    const auto ids = selectedIds();
    for (const engine::TransferId id : ids) {
        const State s = m_model->stateOf(id);
        anyResumable |= isResumable(s);
        anyActive |= isActive(s);
        anyCancellable |= isActive(s) || s == State::Paused;
        anyCompleted |= s == State::Completed;
    }
    m_startAction->setEnabled(anyResumable);
    m_pauseAction->setEnabled(anyActive);
    m_toggleAction->setEnabled(anyActive || anyResumable);
    m_cancelAction->setEnabled(anyCancellable);
    m_removeAction->setEnabled(!ids.isEmpty());
    m_openFileAction->setEnabled(anyCompleted);
    m_openFolderAction->setEnabled(!ids.isEmpty());
    m_copyUrlAction->setEnabled(!ids.isEmpty());
}

void MainWindow::updateStatus()
{
    const TransferListModel::Counts c = m_model->counts();
    QStringList parts;
    parts << tr("%1 active").arg(c.active) << tr("%1 queued").arg(c.queued);
    if (c.paused > 0) {
        parts << tr("%1 paused").arg(c.paused);
    }
    parts << tr("%1 completed").arg(c.completed) << tr("%1 failed").arg(c.failed);
    m_counts->setText(parts.join(QStringLiteral("  ·  ")));
    m_speed->setText(c.speed > 0 ? QStringLiteral("↓ %1").arg(humanformat::speed(c.speed))
                                 : QStringLiteral("↓ 0 B/s"));
    m_placeholder->setVisible(m_model->rowCount() == 0);
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
        urls = AddDownloadsDialog::parseUrls(mime->text());
    }
    if (!urls.isEmpty()) {
        event->acceptProposedAction();
        addDownloads(urls, m_defaultDirectory);
    }
}

} // namespace haul::ui
