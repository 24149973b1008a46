// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <QAbstractTableModel>
#include <QList>
#include <QTime>

#include <deque>

namespace haul::ui {

// EventTraceModel: the bridge events of one transfer, as a detail tab shows them: the time the
// GUI received the batch (hh:mm:ss.zzz), the event's name and its details. It keeps the last
// kCapacity events; older ones fall off the top. Progress events can be hidden (they are kept
// and come back when shown again). Values only; GUI thread only.
class EventTraceModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventTraceModel)

public:
    static constexpr int kCapacity = 2000;
    enum Column { TimeColumn, EventColumn, DetailsColumn, ColumnCount };

    explicit EventTraceModel(QObject* parent = nullptr);
    ~EventTraceModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Appends the events (all of the same transfer, in engine order), stamped with `at`.
    void append(const QList<engine::Event>& events, QTime at = QTime::currentTime());
    void setShowProgress(bool show);
    bool showProgress() const { return m_showProgress; }
    // Events received so far, hidden or not, including those that fell off.
    qint64 totalReceived() const { return m_total; }
    engine::EventType typeAt(int row) const;

    // "bytes=… total=… http=… text" for the details column.
    static QString details(const engine::Event& event);

private:
    struct Entry {
        QTime time;
        engine::Event event;
    };

    bool shown(const Entry& entry) const
    {
        return m_showProgress || entry.event.type != engine::Progress;
    }

    std::deque<Entry> m_all;   // the last kCapacity events
    std::deque<Entry> m_shown; // what the view shows (m_all minus hidden Progress), capped too
    bool m_showProgress = true;
    qint64 m_total = 0;
};

} // namespace haul::ui
