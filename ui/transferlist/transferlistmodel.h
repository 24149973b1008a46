// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>
#include <haul/session.h>
#include <haul/store.h>

#include "transferlist/transferrow.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

#include <cstdint>
#include <vector>

namespace haul::ui {

class EngineClient;

// TransferListModel: one row per download, keyed by transfer id and by the store's key. Holds
// values only (never an engine pointer). GUI thread only.
//
// A row restored from the store (appendRecords) may have no engine transfer yet: its id is 0
// until a transfer is created for its key (EngineClient::add with request.storeKey, which the
// model hears as transferAdded with that key and attaches to the row). A download added in
// this session has a key of 0 until the engine recorded it; the model asks the client for it
// when the transfer's events arrive.
//
// It learns about rows from EngineClient::transferAdded and about their life from
// EngineClient::eventsArrived; each batch ends in a single dataChanged() spanning the rows the
// batch touched. Events for ids it does not know (a row already removed) are ignored, so a row
// may be removed at once after close() without waiting for Closed.
class TransferListModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferListModel)

public:
    enum Column {
        NameColumn,
        SizeColumn,
        ProgressColumn,
        SpeedColumn,
        EtaColumn,
        StateColumn, // "Status": the state, with the reason of a failure or a retry
        AddedColumn,
        FinishedColumn,
        FolderColumn,
        ConnectionsColumn,
        LimitColumn,
        HostColumn,
        ColumnCount
    };

    using State = TransferRow::State;

    enum Role {
        IdRole = Qt::UserRole + 1, // engine::TransferId as qulonglong
        SortRole,                  // a value that sorts naturally for the column
        StateRole,                 // State as int
        FractionRole,              // 0..1, or -1 when the size is unknown
        BytesRole,                 // qint64 bytes on disk
        TotalRole,                 // qint64 expected size, -1 unknown
        UrlRole,                   // QString
        DirectoryRole,             // QString, the folder asked for
        PathRole,                  // QString, the final path once Completed, else empty
        NameRole,                  // QString, the file name shown
        SpeedRole,                 // double bytes per second (0 unless Downloading)
        EtaRole,                   // qint64 seconds, -1 unknown or not running
        HttpCodeRole,              // int, the last response's status, 0 none yet
        MessageRole,               // QString, failure / retry reason or redirect, else empty
        ClosedRole,                // bool, the engine delivered Closed for this id
        StoreKeyRole,              // qint64, the store's key of the record (StoreKey::value),
                                   // 0 unknown / none
        RateLimitRole,             // qint64 bytes per second for this download, 0 = none
    };

    struct Counts {
        int active = 0; // connecting, retrying or downloading
        int queued = 0;
        int paused = 0;
        int completed = 0;
        int failed = 0;
        int cancelled = 0;
        double speed = 0; // bytes per second, summed over running rows
        // Over the active rows whose size is known: bytes on disk and their sizes summed (the
        // tray's total progress); activeSized counts those rows.
        std::int64_t activeBytes = 0;
        std::int64_t activeTotal = 0;
        int activeSized = 0;
    };

    // client may be null (tests feed handleEvents directly and call addTransfer).
    explicit TransferListModel(EngineClient* client, QObject* parent = nullptr);

    // How many records appendRecords() takes at a time without stalling the GUI thread (about
    // 10 ms in an optimized build); callers hand over larger lists in chunks of this size.
    static constexpr int kRecordChunk = 5000;
    ~TransferListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Adds a row in the Queued state; ignored when the id is already present or 0. With a
    // storeKey whose row has no transfer yet, attaches id to that row instead.
    void addTransfer(engine::TransferId id, const QString& url, const QString& directory,
                     const QString& fileName, engine::StoreKey storeKey = {});
    // Appends rows for records of the store, in one beginInsertRows; a record whose key is
    // already shown is skipped. Running and Queued records show as Queued (the caller starts
    // them); the others with their recorded state, size, bytes and error. No id yet.
    // A record whose folder is a key of refusedFolders shows as Failed with that sentence and
    // is refused (refusalAt()): nothing is ever downloaded into that folder for it.
    void appendRecords(const std::vector<engine::DownloadRecord>& records,
                       const QHash<QString, QString>& refusedFolders = {});
    // Removes the row; returns false for an unknown id.
    bool removeTransfer(engine::TransferId id);
    bool removeRowAt(int row);
    // Swaps the row with its neighbour above (delta < 0) or below; false at the edge.
    bool moveRowBy(int row, int delta);
    void setUrlAt(int row, const QString& url);
    void setRateLimitAt(int row, qint64 bytesPerSecond);
    // What the row's download was created with (connections, limit, checksum, ...): a download
    // added in this session, whose row transferAdded made without it.
    void setRequestAt(int row, const engine::TransferRequest& request);
    // A row whose transfer could not be created: Failed, with the reason.
    void markFailedAt(int row, const QString& message);
    // A download added without starting it: Paused until start().
    void markPausedAt(int row);
    // A cancelled download whose transfer and record were removed (its partial file deleted):
    // the row stays, Cancelled with message and no bytes, without an id or a key, so that
    // starting it again makes a new download from zero. Later events of the old id are ignored.
    void detachAt(int row, const QString& message);
    // The next addTransfer() without a store key attaches its id to this row (one without an id
    // or a key: a detached one) instead of adding a row. Call it just before EngineClient::add.
    void attachNextTransferTo(int row);

    int rowOf(engine::TransferId id) const { return m_rowById.value(id, -1); }
    int rowOfKey(engine::StoreKey key) const { return m_rowByKey.value(key.value, -1); }
    engine::TransferId idAt(int row) const;
    engine::StoreKey keyAt(int row) const;
    // Why the row's record may not be downloaded (its folder was refused), else empty.
    QString refusalAt(int row) const;
    State stateOf(engine::TransferId id) const;
    State stateAt(int row) const;
    bool contains(engine::TransferId id) const { return m_rowById.contains(id); }
    // What creates the row's download in the engine again: url, folder, name, connections,
    // speed limit, checksum and the store's key.
    engine::TransferRequest requestAt(int row) const;
    Counts counts() const;

    static QString stateText(State state);
    // The Status cell: the state, and why for a failed or retrying download.
    static QString statusText(const TransferRow& row);
    // Queued, connecting, retrying or downloading: pause and cancel apply.
    static bool isActive(State state);
    // Paused, cancelled or failed: start() resumes it.
    static bool isResumable(State state);

    // Applies one batch; emits dataChanged once for the spanning range of changed rows.
    void handleEvents(const QList<haul::engine::Event>& events);
    void handleTransferStarted(engine::TransferId id);
    void handleUrlChanged(engine::TransferId id, const QString& url);

signals:
    // Emitted once after each batch and after rows come or go: counts() may have changed.
    void countsChanged();
    // setRateLimitAt() gave the row a limit of its own (bytesPerSecond > 0) or took it away.
    void rateLimitChanged(int row, qint64 bytesPerSecond);

private:
    using Row = TransferRow;

    // counts() is cached until something changes; countsChanged is emitted once per turn of
    // the event loop however many rows changed.
    void noteCountsChanged();
    mutable Counts m_counts;
    mutable bool m_countsValid = false;
    bool m_countsSignalPending = false;

    // Asks the client for the key of a new download's record; returns the row of an idle
    // duplicate of that record to drop, else -1.
    int learnKey(int at);
    void reindexFrom(int first);
    QVariant displayData(const Row& row, int column) const;
    QVariant sortData(const Row& row, int column) const;
    QString toolTip(const Row& row, int column) const;

    EngineClient* m_client = nullptr;
    std::vector<Row> m_rows;
    QHash<engine::TransferId, int> m_rowById;
    QHash<qint64, int> m_rowByKey; // by StoreKey::value
    int m_attachNext = -1;         // attachNextTransferTo()
};

} // namespace haul::ui
