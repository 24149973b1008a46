// SPDX-License-Identifier: MIT
// The C++ twin of attackmodule.c: a loadable module that subscribes through
// haul::engine::Session with lambdas made here, each owning (through a shared_ptr) a State
// whose destructor is module code that writes module memory and frees module-allocated memory.
// Whoever destroys such a callback after the module was unmapped jumps into nothing: the
// std::function's manager, the shared_ptr's control block and ~State all live in this object.
//
// It links no Haul library: Session's member functions resolve against the host program,
// which links the engine and exports its symbols. Everything here is hidden but the entry
// points, so the module holds no STB_GNU_UNIQUE symbol that would make dlclose a no-op.
#include "attackhooks.h"

#include <haul/session.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>

#define EXPORT extern "C" __attribute__((visibility("default")))

namespace {

using namespace haul::engine;

constexpr unsigned kGenerations = 64;

attack_plan g_plan;
attack_hooks g_hooks;
int g_count = 0;
std::array<TransferId, ATTACK_MAX_TRANSFERS> g_ids{};
std::array<SubscriptionId, ATTACK_MAX_TRANSFERS> g_subscriptions{};
unsigned g_generation = 0;
// States alive per generation (see attackmodule.c): written by ~State, wherever it runs.
std::array<std::atomic<long>, kGenerations> g_alive{};

struct State {
    explicit State(Session& s, TransferId t)
        : session(s), id(t), generation(g_generation), buffer(static_cast<char*>(std::malloc(64)))
    {
        g_alive[generation % kGenerations].fetch_add(1);
    }
    ~State()
    {
        std::free(buffer);
        buffer = nullptr;
        g_alive[generation % kGenerations].fetch_sub(1);
    }
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    Session& session;
    const TransferId id;
    const unsigned generation;
    std::atomic<SubscriptionId> subscription{0};
    long invocations = 0; // engine thread only
    char* buffer;
};

// Module code that keeps running and keeps using its state after removing itself.
void spin(State& st, int ms)
{
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    volatile char* touched = st.buffer + 1;
    do
        *touched = static_cast<char>(*touched + 1);
    while (std::chrono::steady_clock::now() < until);
}

void onEvent(State& st, const Event& e)
{
    const long n = ++st.invocations;
    g_hooks.note(g_hooks.host, ATTACK_EVENT, st.id, e.type);
    st.buffer[0] = static_cast<char>(n); // still ours after the host's note returned
    if (e.type == Closed) {
        g_hooks.note(g_hooks.host, ATTACK_SAW_CLOSED, st.id, e.type);
        g_hooks.note(g_hooks.host, ATTACK_LAST, st.id, 0);
        return; // the engine destroys this callback, and so the State, afterwards
    }
    if (g_plan.unsubscribe_self_on && n == g_plan.unsubscribe_self_on) {
        st.session.unsubscribe(st.subscription.load()); // from inside: at once, and the last
        g_hooks.note(g_hooks.host, ATTACK_UNSUBSCRIBED_ITSELF, st.id, e.type);
        spin(st, g_plan.spin_ms);
        g_hooks.note(g_hooks.host, ATTACK_LAST, st.id, 0);
        return;
    }
    if (g_plan.close_self_on && n == g_plan.close_self_on)
        st.session.close(st.id);
}

} // namespace

EXPORT int attack_begin(void* session, const char* url, const char* directory,
                        const char* namePrefix, int count, const attack_plan* plan,
                        const attack_hooks* hooks, std::uint64_t* ids)
{
    Session& s = *static_cast<Session*>(session);
    g_count = 0;
    g_plan = *plan;
    g_hooks = *hooks;
    ++g_generation;
    count = std::min(count, ATTACK_MAX_TRANSFERS);
    for (int i = 0; i < count; ++i) {
        TransferRequest request;
        request.url = url;
        request.directory = directory;
        request.fileName = std::string(namePrefix) + static_cast<char>('a' + i);
        const TransferId id = s.create(request);
        if (!id)
            return -1;
        auto state = std::make_shared<State>(s, id);
        const SubscriptionId sub = s.subscribe(
            kAllEvents, [state](const Event& e) { onEvent(*state, e); }, id);
        if (!sub)
            return -1;
        state->subscription = sub; // before start(): no event can come earlier
        g_ids[static_cast<std::size_t>(i)] = id;
        g_subscriptions[static_cast<std::size_t>(i)] = sub;
        ids[i] = id;
        ++g_count;
        s.start(id);
    }
    return g_count;
}

EXPORT void attack_end(void* session)
{
    Session& s = *static_cast<Session*>(session);
    for (int i = 0; i < g_count; ++i) {
        // When it returns nothing of the callback runs or exists (its State is gone too), also
        // when the callback removed itself a moment ago or its Closed is being delivered.
        s.unsubscribe(g_subscriptions[static_cast<std::size_t>(i)]);
        s.close(g_ids[static_cast<std::size_t>(i)]);
    }
    g_count = 0;
}

EXPORT long attack_live()
{
    return g_alive[g_generation % kGenerations].load();
}
