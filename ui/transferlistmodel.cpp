// SPDX-License-Identifier: MIT
#include "transferlistmodel.h"

#include "engineclient.h"
#include "humanformat.h"

#include <QColor>
#include <QDir>
#include <QFileInfo>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>

namespace haul::ui {

namespace {

QString nameFromUrl(const QString& url)
{
    const QUrl parsed(url);
    QString name = parsed.fileName();
    if (name.isEmpty()) {
        name = parsed.host();
    }
    return name.isEmpty() ? url : name;
}

bool isRunning(TransferListModel::State state)
{
    using S = TransferListModel::State;
    return state == S::Connecting || state == S::Retrying || state == S::Downloading;
}

} // namespace

TransferListModel::TransferListModel(EngineClient* client, QObject* parent)
    : QAbstractTableModel(parent)
{
    if (client) {
        connect(client, &EngineClient::eventsArrived, this, &TransferListModel::handleEvents);
        connect(client, &EngineClient::transferAdded, this, &TransferListModel::addTransfer);
        connect(client, &EngineClient::transferStarted, this,
                &TransferListModel::handleTransferStarted);
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
        const bool right = section == SizeColumn || section == SpeedColumn || section == EtaColumn;
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
    case StateColumn: return tr("State");
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
        if (index.column() == StateColumn && row.state == State::Failed) {
            return QColor(0xc0, 0x2d, 0x3c);
        }
        return {};
    case Qt::TextAlignmentRole: {
        const int c = index.column();
        const bool right = c == SizeColumn || c == SpeedColumn || c == EtaColumn;
        return QVariant::fromValue(Qt::AlignVCenter | (right ? Qt::AlignRight : Qt::AlignLeft));
    }
    case IdRole: return QVariant::fromValue(static_cast<qulonglong>(row.id));
    case SortRole: return sortData(row, index.column());
    case StateRole: return static_cast<int>(row.state);
    case FractionRole: return fraction(row);
    case BytesRole: return QVariant::fromValue(static_cast<qint64>(row.bytes));
    case TotalRole: return QVariant::fromValue(static_cast<qint64>(row.total));
    case UrlRole: return row.url;
    case DirectoryRole: return row.directory;
    case PathRole: return row.path;
    case NameRole: return row.name;
    case SpeedRole: return row.state == State::Downloading ? row.speed : 0.0;
    case EtaRole:
        return QVariant::fromValue(
            static_cast<qint64>(isRunning(row.state) ? etaSeconds(row) : std::int64_t{-1}));
    case HttpCodeRole: return row.httpCode;
    case MessageRole: return row.message;
    case ClosedRole: return row.closed;
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
        const double f = fraction(row);
        if (f < 0) {
            return row.bytes > 0 ? humanformat::size(row.bytes) : QString();
        }
        // Floor, so 99.96 % never shows as 100 % before the transfer has completed.
        return QStringLiteral("%1%").arg(static_cast<int>(std::floor(f * 100.0)));
    }
    case SpeedColumn:
        return row.state == State::Downloading ? humanformat::speed(row.speed) : QString();
    case EtaColumn: {
        if (!isRunning(row.state)) {
            return QString();
        }
        return humanformat::duration(etaSeconds(row));
    }
    case StateColumn: return stateText(row.state);
    default: return {};
    }
}

QVariant TransferListModel::sortData(const Row& row, int column) const
{
    switch (column) {
    case NameColumn: return row.name.toLower();
    case SizeColumn:
        return QVariant::fromValue(static_cast<qint64>(std::max(row.total, row.bytes)));
    case ProgressColumn: return fraction(row);
    case SpeedColumn: return row.state == State::Downloading ? row.speed : 0.0;
    case EtaColumn: {
        const auto eta = isRunning(row.state) ? etaSeconds(row) : -1;
        // Unknown sorts after every known time.
        return QVariant::fromValue(
            static_cast<qint64>(eta < 0 ? std::numeric_limits<qint64>::max() : eta));
    }
    case StateColumn: return static_cast<int>(row.state);
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
    default: return {};
    }
}

std::int64_t TransferListModel::etaSeconds(const Row& row)
{
    if (row.total < 0 || !(row.speed > 0)) {
        return -1;
    }
    const double remaining = static_cast<double>(std::max<std::int64_t>(0, row.total - row.bytes));
    return static_cast<std::int64_t>(std::ceil(remaining / row.speed));
}

double TransferListModel::fraction(const Row& row)
{
    if (row.state == State::Completed) {
        return 1.0;
    }
    if (row.total <= 0) {
        return row.total == 0 ? 1.0 : -1.0;
    }
    return std::clamp(static_cast<double>(row.bytes) / static_cast<double>(row.total), 0.0, 1.0);
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

TransferListModel::State TransferListModel::stateOf(engine::TransferId id) const
{
    const int row = rowOf(id);
    return row < 0 ? State::Queued : m_rows[static_cast<std::size_t>(row)].state;
}

TransferListModel::Counts TransferListModel::counts() const
{
    Counts c;
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
            break;
        case State::Paused: ++c.paused; break;
        case State::Completed: ++c.completed; break;
        case State::Failed: ++c.failed; break;
        case State::Cancelled: ++c.cancelled; break;
        }
    }
    return c;
}

void TransferListModel::addTransfer(engine::TransferId id, const QString& url,
                                    const QString& directory, const QString& fileName)
{
    if (id == 0 || m_rowById.contains(id)) {
        return;
    }
    Row row;
    row.id = id;
    row.url = url;
    row.directory = directory;
    row.name = fileName.isEmpty() ? nameFromUrl(url) : fileName;
    const int at = rowCount();
    beginInsertRows({}, at, at);
    m_rows.push_back(std::move(row));
    m_rowById.insert(id, at);
    endInsertRows();
    emit countsChanged();
}

bool TransferListModel::removeTransfer(engine::TransferId id)
{
    const int at = rowOf(id);
    if (at < 0) {
        return false;
    }
    beginRemoveRows({}, at, at);
    m_rows.erase(m_rows.begin() + at);
    m_rowById.remove(id);
    for (int i = at; i < rowCount(); ++i) {
        m_rowById[m_rows[static_cast<std::size_t>(i)].id] = i;
    }
    endRemoveRows();
    emit countsChanged();
    return true;
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
    emit countsChanged();
}

void TransferListModel::handleEvents(const QList<haul::engine::Event>& events)
{
    int first = std::numeric_limits<int>::max();
    int last = -1;
    for (const engine::Event& event : events) {
        const int at = rowOf(event.id);
        if (at < 0) {
            continue; // removed already, or never ours
        }
        if (apply(m_rows[static_cast<std::size_t>(at)], event)) {
            first = std::min(first, at);
            last = std::max(last, at);
        }
    }
    if (last >= 0) {
        emit dataChanged(index(first, 0), index(last, ColumnCount - 1));
        emit countsChanged();
    }
}

bool TransferListModel::apply(Row& row, const engine::Event& event)
{
    using namespace haul::engine;
    switch (event.type) {
    case Resolving:
    case Connecting:
    case Connected:
    case RequestSent:
        if (row.state != State::Downloading) {
            row.state = State::Connecting;
        }
        return true;
    case Redirect:
        row.message = tr("Redirected to %1").arg(QString::fromStdString(event.text));
        return true;
    case HeadersReceived:
        row.state = State::Downloading;
        row.httpCode = event.httpCode;
        row.message.clear();
        // The length of an error page is not the size of the file.
        if (event.total >= 0 && event.httpCode < 400) {
            row.total = event.total;
        }
        row.bytes = std::max<std::int64_t>(0, event.bytes);
        return true;
    case Progress:
        row.state = State::Downloading;
        row.bytes = event.bytes;
        if (event.total >= 0) {
            row.total = event.total;
        }
        row.speed = event.speed;
        return true;
    case Retrying:
        row.state = State::Retrying;
        row.speed = 0;
        row.message = tr("Retrying: %1").arg(QString::fromStdString(event.text));
        return true;
    case Completed:
        row.state = State::Completed;
        row.speed = 0;
        row.message.clear();
        if (event.bytes > 0) {
            row.bytes = event.bytes;
        }
        if (row.total < 0 || row.bytes > row.total) {
            row.total = row.bytes;
        }
        if (!event.text.empty()) {
            row.path = QString::fromStdString(event.text);
            const QString name = QFileInfo(row.path).fileName();
            if (!name.isEmpty()) {
                row.name = name;
            }
        }
        return true;
    case Failed:
        row.state = State::Failed;
        row.speed = 0;
        if (event.httpCode != 0) {
            row.httpCode = event.httpCode;
        }
        row.message =
            event.text.empty() ? tr("The download failed.") : QString::fromStdString(event.text);
        return true;
    case Cancelled:
        row.state = State::Cancelled;
        row.speed = 0;
        return true;
    case Paused:
        row.state = State::Paused;
        row.speed = 0;
        if (event.bytes > 0) {
            row.bytes = event.bytes;
        }
        return true;
    case Closed: row.closed = true; return true;
    }
    return false;
}

} // namespace haul::ui
