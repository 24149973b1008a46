// SPDX-License-Identifier: MIT
#pragma once

#include <haul/session.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace haul::test {

// Records every event of a session (from the engine thread), with the time it arrived, and
// lets the test thread wait for a transfer's Closed, for an event or for a number of them
// (never for a fixed time: a loaded machine is slow). It also checks the contract's invariants
// on every event it sees: informational only while an operation is pending, exactly one
// completion per operation, Closed last and nothing after it. Violations are collected as text.
class EventRecorder {
public:
    explicit EventRecorder(engine::Session& session, std::uint32_t mask = engine::kAllEvents)
        : m_session(session)
    {
        m_subscription = session.subscribe(mask, [this](const engine::Event& e) { record(e); });
    }
    ~EventRecorder() { m_session.unsubscribe(m_subscription); }

    // The test calls this right after an accepted start()/cancel-of-idle, so that the
    // recorder knows an operation is pending.
    void expectOperation(engine::TransferId id)
    {
        std::lock_guard lock(m_mutex);
        ++m_state[id].accepted;
    }

    // start() with the bookkeeping above; undone when the session refuses.
    bool start(engine::TransferId id)
    {
        expectOperation(id);
        if (m_session.start(id))
            return true;
        std::lock_guard lock(m_mutex);
        --m_state[id].accepted;
        return false;
    }

    bool waitClosed(engine::TransferId id,
                    std::chrono::milliseconds timeout = std::chrono::seconds(30))
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_state[id].closed; });
    }
    bool waitFor(engine::TransferId id, engine::EventType type,
                 std::chrono::milliseconds timeout = std::chrono::seconds(30))
    {
        return waitForCount(id, type, 1, timeout);
    }
    // Waits until the transfer has had at least n events of this type.
    bool waitForCount(engine::TransferId id, engine::EventType type, int n,
                      std::chrono::milliseconds timeout = std::chrono::seconds(60))
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return count(id, type) >= n; });
    }

    // Waits until the operations the test started all reached their completion.
    bool waitSettled(engine::TransferId id,
                     std::chrono::milliseconds timeout = std::chrono::seconds(30))
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] {
            const PerTransfer& t = m_state[id];
            return t.completed >= t.accepted;
        });
    }

    std::vector<engine::Event> events(engine::TransferId id) const
    {
        std::lock_guard lock(m_mutex);
        auto it = m_state.find(id);
        return it == m_state.end() ? std::vector<engine::Event>{} : it->second.events;
    }
    // Event names in order, progress left out (its number depends on timing).
    std::vector<std::string> sequence(engine::TransferId id, bool withProgress = false) const
    {
        std::vector<std::string> out;
        for (const auto& e : events(id))
            if (withProgress || e.type != engine::Progress)
                out.emplace_back(engine::eventName(e.type));
        return out;
    }
    engine::Event last(engine::TransferId id, engine::EventType type) const
    {
        engine::Event found;
        for (const auto& e : events(id))
            if (e.type == type)
                found = e;
        return found;
    }
    // The last event of this type and when it arrived (the engine thread delivers an event in
    // the same turn of its loop as it happens); a default Timed when there was none.
    struct Timed {
        engine::Event event;
        std::chrono::steady_clock::time_point at;
    };
    Timed lastTimed(engine::TransferId id, engine::EventType type) const
    {
        std::lock_guard lock(m_mutex);
        auto it = m_state.find(id);
        if (it == m_state.end())
            return {};
        const PerTransfer& t = it->second;
        for (std::size_t i = t.events.size(); i-- > 0;)
            if (t.events[i].type == type)
                return {t.events[i], t.times[i]};
        return {};
    }
    int countOf(engine::TransferId id, engine::EventType type) const
    {
        std::lock_guard lock(m_mutex);
        return count(id, type);
    }
    int completions(engine::TransferId id) const
    {
        int n = 0;
        for (const auto& e : events(id))
            n += engine::isCompletion(e.type) ? 1 : 0;
        return n;
    }
    std::vector<std::string> violations() const
    {
        std::lock_guard lock(m_mutex);
        return m_violations;
    }
    std::size_t total() const
    {
        std::lock_guard lock(m_mutex);
        return m_total;
    }

private:
    struct PerTransfer {
        std::vector<engine::Event> events;
        std::vector<std::chrono::steady_clock::time_point> times; // one per event
        int accepted = 0;  // operations the test says it started
        int completed = 0; // completions seen
        bool closed = false;
    };

    int count(engine::TransferId id, engine::EventType type) const
    {
        auto it = m_state.find(id);
        if (it == m_state.end())
            return 0;
        int n = 0;
        for (const auto& e : it->second.events)
            n += e.type == type ? 1 : 0;
        return n;
    }

    void record(const engine::Event& e)
    {
        std::lock_guard lock(m_mutex);
        ++m_total;
        PerTransfer& t = m_state[e.id];
        const std::string what =
            "transfer " + std::to_string(e.id) + ": " + std::string(engine::eventName(e.type));
        if (t.closed)
            m_violations.push_back(what + " after closed");
        if (engine::isInformational(e.type) && t.completed >= t.accepted)
            m_violations.push_back(what + " while no operation was pending");
        if (engine::isCompletion(e.type) && ++t.completed > t.accepted)
            m_violations.push_back(what + ": more completions than operations");
        if (e.type == engine::Closed)
            t.closed = true;
        t.events.push_back(e);
        t.times.push_back(std::chrono::steady_clock::now());
        m_changed.notify_all();
    }

    engine::Session& m_session;
    engine::SubscriptionId m_subscription = 0;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<engine::TransferId, PerTransfer> m_state;
    std::vector<std::string> m_violations;
    std::size_t m_total = 0;
};

} // namespace haul::test
