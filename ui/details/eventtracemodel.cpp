// SPDX-License-Identifier: MIT
#include "details/eventtracemodel.h"

#include "humanformat.h"
#include "transferlist/statecolors.h"

#include <haul/url.h>

#include <QApplication>
#include <QColor>
#include <QFont>
#include <QPalette>
#include <QStringList>

namespace haul::ui {

EventTraceModel::EventTraceModel(QObject* parent) : QAbstractTableModel(parent) {}

EventTraceModel::~EventTraceModel() = default;

int EventTraceModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_shown.size());
}

int EventTraceModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTraceModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case TimeColumn: return tr("Time");
    case EventColumn: return tr("Event");
    case DetailsColumn: return tr("Details");
    default: return {};
    }
}

QVariant EventTraceModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Entry& entry = m_shown[static_cast<std::size_t>(index.row())];
    const engine::EventType type = entry.event.type;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn: return entry.time.toString(QStringLiteral("hh:mm:ss.zzz"));
        case EventColumn: return QString::fromUtf8(engine::eventName(type));
        case DetailsColumn: return details(entry.event);
        default: return {};
        }
    case Qt::ToolTipRole:
        return index.column() == DetailsColumn ? details(entry.event) : QVariant();
    case Qt::ForegroundRole:
        if (index.column() != EventColumn) {
            return {};
        }
        // Read for every paint, so a palette changed while running is followed.
        if (type == engine::Failed) {
            return statecolors::failedText(QApplication::palette());
        }
        if (type == engine::Completed) {
            const bool dark = QApplication::palette().color(QPalette::Base).lightness() < 128;
            return dark ? QColor(0x81, 0xc7, 0x84) : QColor(0x2e, 0x7d, 0x32);
        }
        return {};
    case Qt::FontRole:
        // Completions and Closed stand out: they are what the contract is about.
        if (index.column() == EventColumn
            && (engine::isCompletion(type) || type == engine::Closed)) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default: return {};
    }
}

QString EventTraceModel::details(const engine::Event& event)
{
    QStringList parts;
    switch (event.type) {
    case engine::Progress:
        parts << (event.total >= 0
                      ? tr("%1 of %2")
                            .arg(humanformat::size(event.bytes), humanformat::size(event.total))
                      : humanformat::size(event.bytes));
        if (event.speed > 0) {
            parts << humanformat::speed(event.speed);
        }
        break;
    case engine::HeadersReceived:
    case engine::Completed:
    case engine::Paused:
    case engine::Failed:
    case engine::Cancelled:
        if (event.bytes > 0 || event.type != engine::Cancelled) {
            parts << tr("bytes %1").arg(event.bytes);
        }
        if (event.total >= 0) {
            parts << tr("total %1").arg(event.total);
        }
        break;
    default: break;
    }
    if (event.httpCode != 0) {
        parts << tr("HTTP %1").arg(event.httpCode);
    }
    if (event.curlCode != 0) {
        parts << tr("curl %1").arg(event.curlCode);
    }
    // What the event says of its own: an address, a reason or note, or the saved file's path.
    const std::string& said = event.type == engine::Completed ? event.file
                              : !event.url.empty()            ? event.url
                                                              : event.reason;
    if (!said.empty()) {
        // Redirect locations may carry credentials; never show them.
        parts << QString::fromStdString(
            event.type == engine::Redirect ? engine::maskCredentials(said) : said);
    }
    return parts.join(QStringLiteral("  ·  "));
}

engine::EventType EventTraceModel::typeAt(int row) const
{
    if (row < 0 || row >= rowCount()) {
        return engine::Closed;
    }
    return m_shown[static_cast<std::size_t>(row)].event.type;
}

void EventTraceModel::append(const QList<engine::Event>& events, QTime at)
{
    QList<Entry> visible;
    for (const engine::Event& event : events) {
        Entry entry{at, event};
        ++m_total;
        if (shown(entry)) {
            visible.append(entry);
        }
        m_all.push_back(std::move(entry));
        if (m_all.size() > static_cast<std::size_t>(kCapacity)) {
            m_all.pop_front();
        }
    }
    if (visible.isEmpty()) {
        return;
    }
    // Keep only what fits, then make room at the top before inserting at the bottom.
    if (visible.size() > kCapacity) {
        visible.erase(visible.begin(), visible.end() - kCapacity);
    }
    const int overflow =
        static_cast<int>(m_shown.size()) + static_cast<int>(visible.size()) - kCapacity;
    if (overflow > 0) {
        beginRemoveRows({}, 0, overflow - 1);
        m_shown.erase(m_shown.begin(), m_shown.begin() + overflow);
        endRemoveRows();
    }
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(visible.size()) - 1);
    for (Entry& entry : visible) {
        m_shown.push_back(std::move(entry));
    }
    endInsertRows();
}

void EventTraceModel::setShowProgress(bool show)
{
    if (show == m_showProgress) {
        return;
    }
    beginResetModel();
    m_showProgress = show;
    m_shown.clear();
    for (const Entry& entry : m_all) {
        if (shown(entry)) {
            m_shown.push_back(entry);
        }
    }
    endResetModel();
}

} // namespace haul::ui
