// SPDX-License-Identifier: MIT
#include "details/eventhistory.h"

#include "engineclient.h"

namespace haul::ui {

EventHistory::EventHistory(EngineClient* client, QObject* parent) : QObject(parent)
{
    if (client) {
        connect(client, &EngineClient::eventsArrived, this, &EventHistory::record);
    }
}

EventHistory::~EventHistory() = default;

std::vector<EventHistory::Entry> EventHistory::of(engine::TransferId id) const
{
    const auto it = m_events.find(id);
    if (it == m_events.end()) {
        return {};
    }
    return {it->second.begin(), it->second.end()};
}

void EventHistory::record(const QList<engine::Event>& events)
{
    const QTime now = QTime::currentTime();
    for (const engine::Event& event : events) {
        if (event.type == engine::Closed) {
            m_events.erase(event.id);
        } else if (event.type != engine::Progress) {
            std::deque<Entry>& kept = m_events[event.id];
            kept.push_back({now, event});
            if (kept.size() > static_cast<std::size_t>(kCapacity)) {
                kept.pop_front();
            }
        }
    }
}

} // namespace haul::ui
