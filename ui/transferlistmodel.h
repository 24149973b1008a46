// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QString>

#include <cstdint>
#include <vector>

namespace haul::ui {

class EngineClient;

// TransferListModel: one row per transfer, keyed by transfer id. Holds values only (never an
// engine pointer). GUI thread only.
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
        StateColumn,
        ColumnCount
    };

    enum class State {
        Queued,
        Connecting,
        Retrying,
        Downloading,
        Paused,
        Completed,
        Failed,
        Cancelled
    };

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
    };

    struct Counts {
        int active = 0; // connecting, retrying or downloading
        int queued = 0;
        int paused = 0;
        int completed = 0;
        int failed = 0;
        int cancelled = 0;
        double speed = 0; // bytes per second, summed over running rows
    };

    // client may be null (tests feed handleEvents directly and call addTransfer).
    explicit TransferListModel(EngineClient* client, QObject* parent = nullptr);
    ~TransferListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Adds a row in the Queued state; ignored when the id is already present or 0.
    void addTransfer(engine::TransferId id, const QString& url, const QString& directory,
                     const QString& fileName);
    // Removes the row; returns false for an unknown id.
    bool removeTransfer(engine::TransferId id);

    int rowOf(engine::TransferId id) const { return m_rowById.value(id, -1); }
    engine::TransferId idAt(int row) const;
    State stateOf(engine::TransferId id) const;
    bool contains(engine::TransferId id) const { return m_rowById.contains(id); }
    Counts counts() const;

    static QString stateText(State state);
    // Queued, connecting, retrying or downloading: pause and cancel apply.
    static bool isActive(State state);
    // Paused, cancelled or failed: start() resumes it.
    static bool isResumable(State state);

    // Applies one batch; emits dataChanged once for the spanning range of changed rows.
    void handleEvents(const QList<haul::engine::Event>& events);
    void handleTransferStarted(engine::TransferId id);

signals:
    // Emitted once after each batch and after rows come or go: counts() may have changed.
    void countsChanged();

private:
    struct Row {
        engine::TransferId id = 0;
        QString name;
        QString url;
        QString directory;
        QString path;    // final path once Completed
        QString message; // failure reason, retry reason or redirect
        State state = State::Queued;
        std::int64_t bytes = 0;
        std::int64_t total = -1;
        double speed = 0;
        int httpCode = 0;
        bool closed = false;
    };

    bool apply(Row& row, const engine::Event& event);
    QVariant displayData(const Row& row, int column) const;
    QVariant sortData(const Row& row, int column) const;
    QString toolTip(const Row& row, int column) const;
    static std::int64_t etaSeconds(const Row& row);
    static double fraction(const Row& row);

    std::vector<Row> m_rows;
    QHash<engine::TransferId, int> m_rowById;
};

} // namespace haul::ui
