// SPDX-License-Identifier: MIT
#include "callbackbridge.h"

#include <algorithm>

namespace haul::engine {

namespace {
// Subscriptions whose callback this thread is running right now (nested when a callback
// triggers nothing re-entrant; a short list in practice).
thread_local std::vector<const void*> t_activeDeliveries;
} // namespace

SubscriptionId CallbackBridge::subscribe(std::uint32_t mask, EventCallback callback,
                                         TransferId filter)
{
    auto sub = std::make_shared<Subscription>();
    sub->mask = mask;
    sub->filter = filter;
    sub->callback = std::move(callback);
    std::lock_guard lock(m_mutex);
    sub->id = m_nextId++;
    m_subscriptions.push_back(sub);
    return sub->id;
}

void CallbackBridge::removeLocked(SubscriptionId id)
{
    std::erase_if(m_subscriptions, [id](const auto& s) { return s->id == id; });
}

void CallbackBridge::unsubscribe(SubscriptionId id)
{
    std::unique_lock lock(m_mutex);
    auto it = std::find_if(m_subscriptions.begin(), m_subscriptions.end(),
                           [id](const auto& s) { return s->id == id; });
    if (it == m_subscriptions.end())
        return;
    std::shared_ptr<Subscription> sub = *it;
    sub->revoked = true;
    removeLocked(id);
    // Called from inside this subscription's own callback: the current invocation is the last
    // one; waiting for it here would deadlock.
    if (std::find(t_activeDeliveries.begin(), t_activeDeliveries.end(), sub.get())
        != t_activeDeliveries.end())
        return;
    m_idle.wait(lock, [&] { return sub->running == 0; });
    // Destroy the callback (and whatever it captured) here, on the caller's thread, so nothing
    // of it is touched after unsubscribe returns; the module that made it may be unloaded now.
    EventCallback dead = std::move(sub->callback);
    lock.unlock();
}

void CallbackBridge::revokeFor(TransferId transfer)
{
    std::lock_guard lock(m_mutex);
    for (auto& s : m_subscriptions)
        if (s->filter == transfer)
            s->revoked = true;
    std::erase_if(m_subscriptions, [transfer](const auto& s) { return s->filter == transfer; });
}

void CallbackBridge::deliver(const Event& event)
{
    std::vector<std::shared_ptr<Subscription>> targets;
    {
        std::lock_guard lock(m_mutex);
        for (const auto& s : m_subscriptions)
            if ((s->mask & event.type) && (s->filter == 0 || s->filter == event.id))
                targets.push_back(s);
    }
    for (const auto& sub : targets) {
        {
            // Checking revoked and raising the count under one lock is what makes
            // unsubscribe() synchronize: after it set revoked, no invocation can start.
            std::lock_guard lock(m_mutex);
            if (sub->revoked)
                continue;
            ++sub->running;
        }
        m_inFlight.fetch_add(1, std::memory_order_relaxed);
        t_activeDeliveries.push_back(sub.get());
        sub->callback(event);
        t_activeDeliveries.pop_back();
        m_inFlight.fetch_sub(1, std::memory_order_relaxed);
        m_delivered.fetch_add(1, std::memory_order_relaxed);
        {
            std::lock_guard lock(m_mutex);
            if (--sub->running == 0 && sub->revoked)
                m_idle.notify_all();
        }
    }
}

} // namespace haul::engine
