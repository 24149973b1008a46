// SPDX-License-Identifier: MIT
#include "session/callbackbridge.h"

#include <algorithm>
#include <cstdio>
#include <exception>

namespace haul::engine {

namespace {

// The subscriptions whose callback this thread is running, or whose callback object it is
// destroying, right now. Nested only when a callback or a destructor unsubscribes another.
thread_local std::vector<const void*> t_inside;

bool inside(const void* sub)
{
    return std::find(t_inside.begin(), t_inside.end(), sub) != t_inside.end();
}

struct Inside {
    explicit Inside(const void* sub) { t_inside.push_back(sub); }
    ~Inside() { t_inside.pop_back(); }
    Inside(const Inside&) = delete;
    Inside& operator=(const Inside&) = delete;
};

} // namespace

CallbackBridge::Ptr CallbackBridge::registerLocked(std::uint32_t mask, EventCallback callback,
                                                   TransferId filter, ModulePins pins)
{
    auto sub = std::make_shared<Subscription>();
    sub->mask = mask;
    sub->filter = filter;
    sub->callback = std::move(callback);
    sub->pins = std::move(pins);
    sub->id = m_nextId++;
    m_all.emplace(sub->id, sub);
    (filter == 0 ? m_global : m_byTransfer[filter]).push_back(sub);
    return sub;
}

SubscriptionId CallbackBridge::subscribe(std::uint32_t mask, EventCallback callback,
                                         TransferId filter, ModulePins pins)
{
    std::lock_guard lock(m_mutex);
    return registerLocked(mask, std::move(callback), filter, std::move(pins))->id;
}

std::vector<SubscriptionId> CallbackBridge::setSlot(TransferId transfer, std::uint32_t mask,
                                                    EventCallback callback, ModulePins pins)
{
    std::lock_guard lock(m_mutex);
    auto found = m_slots.find(transfer);
    if (found == m_slots.end() && !callback)
        return {}; // nothing installed, nothing left of earlier ones
    Slot& slot = found == m_slots.end() ? m_slots[transfer] : found->second;
    if (slot.current != 0) {
        if (auto it = m_all.find(slot.current); it != m_all.end())
            revokeLocked(it->second);
        slot.retiring.push_back(slot.current);
        slot.current = 0;
    }
    if (callback) {
        const Ptr sub = registerLocked(mask, std::move(callback), transfer, std::move(pins));
        sub->inSlot = true;
        slot.current = sub->id;
    }
    std::vector<SubscriptionId> wait = slot.retiring;
    if (slot.current == 0 && slot.retiring.empty())
        m_slots.erase(transfer);
    return wait;
}

void CallbackBridge::revokeLocked(const Ptr& sub)
{
    if (sub->revoked)
        return;
    sub->revoked = true;
    if (sub->filter == 0) {
        std::erase(m_global, sub);
    } else if (auto it = m_byTransfer.find(sub->filter); it != m_byTransfer.end()) {
        std::erase(it->second, sub);
        if (it->second.empty())
            m_byTransfer.erase(it);
    }
}

bool CallbackBridge::claimLocked(const Ptr& sub)
{
    if (!sub->revoked || sub->running != 0 || sub->claimed)
        return false;
    sub->claimed = true;
    return true;
}

void CallbackBridge::destroyClaimed(const Ptr& sub)
{
    {
        // A captured destructor that unsubscribes this very subscription must not wait for
        // itself.
        Inside mark(sub.get());
        EventCallback dead;
        dead.swap(sub->callback);
        // ~dead runs here: the captured objects' destructors, in the module's code.
    }
    sub->pins.release(); // the module may be unmapped from here on
    std::lock_guard lock(m_mutex);
    m_all.erase(sub->id);
    if (sub->inSlot) {
        if (auto it = m_slots.find(sub->filter); it != m_slots.end()) {
            Slot& slot = it->second;
            std::erase(slot.retiring, sub->id);
            if (slot.current == sub->id)
                slot.current = 0;
            if (slot.current == 0 && slot.retiring.empty())
                m_slots.erase(it);
        }
    }
    m_changed.notify_all();
}

bool CallbackBridge::unsubscribe(SubscriptionId id)
{
    std::unique_lock lock(m_mutex);
    auto it = m_all.find(id);
    if (it == m_all.end())
        return true; // gone (or never was): nothing of it runs or exists
    const Ptr sub = it->second;
    revokeLocked(sub);
    // From inside this subscription's own callback, waiting would deadlock: the invocation in
    // progress is the last, and the engine thread destroys the callback when it returns.
    if (inside(sub.get()))
        return false;
    m_changed.wait(lock, [&] { return sub->running == 0; });
    if (claimLocked(sub)) {
        lock.unlock();
        destroyClaimed(sub);
        return true;
    }
    // Another thread is destroying it: wait until that is done too, so that whoever called
    // unsubscribe may free what the callback's captures refer to.
    m_changed.wait(lock, [&] { return !m_all.contains(id); });
    return true;
}

void CallbackBridge::revokeFor(TransferId transfer)
{
    HAUL_CHECK_THREAD(m_deliveryThread);
    std::vector<Ptr> idle;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_byTransfer.find(transfer);
        if (it == m_byTransfer.end())
            return;
        const std::vector<Ptr> subs = std::move(it->second);
        m_byTransfer.erase(it);
        for (const Ptr& sub : subs) {
            sub->revoked = true;
            if (claimLocked(sub))
                idle.push_back(sub);
        }
    }
    for (const Ptr& sub : idle)
        destroyClaimed(sub);
}

void CallbackBridge::invoke(Subscription& sub, const Event& event)
{
    m_inFlight.fetch_add(1, std::memory_order_relaxed);
    {
        Inside mark(&sub);
        try {
            sub.callback(event);
        } catch (const std::exception& e) {
            if (m_exceptions.fetch_add(1, std::memory_order_relaxed) < 20)
                std::fprintf(stderr, "haul: a callback threw (%s); delivery goes on\n", e.what());
        } catch (...) {
            if (m_exceptions.fetch_add(1, std::memory_order_relaxed) < 20)
                std::fprintf(stderr, "haul: a callback threw; delivery goes on\n");
        }
    }
    m_inFlight.fetch_sub(1, std::memory_order_relaxed);
    m_delivered.fetch_add(1, std::memory_order_relaxed);
}

void CallbackBridge::deliver(const Event& event)
{
    HAUL_CHECK_THREAD(m_deliveryThread);
    std::vector<Ptr> targets;
    {
        std::lock_guard lock(m_mutex);
        // Both lists are in id order; merging keeps one global order of subscription.
        static const std::vector<Ptr> kNone;
        auto own = m_byTransfer.find(event.id);
        const std::vector<Ptr>& bound = own == m_byTransfer.end() ? kNone : own->second;
        auto g = m_global.begin();
        auto b = bound.begin();
        while (g != m_global.end() || b != bound.end()) {
            const bool takeGlobal =
                b == bound.end() || (g != m_global.end() && (*g)->id < (*b)->id);
            const Ptr& sub = takeGlobal ? *g++ : *b++;
            if (sub->mask & event.type)
                targets.push_back(sub);
        }
    }
    for (const Ptr& sub : targets) {
        {
            // Checking revoked and raising the count under one lock is what makes
            // unsubscribe() synchronize: after it set revoked, no invocation can start.
            std::lock_guard lock(m_mutex);
            if (sub->revoked)
                continue;
            ++sub->running;
        }
        invoke(*sub, event);
        bool destroy = false;
        {
            std::lock_guard lock(m_mutex);
            --sub->running;
            if (sub->revoked && sub->running == 0) {
                // It unsubscribed itself (or was unsubscribed) while running: wake the waiters,
                // and destroy it here unless one of them already took that on.
                destroy = claimLocked(sub);
                m_changed.notify_all();
            }
        }
        if (destroy)
            destroyClaimed(sub);
    }
}

std::size_t CallbackBridge::subscriptions() const
{
    std::lock_guard lock(m_mutex);
    return m_all.size();
}

std::size_t CallbackBridge::slots() const
{
    std::lock_guard lock(m_mutex);
    return m_slots.size();
}

} // namespace haul::engine
