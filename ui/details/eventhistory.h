// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <QList>
#include <QObject>
#include <QTime>

#include <deque>
#include <unordered_map>
#include <vector>

namespace haul::ui {

class EngineClient;

// EventHistory: the one place that remembers what happened to each transfer, so a detail tab
// opened late still tells the whole story (a failure, the retries before it, a redirect). It
// keeps every event but Progress (a tab shows those live only), the last kCapacity of each
// transfer, with the time the GUI received them. A transfer's events go with its Closed.
//
// Threads: GUI thread only; it listens to EngineClient::eventsArrived and never talks to the
// engine. The client must outlive it (make it a child of an object that dies first).
class EventHistory final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventHistory)

public:
    static constexpr int kCapacity = 200;
    struct Entry {
        QTime time;
        engine::Event event;
    };

    explicit EventHistory(EngineClient* client, QObject* parent = nullptr);
    ~EventHistory() override;

    // The kept events of id, oldest first; empty for an unknown or closed id.
    std::vector<Entry> of(engine::TransferId id) const;
    // Transfers with events kept (tests).
    std::size_t transfers() const { return m_events.size(); }

private:
    void record(const QList<engine::Event>& events);

    std::unordered_map<engine::TransferId, std::deque<Entry>> m_events;
};

} // namespace haul::ui
