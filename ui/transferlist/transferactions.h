// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <QHash>
#include <QList>
#include <QObject>
#include <QPersistentModelIndex>
#include <QPointer>
#include <QSet>

class QAction;
class QMenu;
class QWidget;

namespace haul::ui {

class DownloadsPage;
class EngineClient;
class TransferListModel;

// TransferActions: the commands on the selected downloads (resume / retry / restart, pause,
// pause-or-resume, cancel, remove, remove and delete files, details, move up/down in the queue,
// speed limit, change address, open file or folder, copy URL, force start), the commands on every
// download (start all, pause all, retry all failed, clear completed), their enabled state and the
// table's context menu. The actions are added to `window` so their shortcuts work while the
// toolbar is hidden. Commands go to the EngineClient; rows leave through the model.
//
// Commands work on model rows, because a row restored from the store has no engine transfer
// until it is needed: ensureTransfer() creates it (with the record's key, so it continues that
// record and its bytes on disk) when a command needs one.
//
// What each stop keeps: Pause stops and keeps the bytes (Resume continues); Cancel stops for
// good and deletes the partial file: the row stays, Cancelled, and Restart downloads it again
// from the start (a new download). Remove asks first (unless told not to again) and keeps the
// files; Remove and Delete Files always asks and deletes the file or its NAME.part.
//
// GUI thread only; the client, model and page must outlive it. The download list is the
// engine's: removing a row asks the engine (EngineClient::remove), which forgets the record.
class TransferActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferActions)

public:
    TransferActions(EngineClient* client, TransferListModel* model, DownloadsPage* page,
                    QWidget* window);
    ~TransferActions() override;

    QAction* start() const { return m_start; }
    QAction* pause() const { return m_pause; }
    QAction* toggle() const { return m_toggle; }
    QAction* cancel() const { return m_cancel; }
    QAction* remove() const { return m_remove; }
    QAction* removeAndDelete() const { return m_removeDelete; }
    QAction* details() const { return m_details; }
    QAction* moveUp() const { return m_moveUp; }
    QAction* moveDown() const { return m_moveDown; }
    QAction* speedLimit() const { return m_speedLimit; }
    QAction* changeUrl() const { return m_changeUrl; }
    QAction* pauseAllAction() const { return m_pauseAll; }
    QAction* startAllAction() const { return m_startAll; }
    QAction* forceStart() const { return m_forceStart; }
    QAction* retryFailedAction() const { return m_retryFailed; }
    QAction* clearCompletedAction() const { return m_clearCompleted; }

    // The engine transfer of a model row, created (idle) from the row's record when it has none
    // yet. 0 with *error (a sentence for the user) when the engine refused it, or when the
    // row's record was refused at restore (TransferListModel::refusalAt()).
    engine::TransferId ensureTransfer(int row, QString* error = nullptr);
    // Starts or resumes a row whose state allows it (creating its transfer when needed). A row
    // the engine refuses to create is marked Failed with the reason.
    bool startRow(int row);
    // Removes the download through the engine (EngineClient::remove: a pending operation ends
    // Cancelled, the record is forgotten before Closed; with deleteFiles its files go too) and
    // drops its row at once; the model ignores the id's later events. A restored row without a
    // transfer gets one first (it continues the record, so removing it forgets the record);
    // one whose folder was refused never reaches the engine: only its record is forgotten.
    void removeRow(int row, bool deleteFiles = false);
    void removeTransfer(engine::TransferId id);
    // Cancels a running, queued or paused row: its transfer is removed with its partial file
    // (and its record), the row stays Cancelled without a transfer (TransferListModel::
    // detachAt); startRow() then makes a new download from zero, once the engine has closed the
    // old one. Emits transferDiscarded with the old id (0 for a restored row without one).
    bool cancelRow(int row);
    // Asks (ConfirmDialog) and removes the rows; deleteFiles always asks. False when declined.
    bool removeRows(const QList<int>& rows, bool deleteFiles);
    void pauseAll();
    void resumeAll();
    // Starts a queued, paused, failed or cancelled row now, past the "downloads at once" limit
    // (EngineClient::forceStart); it does not count against the limit until it ends.
    bool forceStartRow(int row);
    // Starts every failed row again (it resumes from its bytes). Returns how many started.
    int retryAllFailed();
    // Removes every completed row from the list (the engine forgets its record); the files stay
    // on disk. Returns how many rows went.
    int clearCompleted();
    // Moves the row one place up (delta < 0) or down, in the engine's queue and in the store's
    // list too when it has a transfer.
    bool moveRow(int row, int delta);
    // Bytes per second (0 = none) for each row: applied at once to a transfer, remembered for a
    // row that has none yet (it starts with it). Returns how many rows took it.
    int setRateLimit(const QList<int>& rows, qint64 bytesPerSecond);
    // A new address for a stopped download; false with *error when the engine refused it.
    bool changeUrl(int row, const QString& url, QString* error = nullptr);

    void popupContextMenu(const QPoint& globalPos);
    void updateActions();
    // Opens details for a row (creating its transfer when it has none).
    void showDetails(int row);

signals:
    void detailsRequested(haul::engine::TransferId id);
    // cancelRow() removed this transfer; its row stays without it.
    void transferDiscarded(haul::engine::TransferId id);

private:
    QList<int> selectedRows() const;
    void handleStart();
    void handlePause();
    void handleToggle();
    void handleCancel();
    void handleRemove(bool deleteFiles);
    void handleEvents(const QList<haul::engine::Event>& events);
    // A row Cancel detached whose old transfer the engine has not closed yet.
    bool isDiscarding(int row) const;
    void handleMove(int delta);
    void handleSpeedLimit();
    void handleChangeUrl();
    void handleOpenFile();
    void handleOpenFolder();
    void handleCopyUrl();

    EngineClient* m_client = nullptr;
    TransferListModel* m_model = nullptr;
    DownloadsPage* m_page = nullptr;
    QWidget* m_window = nullptr;
    QMenu* m_contextMenu = nullptr;
    QAction* m_start = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_toggle = nullptr;
    QAction* m_cancel = nullptr;
    QAction* m_remove = nullptr;
    QAction* m_removeDelete = nullptr;
    QAction* m_details = nullptr;
    QAction* m_moveUp = nullptr;
    QAction* m_moveDown = nullptr;
    QAction* m_speedLimit = nullptr;
    QAction* m_changeUrl = nullptr;
    QAction* m_startAll = nullptr;
    QAction* m_pauseAll = nullptr;
    QAction* m_openFile = nullptr;
    QAction* m_openFolder = nullptr;
    QAction* m_copyUrl = nullptr;
    QAction* m_forceStart = nullptr;
    QAction* m_retryFailed = nullptr;
    QAction* m_clearCompleted = nullptr;
    // Cancelled transfers until their Closed, with their (detached) rows; and those of them
    // whose row the user restarted meanwhile.
    QHash<engine::TransferId, QPersistentModelIndex> m_discarding;
    QSet<engine::TransferId> m_restartAfterClose;
};

} // namespace haul::ui
