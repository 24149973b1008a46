// SPDX-License-Identifier: MIT
#include "transferlist/transferlistmodel.h"

#include "engineclient.h"
#include "humanformat.h"
#include "transferlist/statecolors.h"
#include "transferlist/transferrow.h"

#include <QApplication>
#include <QDateTime>
#include <QDir>
#include <QLocale>
#include <QPalette>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <utility>

namespace haul::ui {

namespace {

bool isRunning(TransferListModel::State state)
{
    using S = TransferListModel::State;
    return state == S::Connecting || state == S::Retrying || state == S::Downloading;
}

bool isRightAligned(int column)
{
    using M = TransferListModel;
    return column == M::SizeColumn || column == M::SpeedColumn || column == M::EtaColumn
           || column == M::ConnectionsColumn || column == M::LimitColumn;
}

QString timeText(std::int64_t msSinceEpoch)
{
    if (msSinceEpoch <= 0) {
        return {};
    }
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(msSinceEpoch);
    return QLocale().toString(when, QLocale::ShortFormat);
}

} // namespace

TransferListModel::TransferListModel(EngineClient* client, QObject* parent)
    : QAbstractTableModel(parent), m_client(client)
{
    if (client) {
        connect(client, &EngineClient::eventsArrived, this, &TransferListModel::handleEvents);
        connect(client, &EngineClient::transferAdded, this, &TransferListModel::addTransfer);
        connect(client, &EngineClient::transferStarted, this,
                &TransferListModel::handleTransferStarted);
        connect(client, &EngineClient::urlChanged, this, &TransferListModel::handleUrlChanged);
    }
}

TransferListModel::~TransferListModel() = default;

int TransferListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int TransferListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TransferListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal) {
        return {};
    }
    if (role == Qt::TextAlignmentRole) {
        const bool right = isRightAligned(section);
        const Qt::Alignment horizontal = right                       ? Qt::AlignRight
                                         : section == ProgressColumn ? Qt::AlignHCenter
                                                                     : Qt::AlignLeft;
        return QVariant::fromValue(Qt::AlignVCenter | horizontal);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case NameColumn: return tr("Name");
    case SizeColumn: return tr("Size");
    case ProgressColumn: return tr("Progress");
    case SpeedColumn: return tr("Speed");
    case EtaColumn: return tr("ETA");
    case StateColumn: return tr("Status");
    case AddedColumn: return tr("Added");
    case FinishedColumn: return tr("Finished");
    case FolderColumn: return tr("Folder");
    case ConnectionsColumn: return tr("Connections");
    case LimitColumn: return tr("Limit");
    case HostColumn: return tr("Host");
    default: return {};
    }
}

QVariant TransferListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole: return displayData(row, index.column());
    case Qt::ToolTipRole: return toolTip(row, index.column());
    case Qt::ForegroundRole:
        // Read for every paint, so a palette changed while running is followed.
        if (index.column() == StateColumn && row.state == State::Failed) {
            return statecolors::failedText(QApplication::palette());
        }
        return {};
    case Qt::TextAlignmentRole: {
        const bool right = isRightAligned(index.column());
        return QVariant::fromValue(Qt::AlignVCenter | (right ? Qt::AlignRight : Qt::AlignLeft));
    }
    case IdRole: return QVariant::fromValue(static_cast<qulonglong>(row.id));
    case SortRole: return sortData(row, index.column());
    case StateRole: return static_cast<int>(row.state);
    case FractionRole: return row.fraction();
    case BytesRole: return QVariant::fromValue(static_cast<qint64>(row.bytes));
    case TotalRole: return QVariant::fromValue(static_cast<qint64>(row.total));
    case UrlRole: return row.url;
    case DirectoryRole: return row.directory;
    case PathRole: return row.path;
    case NameRole: return row.name;
    case SpeedRole: return row.state == State::Downloading ? row.speed : 0.0;
    case EtaRole:
        return QVariant::fromValue(
            static_cast<qint64>(isRunning(row.state) ? row.etaSeconds() : std::int64_t{-1}));
    case HttpCodeRole: return row.httpCode;
    case MessageRole: return row.message;
    case ClosedRole: return row.closed;
    case StoreKeyRole: return QVariant::fromValue(static_cast<qint64>(row.key.value));
    case RateLimitRole: return QVariant::fromValue(static_cast<qint64>(row.request.rateLimit));
    default: return {};
    }
}

QVariant TransferListModel::displayData(const Row& row, int column) const
{
    switch (column) {
    case NameColumn: return row.name;
    case SizeColumn:
        if (row.total >= 0) {
            return humanformat::size(row.total);
        }
        return row.bytes > 0 ? humanformat::size(row.bytes) : humanformat::unknown();
    case ProgressColumn: {
        const double f = row.fraction();
        if (f < 0) {
            return row.bytes > 0 ? humanformat::size(row.bytes) : QString();
        }
        // Floor, so 99.96 % never shows as 100 % before the transfer has completed.
        return tr("%1%").arg(static_cast<int>(std::floor(f * 100.0)));
    }
    case SpeedColumn:
        return row.state == State::Downloading ? humanformat::speed(row.speed) : QString();
    case EtaColumn: {
        if (!isRunning(row.state)) {
            return QString();
        }
        if (row.stalled()) {
            return tr("stalled");
        }
        return humanformat::duration(row.etaSeconds());
    }
    case StateColumn: return statusText(row);
    case AddedColumn: return timeText(row.addedAtMs);
    // The store also times a failure or a cancel; the column is about completed files.
    case FinishedColumn:
        return row.state == State::Completed ? timeText(row.finishedAtMs) : QString();
    case FolderColumn: return QDir::toNativeSeparators(row.directory);
    case ConnectionsColumn:
        return row.request.connections > 0 ? QString::number(row.request.connections)
                                           : tr("Default");
    case LimitColumn:
        return row.request.rateLimit > 0
                   ? humanformat::speed(static_cast<double>(row.request.rateLimit))
                   : tr("None");
    case HostColumn: return row.host();
    default: return {};
    }
}

QString TransferListModel::statusText(const TransferRow& row)
{
    if (row.state == State::Failed && !row.message.isEmpty()) {
        return tr("Failed: %1").arg(row.message);
    }
    // The message already says "Retrying: why".
    if (row.state == State::Retrying && !row.message.isEmpty()) {
        return row.message;
    }
    return stateText(row.state);
}

QVariant TransferListModel::sortData(const Row& row, int column) const
{
    switch (column) {
    // TransferFilterProxy compares names with a numeric QCollator (1, 2, 10, 100).
    case NameColumn: return row.name;
    case SizeColumn:
        return QVariant::fromValue(static_cast<qint64>(std::max(row.total, row.bytes)));
    case ProgressColumn: return row.fraction();
    case SpeedColumn: return row.state == State::Downloading ? row.speed : 0.0;
    case EtaColumn: {
        const auto eta = isRunning(row.state) ? row.etaSeconds() : -1;
        // Stalled after every known time, unknown after stalled.
        constexpr qint64 kUnknown = std::numeric_limits<qint64>::max();
        if (eta >= 0 && row.stalled()) {
            return QVariant::fromValue(kUnknown - 1);
        }
        return QVariant::fromValue(static_cast<qint64>(eta < 0 ? kUnknown : eta));
    }
    case StateColumn: return static_cast<int>(row.state);
    case AddedColumn: return QVariant::fromValue(static_cast<qint64>(row.addedAtMs));
    case FinishedColumn:
        return QVariant::fromValue(
            static_cast<qint64>(row.state == State::Completed ? row.finishedAtMs : 0));
    case FolderColumn: return row.directory;
    case ConnectionsColumn: return row.request.connections;
    case LimitColumn: return QVariant::fromValue(static_cast<qint64>(row.request.rateLimit));
    case HostColumn: return row.host();
    default: return {};
    }
}

QString TransferListModel::toolTip(const Row& row, int column) const
{
    switch (column) {
    case NameColumn: {
        QString tip = row.url;
        const QString where = row.path.isEmpty() ? row.directory : row.path;
        if (!where.isEmpty()) {
            tip += QLatin1Char('\n') + tr("Saved to %1").arg(QDir::toNativeSeparators(where));
        }
        return tip;
    }
    case SizeColumn:
    case ProgressColumn:
        if (row.total >= 0) {
            return tr("%1 of %2").arg(humanformat::size(row.bytes), humanformat::size(row.total));
        }
        return tr("%1 (size unknown)").arg(humanformat::size(row.bytes));
    case StateColumn:
        if (!row.message.isEmpty()) {
            return row.message;
        }
        return stateText(row.state);
    case EtaColumn:
        if (isRunning(row.state) && row.stalled()) {
            return tr("Almost no data is arriving (%1); the time left cannot be told.")
                .arg(humanformat::speed(row.speed));
        }
        return {};
    case FolderColumn: return QDir::toNativeSeparators(row.directory);
    case LimitColumn:
        return row.request.rateLimit > 0
                   ? tr("This download is limited to %1")
                         .arg(humanformat::speed(static_cast<double>(row.request.rateLimit)))
                   : tr("No limit of its own (the global limit applies)");
    default: return {};
    }
}

QString TransferListModel::stateText(State state)
{
    switch (state) {
    case State::Queued: return tr("Queued");
    case State::Connecting: return tr("Connecting");
    case State::Retrying: return tr("Retrying");
    case State::Downloading: return tr("Downloading");
    case State::Paused: return tr("Paused");
    case State::Completed: return tr("Completed");
    case State::Failed: return tr("Failed");
    case State::Cancelled: return tr("Cancelled");
    }
    return {};
}

bool TransferListModel::isActive(State s)
{
    return s == State::Queued || s == State::Connecting || s == State::Retrying
           || s == State::Downloading;
}

bool TransferListModel::isResumable(State s)
{
    return s == State::Paused || s == State::Cancelled || s == State::Failed;
}

engine::TransferId TransferListModel::idAt(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return 0;
    }
    return m_rows[static_cast<std::size_t>(row)].id;
}

engine::StoreKey TransferListModel::keyAt(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return {};
    }
    return m_rows[static_cast<std::size_t>(row)].key;
}

QString TransferListModel::refusalAt(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return {};
    }
    return m_rows[static_cast<std::size_t>(row)].refusal;
}

TransferListModel::State TransferListModel::stateOf(engine::TransferId id) const
{
    return stateAt(rowOf(id));
}

TransferListModel::State TransferListModel::stateAt(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return State::Queued;
    }
    return m_rows[static_cast<std::size_t>(row)].state;
}

engine::TransferRequest TransferListModel::requestAt(int at) const
{
    if (at < 0 || at >= rowCount()) {
        return {};
    }
    const Row& row = m_rows[static_cast<std::size_t>(at)];
    engine::TransferRequest request = row.request;
    request.url = row.url.toStdString();
    request.directory = row.directory.isEmpty() ? std::string(".") : row.directory.toStdString();
    request.fileName = row.key ? row.name.toStdString() : std::string();
    request.setRecordKey(row.key);
    return request;
}

void TransferListModel::noteCountsChanged()
{
    m_countsValid = false;
    if (m_countsSignalPending)
        return;
    // Once per turn of the event loop: adding 1,000 rows to a list of 100,000 must not make
    // every listener count 100,000 rows 1,000 times.
    m_countsSignalPending = true;
    QTimer::singleShot(0, this, [this] {
        m_countsSignalPending = false;
        emit countsChanged();
    });
}

TransferListModel::Counts TransferListModel::counts() const
{
    if (m_countsValid)
        return m_counts;
    Counts& c = m_counts;
    c = Counts{};
    for (const Row& row : m_rows) {
        switch (row.state) {
        case State::Queued: ++c.queued; break;
        case State::Connecting:
        case State::Retrying:
        case State::Downloading:
            ++c.active;
            if (row.state == State::Downloading) {
                c.speed += row.speed;
            }
            if (row.total > 0) {
                c.activeBytes += std::min(row.bytes, row.total);
                c.activeTotal += row.total;
                ++c.activeSized;
            }
            break;
        case State::Paused: ++c.paused; break;
        case State::Completed: ++c.completed; break;
        case State::Failed: ++c.failed; break;
        case State::Cancelled: ++c.cancelled; break;
        }
    }
    m_countsValid = true;
    return c;
}

void TransferListModel::addTransfer(engine::TransferId id, const QString& url,
                                    const QString& directory, const QString& fileName,
                                    engine::StoreKey storeKey)
{
    if (id == 0 || m_rowById.contains(id)) {
        return;
    }
    const int attach = std::exchange(m_attachNext, -1);
    if (!storeKey && attach >= 0 && attach < rowCount()) {
        Row& row = m_rows[static_cast<std::size_t>(attach)];
        if (row.id == 0 && !row.key) {
            row.id = id;
            row.closed = false;
            row.state = State::Queued;
            row.message.clear();
            m_rowById.insert(id, attach);
            emit dataChanged(index(attach, 0), index(attach, ColumnCount - 1));
            noteCountsChanged();
            return;
        }
    }
    if (const int at = rowOfKey(storeKey); at >= 0) {
        Row& row = m_rows[static_cast<std::size_t>(at)];
        if (row.id == 0) {
            row.id = id;
            row.closed = false;
            m_rowById.insert(id, at);
            emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
            return;
        }
    }
    Row row;
    row.id = id;
    row.url = url;
    row.directory = directory;
    row.name = fileName.isEmpty() ? TransferRow::nameFromUrl(url) : fileName;
    row.addedAtMs = QDateTime::currentMSecsSinceEpoch();
    if (storeKey && !m_rowByKey.contains(storeKey.value)) {
        row.key = storeKey;
    }
    const int at = rowCount();
    beginInsertRows({}, at, at);
    if (row.key) {
        m_rowByKey.insert(row.key.value, at);
    }
    m_rows.push_back(std::move(row));
    m_rowById.insert(id, at);
    endInsertRows();
    noteCountsChanged();
}

void TransferListModel::appendRecords(const std::vector<engine::DownloadRecord>& records,
                                      const QHash<QString, QString>& refusedFolders)
{
    std::vector<Row> rows;
    rows.reserve(records.size());
    for (const engine::DownloadRecord& record : records) {
        if (record.key == 0 || m_rowByKey.contains(record.storeKey().value)) {
            continue;
        }
        Row& row = rows.emplace_back(TransferRow::fromRecord(record));
        if (!refusedFolders.isEmpty()) {
            if (const auto it = refusedFolders.constFind(row.directory);
                it != refusedFolders.cend()) {
                row.refusal = *it;
                row.state = State::Failed;
                row.message = *it;
                row.path.clear(); // a completed file there is not offered to open either
            }
        }
    }
    if (rows.empty()) {
        return;
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(rows.size()) - 1);
    m_rows.reserve(m_rows.size() + rows.size());
    m_rowByKey.reserve(static_cast<qsizetype>(m_rows.size()) + static_cast<qsizetype>(rows.size()));
    for (Row& row : rows) {
        m_rowByKey.insert(row.key.value, rowCount());
        m_rows.push_back(std::move(row));
    }
    endInsertRows();
    noteCountsChanged();
}

bool TransferListModel::removeTransfer(engine::TransferId id)
{
    return removeRowAt(rowOf(id));
}

bool TransferListModel::removeRowAt(int at)
{
    if (at < 0 || at >= rowCount()) {
        return false;
    }
    beginRemoveRows({}, at, at);
    const Row& row = m_rows[static_cast<std::size_t>(at)];
    m_rowById.remove(row.id);
    m_rowByKey.remove(row.key.value);
    m_rows.erase(m_rows.begin() + at);
    reindexFrom(at);
    endRemoveRows();
    noteCountsChanged();
    return true;
}

bool TransferListModel::moveRowBy(int at, int delta)
{
    const int to = at + (delta < 0 ? -1 : 1);
    if (delta == 0 || at < 0 || at >= rowCount() || to < 0 || to >= rowCount()) {
        return false;
    }
    // beginMoveRows wants the destination as "insert before": one further when moving down.
    const int upper = std::min(at, to);
    if (!beginMoveRows({}, upper + 1, upper + 1, {}, upper)) {
        return false;
    }
    std::swap(m_rows[static_cast<std::size_t>(at)], m_rows[static_cast<std::size_t>(to)]);
    reindexFrom(upper);
    endMoveRows();
    return true;
}

void TransferListModel::reindexFrom(int first)
{
    for (int i = first; i < rowCount(); ++i) {
        const Row& row = m_rows[static_cast<std::size_t>(i)];
        if (row.id != 0) {
            m_rowById[row.id] = i;
        }
        if (row.key) {
            m_rowByKey[row.key.value] = i;
        }
    }
}

void TransferListModel::setUrlAt(int at, const QString& url)
{
    if (at < 0 || at >= rowCount()) {
        return;
    }
    m_rows[static_cast<std::size_t>(at)].url = url;
    emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
}

void TransferListModel::setRateLimitAt(int at, qint64 bytesPerSecond)
{
    if (at < 0 || at >= rowCount()) {
        return;
    }
    m_rows[static_cast<std::size_t>(at)].request.rateLimit = std::max<qint64>(0, bytesPerSecond);
    emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
    emit rateLimitChanged(at, std::max<qint64>(0, bytesPerSecond));
}

void TransferListModel::setRequestAt(int at, const engine::TransferRequest& request)
{
    if (at < 0 || at >= rowCount()) {
        return;
    }
    m_rows[static_cast<std::size_t>(at)].request = request;
    emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
}

void TransferListModel::markFailedAt(int at, const QString& message)
{
    if (at < 0 || at >= rowCount()) {
        return;
    }
    Row& row = m_rows[static_cast<std::size_t>(at)];
    row.state = State::Failed;
    row.speed = 0;
    row.message = message.isEmpty() ? tr("The download could not be restarted.") : message;
    emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
    noteCountsChanged();
}

void TransferListModel::detachAt(int at, const QString& message)
{
    if (at < 0 || at >= rowCount()) {
        return;
    }
    Row& row = m_rows[static_cast<std::size_t>(at)];
    m_rowById.remove(row.id);
    m_rowByKey.remove(row.key.value);
    row.id = 0;
    row.key = {};
    row.request.storeKey = 0;
    row.state = State::Cancelled;
    row.bytes = 0;
    row.speed = 0;
    row.httpCode = 0;
    row.closed = false;
    row.path.clear();
    row.message = message;
    emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
    noteCountsChanged();
}

void TransferListModel::attachNextTransferTo(int at)
{
    m_attachNext = at;
}

void TransferListModel::markPausedAt(int at)
{
    if (at < 0 || at >= rowCount()) {
        return;
    }
    m_rows[static_cast<std::size_t>(at)].state = State::Paused;
    emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
    noteCountsChanged();
}

void TransferListModel::handleUrlChanged(engine::TransferId id, const QString& url)
{
    setUrlAt(rowOf(id), url);
}

int TransferListModel::learnKey(int at)
{
    Row& row = m_rows[static_cast<std::size_t>(at)];
    if (row.key || row.id == 0 || !m_client) {
        return -1;
    }
    const engine::StoreKey key = m_client->storeKey(row.id);
    if (!key) {
        return -1;
    }
    // The engine adopted a record that is already shown (a download added again with the same
    // folder and name while its restored row waits): the live row takes its key, the idle one
    // is dropped by the caller.
    const int other = rowOfKey(key);
    if (other >= 0 && idAt(other) != 0) {
        return -1; // two transfers on one record; the first keeps it
    }
    if (other >= 0) {
        m_rows[static_cast<std::size_t>(other)].key = {};
    }
    row.key = key;
    m_rowByKey.insert(key.value, at);
    return other;
}

void TransferListModel::handleTransferStarted(engine::TransferId id)
{
    const int at = rowOf(id);
    if (at < 0) {
        return;
    }
    Row& row = m_rows[static_cast<std::size_t>(at)];
    row.state = State::Queued;
    row.message.clear();
    row.speed = 0;
    emit dataChanged(index(at, 0), index(at, ColumnCount - 1));
    noteCountsChanged();
}

void TransferListModel::handleEvents(const QList<haul::engine::Event>& events)
{
    int first = std::numeric_limits<int>::max();
    int last = -1;
    std::vector<int> duplicates;
    for (const engine::Event& event : events) {
        const int at = rowOf(event.id);
        if (at < 0) {
            continue; // removed already, or never ours
        }
        if (const int duplicate = learnKey(at); duplicate >= 0) {
            duplicates.push_back(duplicate);
        }
        if (m_rows[static_cast<std::size_t>(at)].apply(event)) {
            first = std::min(first, at);
            last = std::max(last, at);
        }
    }
    if (last >= 0) {
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
        noteCountsChanged();
    }
    std::sort(duplicates.begin(), duplicates.end(), std::greater<>());
    for (const int row : duplicates) {
        removeRowAt(row);
    }
}

} // namespace haul::ui
