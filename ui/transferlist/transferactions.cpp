// SPDX-License-Identifier: MIT
#include "transferlist/transferactions.h"

#include "appsettings.h"
#include "dialogs/confirmdialog.h"
#include "engineclient.h"
#include "themedicon.h"
#include "transferlist/downloadspage.h"
#include "transferlist/transferfilterproxy.h"
#include "transferlist/transferlistmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QIcon>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QPersistentModelIndex>
#include <QSpinBox>
#include <QTableView>
#include <QUrl>

#include <algorithm>

namespace haul::ui {

namespace {

using State = TransferListModel::State;

bool canChangeUrl(State s)
{
    return s == State::Paused || s == State::Failed || s == State::Cancelled;
}

bool canCancel(State s)
{
    return TransferListModel::isActive(s) || s == State::Paused;
}

// At most this many file names in a question; the rest are counted.
constexpr int kNamesShown = 8;

} // namespace

TransferActions::TransferActions(EngineClient* client, TransferListModel* model,
                                 DownloadsPage* page, QWidget* window)
    : QObject(window), m_client(client), m_model(model), m_page(page), m_window(window)
{
    auto make = [this, window](const QString& text, const char* icon, const QKeySequence& key,
                               const QString& tip, auto slot) {
        auto* action = new QAction(text, this);
        if (icon) {
            action->setIcon(themedIcon(icon));
        }
        if (!key.isEmpty()) {
            action->setShortcut(key);
            action->setToolTip(
                QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        } else {
            action->setToolTip(tip);
        }
        connect(action, &QAction::triggered, this, slot);
        window->addAction(action); // shortcuts work even while the toolbar is hidden
        return action;
    };
    m_start = make(tr("Resume"), "start", QKeySequence(tr("Ctrl+R")),
                   tr("Start or resume the selected downloads"), &TransferActions::handleStart);
    m_pause = make(tr("Pause"), "pause", QKeySequence(tr("Ctrl+P")),
                   tr("Pause: stops, keeps the downloaded bytes to resume later"),
                   &TransferActions::handlePause);
    m_cancel = make(tr("Cancel"), "cancel", QKeySequence(tr("Ctrl+Shift+X")),
                    tr("Cancel: stops for good and deletes the partial file; Restart downloads "
                       "it again from the start"),
                    &TransferActions::handleCancel);
    m_remove = make(tr("Remove"), "remove", QKeySequence::Delete,
                    tr("Remove the selected downloads from the list (files stay on disk)"),
                    [this] { handleRemove(false); });
    m_removeDelete =
        make(tr("Remove and Delete Files"), "remove", QKeySequence(tr("Shift+Del")),
             tr("Remove the selected downloads and delete their files (a partial .part too)"),
             [this] { handleRemove(true); });
    m_toggle =
        make(tr("Pause or Resume"), "pause", QKeySequence(Qt::Key_Space),
             tr("Pause running downloads or resume stopped ones"), &TransferActions::handleToggle);
    m_details = make(tr("Details"), "details", QKeySequence(tr("Ctrl+I")),
                     tr("Open a tab with the speed graph and the event trace"), [this] {
                         for (const int row : selectedRows()) {
                             showDetails(row);
                         }
                     });
    m_moveUp = make(tr("Move Up"), "up", QKeySequence(tr("Ctrl+Up")),
                    tr("Start the selected queued download sooner"), [this] { handleMove(-1); });
    m_moveDown = make(tr("Move Down"), "down", QKeySequence(tr("Ctrl+Down")),
                      tr("Start the selected queued download later"), [this] { handleMove(1); });
    m_speedLimit =
        make(tr("Speed Limit…"), "speed", QKeySequence(),
             tr("Limit the speed of the selected downloads"), &TransferActions::handleSpeedLimit);
    m_changeUrl = make(tr("Change Address…"), nullptr, QKeySequence(),
                       tr("Give a stopped download a new address (an expired link, a mirror); "
                          "the bytes on disk are kept when the server has the same file"),
                       &TransferActions::handleChangeUrl);
    m_startAll = make(tr("Start All"), "startall", QKeySequence(tr("Ctrl+Shift+R")),
                      tr("Resume every paused download"), &TransferActions::resumeAll);
    m_pauseAll = make(tr("Pause All"), "pause", QKeySequence(tr("Ctrl+Shift+P")),
                      tr("Pause every running or queued download"), &TransferActions::pauseAll);
    m_forceStart = make(tr("Force Start"), nullptr, QKeySequence(),
                        tr("Start the selected downloads now, even when \"Downloads at once\" "
                           "are already running; they do not count against it until they end"),
                        [this] {
                            for (const int row : selectedRows()) {
                                forceStartRow(row);
                            }
                        });
    m_retryFailed = make(tr("Retry All Failed"), nullptr, QKeySequence(),
                         tr("Start every failed download again, from the bytes it has"),
                         [this] { retryAllFailed(); });
    m_clearCompleted =
        make(tr("Clear Completed"), nullptr, QKeySequence(),
             tr("Remove finished downloads from the list (their files stay on disk)"),
             [this] { clearCompleted(); });
    m_openFile = make(tr("Open File"), "file", QKeySequence(), tr("Open the downloaded file"),
                      &TransferActions::handleOpenFile);
    m_openFolder =
        make(tr("Open Containing Folder"), "folder", QKeySequence(),
             tr("Show the folder the file was saved to"), &TransferActions::handleOpenFolder);
    m_copyUrl =
        make(tr("Copy URL"), "link", QKeySequence(),
             tr("Copy the address of the selected downloads"), &TransferActions::handleCopyUrl);

    m_contextMenu = new QMenu(window);
    m_contextMenu->addAction(m_details);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_start);
    m_contextMenu->addAction(m_forceStart);
    m_contextMenu->addAction(m_pause);
    m_contextMenu->addAction(m_cancel);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_moveUp);
    m_contextMenu->addAction(m_moveDown);
    m_contextMenu->addAction(m_speedLimit);
    m_contextMenu->addAction(m_changeUrl);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_openFile);
    m_contextMenu->addAction(m_openFolder);
    m_contextMenu->addAction(m_copyUrl);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_remove);
    m_contextMenu->addAction(m_removeDelete);

    connect(m_model, &TransferListModel::countsChanged, this, &TransferActions::updateActions);
    connect(m_page->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TransferActions::updateActions);
    connect(m_client, &EngineClient::eventsArrived, this, &TransferActions::handleEvents);
    updateActions();
}

TransferActions::~TransferActions() = default;

QList<int> TransferActions::selectedRows() const
{
    return m_page->selectedRows();
}

engine::TransferId TransferActions::ensureTransfer(int row, QString* error)
{
    if (const engine::TransferId id = m_model->idAt(row); id != 0 || row < 0) {
        return id;
    }
    // A record whose folder was refused never reaches the engine, whatever the user clicks.
    if (const QString refusal = m_model->refusalAt(row); !refusal.isEmpty()) {
        if (error) {
            *error = refusal;
        }
        return 0;
    }
    // add() emits transferAdded with the record's key; the model attaches the id to this row.
    // A row Cancel detached has no key: the model attaches the next new transfer to it.
    if (!m_model->keyAt(row)) {
        m_model->attachNextTransferTo(row);
    }
    const engine::TransferId id = m_client->add(m_model->requestAt(row), error);
    m_model->attachNextTransferTo(-1);
    return id;
}

bool TransferActions::startRow(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        return false;
    }
    const State state = m_model->stateAt(row);
    const bool restoredPending = m_model->idAt(row) == 0 && state == State::Queued;
    if (!TransferListModel::isResumable(state) && !restoredPending) {
        return false;
    }
    if (isDiscarding(row)) {
        // Its old transfer's files and record are still going; a new one now could meet them.
        for (auto it = m_discarding.cbegin(); it != m_discarding.cend(); ++it) {
            if (it.value().row() == row) {
                m_restartAfterClose.insert(it.key());
            }
        }
        return true;
    }
    QString error;
    const engine::TransferId id = ensureTransfer(row, &error);
    if (id == 0) {
        m_model->markFailedAt(row, error);
        return false;
    }
    return m_client->start(id);
}

void TransferActions::removeRow(int row, bool deleteFiles)
{
    if (row < 0 || row >= m_model->rowCount()) {
        return;
    }
    engine::TransferId id = m_model->idAt(row);
    const engine::StoreKey key = m_model->keyAt(row);
    if (id == 0 && key && m_model->refusalAt(row).isEmpty()) {
        id = ensureTransfer(row); // idle, on the record's key: the engine owns it from here
    }
    if (id != 0) {
        m_client->remove(id, deleteFiles);
    } else if (key && !m_client->forgetRecord(key)) { // a row the engine never got
        qWarning("haul: download %lld stays in the list: the list is not open yet",
                 static_cast<long long>(key.value));
    }
    m_model->removeRowAt(row);
}

void TransferActions::removeTransfer(engine::TransferId id)
{
    removeRow(m_model->rowOf(id));
}

bool TransferActions::cancelRow(int row)
{
    if (row < 0 || row >= m_model->rowCount() || !canCancel(m_model->stateAt(row))) {
        return false;
    }
    engine::TransferId id = m_model->idAt(row);
    if (id == 0 && m_model->keyAt(row) && m_model->refusalAt(row).isEmpty()) {
        id = ensureTransfer(row); // a restored paused one: the engine deletes its .part
    }
    if (id == 0 || !m_client->remove(id, /*deleteFiles=*/true)) {
        return false;
    }
    m_discarding.insert(id, QPersistentModelIndex(m_model->index(row, 0)));
    m_model->detachAt(row, tr("Cancelled; the partial file was deleted. Restart downloads it "
                              "again from the start."));
    emit transferDiscarded(id);
    return true;
}

bool TransferActions::isDiscarding(int row) const
{
    return m_model->idAt(row) == 0 && !m_model->keyAt(row)
           && std::any_of(m_discarding.cbegin(), m_discarding.cend(),
                          [row](const QPersistentModelIndex& index) { return index.row() == row; });
}

void TransferActions::handleEvents(const QList<haul::engine::Event>& events)
{
    for (const engine::Event& event : events) {
        if (event.type != engine::Closed) {
            continue;
        }
        const auto it = m_discarding.find(event.id);
        if (it == m_discarding.end()) {
            continue;
        }
        const QPersistentModelIndex index = it.value();
        m_discarding.erase(it);
        if (m_restartAfterClose.remove(event.id) && index.isValid()) {
            startRow(index.row());
        }
        updateActions();
    }
}

bool TransferActions::removeRows(const QList<int>& rows, bool deleteFiles)
{
    if (rows.isEmpty()) {
        return false;
    }
    QStringList names;
    QStringList files;
    bool anyUnfinished = false;
    for (const int row : rows) {
        const QModelIndex index = m_model->index(row, 0);
        const QString name = index.data(TransferListModel::NameRole).toString();
        names.append(name);
        const State state = m_model->stateAt(row);
        const bool detached = m_model->idAt(row) == 0 && !m_model->keyAt(row);
        if (detached || !m_model->refusalAt(row).isEmpty()) {
            continue; // nothing of it on disk that Haul may delete
        }
        if (state == State::Completed) {
            files.append(index.data(TransferListModel::PathRole).toString());
        } else {
            anyUnfinished = true;
            const QString dir = index.data(TransferListModel::DirectoryRole).toString();
            files.append(QDir(dir.isEmpty() ? QStringLiteral(".") : dir).filePath(name)
                         + QStringLiteral(".part"));
        }
    }
    auto listed = [](const QStringList& items) {
        QStringList shown = items.mid(0, kNamesShown);
        for (QString& item : shown) {
            item = QDir::toNativeSeparators(item);
        }
        QString text = shown.join(QLatin1Char('\n'));
        if (items.size() > kNamesShown) {
            text += QLatin1Char('\n')
                    + tr("and %n more", nullptr, static_cast<int>(items.size() - kNamesShown));
        }
        return text;
    };
    ConfirmDialog::Question question;
    question.title = deleteFiles ? tr("Remove and Delete Files") : tr("Remove");
    const int n = static_cast<int>(rows.size());
    if (deleteFiles) {
        question.text =
            n == 1 ? tr("Remove “%1” from the list and delete its file?").arg(names.first())
                   : tr("Remove %n downloads from the list and delete their files?", nullptr, n);
        question.informative =
            files.isEmpty()
                ? tr("There is no file on disk to delete.")
                : tr("These files are deleted (an unfinished download's partial .part file "
                     "too). This cannot be undone.\n\n%1")
                      .arg(listed(files));
        question.acceptText = tr("Remove and Delete");
        question.icon = QMessageBox::Warning;
        question.destructive = true;
    } else {
        question.text = n == 1 ? tr("Remove “%1” from the list?").arg(names.first())
                               : tr("Remove %n downloads from the list?", nullptr, n);
        question.informative =
            anyUnfinished ? tr("The files stay on disk, an unfinished download's partial .part "
                               "file too. Remove and Delete Files (Shift+Del) deletes them.")
                          : tr("The files stay on disk.");
        if (n > 1) {
            question.informative += QStringLiteral("\n\n") + listed(names);
        }
        question.acceptText = tr("Remove");
        question.settingsKey = AppSettings::confirmRemoveKey();
    }
    if (!ConfirmDialog::ask(m_window, question)) {
        return false;
    }
    // Persistent indexes follow the rows while earlier ones go.
    QList<QPersistentModelIndex> indexes;
    for (const int row : rows) {
        indexes.append(QPersistentModelIndex(m_model->index(row, 0)));
    }
    for (const QPersistentModelIndex& index : indexes) {
        removeRow(index.row(), deleteFiles);
    }
    return true;
}

void TransferActions::pauseAll()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const engine::TransferId id = m_model->idAt(row);
        if (id != 0 && TransferListModel::isActive(m_model->stateAt(row))) {
            m_client->pause(id);
        }
    }
}

void TransferActions::resumeAll()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const State state = m_model->stateAt(row);
        if (state == State::Paused) { // cancelled ones were stopped for good
            startRow(row);
        }
    }
}

bool TransferActions::forceStartRow(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        return false;
    }
    const State state = m_model->stateAt(row);
    if (!TransferListModel::isResumable(state) && state != State::Queued) {
        return false;
    }
    QString error;
    const engine::TransferId id = ensureTransfer(row, &error);
    if (id == 0) {
        m_model->markFailedAt(row, error);
        return false;
    }
    return m_client->forceStart(id);
}

int TransferActions::retryAllFailed()
{
    int started = 0;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        if (m_model->stateAt(row) == State::Failed && startRow(row)) {
            ++started;
        }
    }
    return started;
}

int TransferActions::clearCompleted()
{
    int removed = 0;
    for (int row = m_model->rowCount(); row-- > 0;) { // from the end: the rows before stay put
        if (m_model->stateAt(row) == State::Completed) {
            removeRow(row);
            ++removed;
        }
    }
    return removed;
}

bool TransferActions::moveRow(int row, int delta)
{
    const engine::TransferId id = m_model->idAt(row);
    if (id == 0 || m_model->stateAt(row) != State::Queued || !m_client->moveInQueue(id, delta)) {
        return false;
    }
    m_model->moveRowBy(row, delta);
    return true;
}

int TransferActions::setRateLimit(const QList<int>& rows, qint64 bytesPerSecond)
{
    int applied = 0;
    for (const int row : rows) {
        if (row < 0 || row >= m_model->rowCount() || m_model->stateAt(row) == State::Completed) {
            continue;
        }
        const engine::TransferId id = m_model->idAt(row);
        if (id != 0 && !m_client->setRateLimit(id, bytesPerSecond)) {
            continue;
        }
        m_model->setRateLimitAt(row, bytesPerSecond);
        ++applied;
    }
    return applied;
}

bool TransferActions::changeUrl(int row, const QString& url, QString* error)
{
    if (row < 0 || row >= m_model->rowCount() || !canChangeUrl(m_model->stateAt(row))) {
        if (error) {
            *error = tr("Pause or cancel the download before changing its address.");
        }
        return false;
    }
    const engine::TransferId id = ensureTransfer(row, error);
    return id != 0 && m_client->setUrl(id, url, error); // urlChanged updates the row
}

void TransferActions::showDetails(int row)
{
    QString error;
    if (const engine::TransferId id = ensureTransfer(row, &error); id != 0) {
        emit detailsRequested(id);
    }
}

void TransferActions::popupContextMenu(const QPoint& globalPos)
{
    updateActions();
    m_contextMenu->popup(globalPos);
}

void TransferActions::handleStart()
{
    for (const int row : selectedRows()) {
        startRow(row);
    }
}

void TransferActions::handlePause()
{
    for (const int row : selectedRows()) {
        const engine::TransferId id = m_model->idAt(row);
        if (id != 0 && TransferListModel::isActive(m_model->stateAt(row))) {
            m_client->pause(id);
        }
    }
}

void TransferActions::handleToggle()
{
    const auto rows = selectedRows();
    const bool anyActive = std::any_of(rows.begin(), rows.end(), [this](int row) {
        return m_model->idAt(row) != 0 && TransferListModel::isActive(m_model->stateAt(row));
    });
    anyActive ? handlePause() : handleStart();
}

void TransferActions::handleCancel()
{
    for (const int row : selectedRows()) {
        cancelRow(row);
    }
}

void TransferActions::handleRemove(bool deleteFiles)
{
    removeRows(selectedRows(), deleteFiles);
}

void TransferActions::handleMove(int delta)
{
    const auto rows = selectedRows();
    if (rows.size() == 1 && moveRow(rows.first(), delta)) {
        const QModelIndex moved =
            m_page->proxy()->mapFromSource(m_model->index(rows.first() + (delta < 0 ? -1 : 1), 0));
        m_page->view()->selectionModel()->select(moved, QItemSelectionModel::ClearAndSelect
                                                            | QItemSelectionModel::Rows);
        m_page->view()->setCurrentIndex(moved);
    }
}

void TransferActions::handleSpeedLimit()
{
    QList<QPersistentModelIndex> rows;
    qint64 current = 0;
    for (const int row : selectedRows()) {
        const QModelIndex index = m_model->index(row, 0);
        rows.append(QPersistentModelIndex(index));
        current = std::max(current, index.data(TransferListModel::RateLimitRole).toLongLong());
    }
    if (rows.isEmpty()) {
        return;
    }
    auto* dialog = new QInputDialog(m_window);
    dialog->setObjectName(QStringLiteral("speedLimitDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Speed Limit"));
    dialog->setLabelText(rows.size() == 1
                             ? tr("Speed limit for this download:")
                             : tr("Speed limit for each of the %1 downloads:").arg(rows.size()));
    dialog->setInputMode(QInputDialog::IntInput);
    dialog->setIntRange(0, 10 * 1024 * 1024);
    dialog->setIntStep(64);
    dialog->setIntValue(static_cast<int>(current / 1024));
    if (auto* spin = dialog->findChild<QSpinBox*>()) {
        spin->setSuffix(tr(" KiB/s"));
        spin->setSpecialValueText(tr("Unlimited"));
    }
    connect(dialog, &QInputDialog::intValueSelected, this, [this, rows](int kib) {
        QList<int> live;
        for (const QPersistentModelIndex& index : rows) {
            if (index.isValid()) {
                live.append(index.row());
            }
        }
        setRateLimit(live, static_cast<qint64>(kib) * 1024);
    });
    dialog->open();
}

void TransferActions::handleChangeUrl()
{
    const auto rows = selectedRows();
    if (rows.size() != 1) {
        return;
    }
    const QModelIndex index = m_model->index(rows.first(), 0);
    const QPersistentModelIndex target(index);
    auto* dialog = new QInputDialog(m_window);
    dialog->setObjectName(QStringLiteral("changeUrlDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("Change Address"));
    dialog->setLabelText(tr("New address for %1:\n(The bytes already on disk are kept when the "
                            "server still has the same file.)")
                             .arg(index.data(TransferListModel::NameRole).toString()));
    dialog->setTextValue(index.data(TransferListModel::UrlRole).toString());
    dialog->resize(560, dialog->sizeHint().height());
    connect(dialog, &QInputDialog::textValueSelected, this, [this, target](const QString& url) {
        if (!target.isValid()) {
            return; // removed meanwhile
        }
        QString error;
        if (!changeUrl(target.row(), url, &error)) {
            auto* box =
                new QMessageBox(QMessageBox::Warning, tr("Change Address"),
                                tr("The address was not changed."), QMessageBox::Ok, m_window);
            box->setInformativeText(error);
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
    });
    dialog->open();
}

void TransferActions::handleOpenFile()
{
    for (const int row : selectedRows()) {
        const QString path = m_model->index(row, 0).data(TransferListModel::PathRole).toString();
        if (m_model->stateAt(row) == State::Completed && !path.isEmpty()) {
            QDesktopServices::openUrl(QUrl::fromLocalFile(path));
        }
    }
}

void TransferActions::handleOpenFolder()
{
    const auto rows = selectedRows();
    if (rows.isEmpty()) {
        return;
    }
    const QModelIndex index = m_model->index(rows.first(), 0);
    QString path = index.data(TransferListModel::PathRole).toString();
    path = path.isEmpty() ? index.data(TransferListModel::DirectoryRole).toString()
                          : QFileInfo(path).absolutePath();
    if (!path.isEmpty()) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    }
}

void TransferActions::handleCopyUrl()
{
    QStringList urls;
    for (const int row : selectedRows()) {
        urls.append(m_model->index(row, 0).data(TransferListModel::UrlRole).toString());
    }
    if (!urls.isEmpty()) {
        QApplication::clipboard()->setText(urls.join(QLatin1Char('\n')));
    }
}

void TransferActions::updateActions()
{
    bool anyResumable = false;
    bool anyActive = false;
    bool anyCancellable = false;
    bool anyCompleted = false;
    bool anyLimitable = false;
    bool anyForcible = false;
    int startable = 0;
    int failed = 0;
    int restartable = 0;
    const auto rows = selectedRows();
    for (const int row : rows) {
        const State s = m_model->stateAt(row);
        const bool live = m_model->idAt(row) != 0;
        anyForcible |= TransferListModel::isResumable(s) || s == State::Queued;
        const bool resumable = TransferListModel::isResumable(s) || (!live && s == State::Queued);
        anyResumable |= resumable;
        startable += resumable ? 1 : 0;
        failed += s == State::Failed ? 1 : 0;
        restartable += s == State::Cancelled && !live && !m_model->keyAt(row) ? 1 : 0;
        anyActive |= live && TransferListModel::isActive(s);
        anyCancellable |= canCancel(s) && (live || m_model->keyAt(row));
        anyCompleted |= s == State::Completed;
        anyLimitable |= s != State::Completed;
    }
    const bool one = rows.size() == 1;
    const bool queuedOne =
        one && m_model->idAt(rows.first()) != 0 && m_model->stateAt(rows.first()) == State::Queued;
    // One word for what starting does to them all: continue, try again, or start over.
    if (startable > 0 && restartable == startable) {
        m_start->setText(tr("Restart"));
        m_start->setStatusTip(tr("Download the cancelled downloads again from the start"));
    } else if (startable > 0 && failed == startable) {
        m_start->setText(tr("Retry"));
        m_start->setStatusTip(tr("Try the failed downloads again, keeping the bytes on disk"));
    } else {
        m_start->setText(tr("Resume"));
        m_start->setStatusTip(tr("Continue the selected downloads from the bytes on disk"));
    }
    m_start->setEnabled(anyResumable);
    m_forceStart->setEnabled(anyForcible);
    const TransferListModel::Counts counts = m_model->counts();
    m_retryFailed->setEnabled(counts.failed > 0);
    m_clearCompleted->setEnabled(counts.completed > 0);
    m_pause->setEnabled(anyActive);
    m_toggle->setEnabled(anyActive || anyResumable);
    m_cancel->setEnabled(anyCancellable);
    m_remove->setEnabled(!rows.isEmpty());
    m_removeDelete->setEnabled(!rows.isEmpty());
    m_details->setEnabled(!rows.isEmpty());
    m_moveUp->setEnabled(queuedOne && rows.first() > 0);
    m_moveDown->setEnabled(queuedOne && rows.first() + 1 < m_model->rowCount());
    m_speedLimit->setEnabled(anyLimitable);
    m_changeUrl->setEnabled(one && canChangeUrl(m_model->stateAt(rows.first())));
    m_openFile->setEnabled(anyCompleted);
    m_openFolder->setEnabled(!rows.isEmpty());
    m_copyUrl->setEnabled(!rows.isEmpty());
}

} // namespace haul::ui
