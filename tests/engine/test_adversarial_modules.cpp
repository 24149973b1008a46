// SPDX-License-Identifier: MIT
// Adversarial tests of rules 5 and 6 with real dlopen'ed modules: a C module over the C API
// (module/attackmodule.c) and a C++ module whose callbacks are lambdas made inside it
// (module/attackmodule.cpp), both reporting to this host through attackhooks.h. The host
// unloads a module the moment the contract allows it ("after unsubscribe returns, or after
// Closed was delivered, at once, with nothing for the module to time"), and also while one of
// its callbacks is on the engine thread's stack, which the engine's pin on the module makes
// safe. Whatever of a module runs after it was unmapped (a callback returning into it, the
// engine destroying a callback object whose code lives in it) crashes: SIGSEGV, or an
// AddressSanitizer report. Also here: C API races with no module (haul_set_callback from two
// threads, haul_session_free while a haul_set_callback is in progress).
//
// The host links the engine statically and exports its symbols; the modules link no Haul
// library and resolve Session's members and haul_* against the host.
#include "adversarialsupport.h"
#include "module/attackhooks.h"
#include "testsupport.h"

#include <haul/haul.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <dlfcn.h>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

using namespace haul;
using namespace std::chrono_literals;

namespace {

using Begin = int (*)(void*, const char*, const char*, const char*, int, const attack_plan*,
                      const attack_hooks*, std::uint64_t*);
using End = void (*)(void*);
using Live = long (*)();

enum class Kind { C, Cpp };

const char* pathOf(Kind kind)
{
    return kind == Kind::C ? HAUL_ATTACK_C_MODULE_PATH : HAUL_ATTACK_CPP_MODULE_PATH;
}
const char* nameOf(Kind kind)
{
    return kind == Kind::C ? "C module" : "C++ module";
}

// Whether the shared object is mapped now. RTLD_NOLOAD never loads; its reference is dropped
// at once.
bool isLoaded(Kind kind)
{
    void* handle = dlopen(pathOf(kind), RTLD_NOW | RTLD_NOLOAD);
    if (!handle)
        return false;
    dlclose(handle);
    return true;
}

// After the last callback object of a module is gone, the engine releases its pin and the
// module is unmapped: a pin that is never released keeps every module loaded forever.
bool becomesUnloaded(Kind kind)
{
    return test::eventually([kind] { return !isLoaded(kind); }, 10s);
}

struct Module {
    testing::AssertionResult load(Kind k)
    {
        kind = k;
        handle = dlopen(pathOf(k), RTLD_NOW | RTLD_LOCAL);
        if (!handle)
            return testing::AssertionFailure() << dlerror();
        begin = reinterpret_cast<Begin>(dlsym(handle, "attack_begin"));
        end = reinterpret_cast<End>(dlsym(handle, "attack_end"));
        live = reinterpret_cast<Live>(dlsym(handle, "attack_live"));
        if (!begin || !end || !live)
            return testing::AssertionFailure() << "entry points missing in " << pathOf(k);
        return testing::AssertionSuccess();
    }
    // The host's dlclose, at once. With the engine's pin the module may stay mapped a little
    // longer; without it, it is gone when this returns.
    testing::AssertionResult unload()
    {
        void* h = handle;
        handle = nullptr;
        begin = nullptr;
        end = nullptr;
        live = nullptr;
        if (!h || dlclose(h) != 0)
            return testing::AssertionFailure() << "dlclose failed: " << dlerror();
        return testing::AssertionSuccess();
    }

    Kind kind = Kind::C;
    void* handle = nullptr;
    Begin begin = nullptr;
    End end = nullptr;
    Live live = nullptr;
};

// The host's end of attack_hooks: what each transfer's module callback reported, checked as
// it arrives, and a way to hold the engine thread inside a module callback ("park") while the
// test unloads the module.
class HostSide {
public:
    attack_hooks hooks() { return {this, &HostSide::onNote}; }

    // The next ATTACK_EVENT blocks the engine thread there, with the module's code on its
    // stack, until unpark().
    void parkNextEvent()
    {
        std::lock_guard lock(m_mutex);
        m_parkArmed = true;
    }
    // Parked, or every one of ids had its last invocation (then nothing can park any more).
    bool waitParked(const std::vector<std::uint64_t>& ids, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait_for(lock, timeout, [&] { return m_parked || allLastLocked(ids); });
        if (!m_parked)
            m_parkArmed = false;
        return m_parked;
    }
    void unpark()
    {
        {
            std::lock_guard lock(m_mutex);
            m_parked = false;
        }
        m_changed.notify_all();
    }

    bool waitNote(std::uint64_t id, int what, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_records[id].notes[what] > 0; });
    }
    bool waitEvent(std::uint64_t id, std::uint32_t type, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return m_records[id].types & type; });
    }
    bool waitLast(const std::vector<std::uint64_t>& ids, std::chrono::milliseconds timeout)
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [&] { return allLastLocked(ids); });
    }
    bool hasNote(std::uint64_t id, int what)
    {
        std::lock_guard lock(m_mutex);
        return m_records[id].notes[what] > 0;
    }
    // The module removed these transfers' callbacks and the removal returned: a note for one
    // of them from now on is an invocation after unsubscribe (rule 5).
    void ended(const std::vector<std::uint64_t>& ids)
    {
        std::lock_guard lock(m_mutex);
        for (auto id : ids)
            m_records[id].ended = true;
    }
    std::vector<std::string> violations()
    {
        std::lock_guard lock(m_mutex);
        return m_violations;
    }
    long notes()
    {
        std::lock_guard lock(m_mutex);
        return m_notes;
    }

private:
    struct Record {
        std::map<int, int> notes;
        std::uint32_t types = 0; // event types seen
        bool ended = false;
    };

    static void onNote(void* host, int what, std::uint64_t id, std::uint32_t event)
    {
        static_cast<HostSide*>(host)->note(what, id, event);
    }

    bool allLastLocked(const std::vector<std::uint64_t>& ids)
    {
        for (auto id : ids)
            if (m_records[id].notes[ATTACK_LAST] == 0)
                return false;
        return true;
    }

    void note(int what, std::uint64_t id, std::uint32_t event)
    {
        std::unique_lock lock(m_mutex);
        ++m_notes;
        Record& r = m_records[id];
        const std::string which =
            "transfer " + std::to_string(id) + ", note " + std::to_string(what);
        if (r.notes[ATTACK_LAST] > 0)
            m_violations.push_back(which + ": its callback ran after its last invocation");
        if (r.ended)
            m_violations.push_back(which + ": its callback ran after its removal returned");
        ++r.notes[what];
        if (what == ATTACK_EVENT)
            r.types |= event;
        m_changed.notify_all();
        if (what == ATTACK_EVENT && m_parkArmed) {
            m_parkArmed = false;
            m_parked = true;
            m_changed.notify_all();
            // Bounded, so that a test that failed elsewhere does not hold the engine forever.
            m_changed.wait_for(lock, 20s, [this] { return !m_parked; });
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::map<std::uint64_t, Record> m_records;
    std::vector<std::string> m_violations;
    long m_notes = 0;
    bool m_parkArmed = false;
    bool m_parked = false;
};

void serveSlow(server::HttpServer& server)
{
    server::Resource slow;
    slow.size = 256u << 20;
    slow.rateBytesPerSec = 2u << 20;
    server.addResource("/slow", slow);
}

struct ModuleAttack : ::testing::Test {
    ModuleAttack()
    {
        EXPECT_TRUE(server.start()) << server.error();
        serveSlow(server);
        cSession = haul_session_new(16);
        EXPECT_NE(cSession, nullptr);
        cppSession.emplace();
    }
    ~ModuleAttack() override
    {
        watchdog.stage("tear-down: haul_session_free and ~Session");
        freeSessions();
        for (HostSide* h : {&cHost, &cppHost})
            EXPECT_TRUE(h->violations().empty()) << testing::PrintToString(h->violations());
    }

    void freeSessions()
    {
        if (cSession)
            haul_session_free(cSession);
        cSession = nullptr;
        cppSession.reset();
    }

    HostSide& hostFor(Kind kind) { return kind == Kind::C ? cHost : cppHost; }
    void* sessionFor(Kind kind)
    {
        return kind == Kind::C ? static_cast<void*>(cSession) : static_cast<void*>(&*cppSession);
    }
    void closeTransfer(Kind kind, std::uint64_t id)
    {
        if (kind == Kind::C)
            haul_close(cSession, id);
        else
            cppSession->close(id);
    }

    std::vector<std::uint64_t> begin(Module& m, int count, attack_plan plan = {})
    {
        std::uint64_t ids[ATTACK_MAX_TRANSFERS] = {};
        const attack_hooks hooks = hostFor(m.kind).hooks();
        const std::string prefix = "t" + std::to_string(++names) + "-";
        const int n = m.begin(sessionFor(m.kind), server.url("/slow").c_str(), dir.path().c_str(),
                              prefix.c_str(), count, &plan, &hooks, ids);
        EXPECT_EQ(n, count) << nameOf(m.kind) << ": attack_begin failed";
        return {ids, ids + std::max(n, 0)};
    }

    test::Watchdog watchdog{120s}; // first: it outlives the sessions' destruction
    server::HttpServer server;
    test::TempDir dir;
    HostSide cHost; // outlive the sessions: their engine threads call into them
    HostSide cppHost;
    haul_session* cSession = nullptr;
    std::optional<engine::Session> cppSession;
    int names = 0;
};

// The attacks below prove something only if dlclose really unmaps a module here (no
// STB_GNU_UNIQUE symbol, nothing else holding it), and an orderly cycle leaves nothing behind.
TEST_F(ModuleAttack, Sanity_ModulesLoadResolveAgainstTheHostAndReallyUnload)
{
    for (Kind kind : {Kind::C, Kind::Cpp}) {
        Module m;
        ASSERT_TRUE(m.load(kind));
        EXPECT_TRUE(isLoaded(kind));
        ASSERT_TRUE(m.unload());
        EXPECT_FALSE(isLoaded(kind)) << nameOf(kind)
                                     << " stays mapped after dlclose: the "
                                        "unload attacks would prove nothing";
        ASSERT_TRUE(m.load(kind));
        const auto ids = begin(m, 2);
        ASSERT_EQ(ids.size(), 2u);
        ASSERT_TRUE(hostFor(kind).waitEvent(ids[0], HAUL_EVENT_HEADERS_RECEIVED, 10s));
        m.end(sessionFor(kind));
        hostFor(kind).ended(ids);
        EXPECT_EQ(m.live(), 0);
        ASSERT_TRUE(m.unload());
        EXPECT_TRUE(becomesUnloaded(kind)) << nameOf(kind);
    }
}

// Rule 5/6 through the C API: the module's callback removes itself with
// haul_set_callback(NULL) from inside (returns at once) and keeps running module code on its
// context. The module's unload path calls haul_set_callback(NULL) again; that must wait for
// the running invocation. Then it frees the context and the host dlcloses at once.
TEST_F(ModuleAttack, Rule06_CCallbackStillRunningAfterItRemovedItselfWhenTheModuleUnloads)
{
    Module m;
    ASSERT_TRUE(m.load(Kind::C));
    const auto ids = begin(m, 1, {.unsubscribe_self_on = 1, .close_self_on = 0, .spin_ms = 300});
    ASSERT_EQ(ids.size(), 1u);
    ASSERT_TRUE(cHost.waitNote(ids[0], ATTACK_UNSUBSCRIBED_ITSELF, 10s));
    m.end(cSession);
    const bool finishedFirst = cHost.hasNote(ids[0], ATTACK_LAST);
    EXPECT_TRUE(finishedFirst)
        << "haul_set_callback(NULL) returned while the callback that had removed itself was still "
           "running module code; the module now frees its context and is unloaded under it";
    ASSERT_TRUE(m.unload());
    watchdog.stage("haul_session_free after the module was unloaded");
    freeSessions(); // waits for the engine thread: whatever still runs in the module runs now
    EXPECT_TRUE(becomesUnloaded(Kind::C));
}

// Rule 6: after its Closed was delivered the module may be unloaded at once. The host's own
// per-transfer subscription, made after the module's, is delivered after it: when it sees
// Closed, the module's last invocation has returned and only the engine's destruction of the
// lambda (module code: its manager, the shared_ptr's control block, ~State) is left. The host
// holds the engine thread there, dlcloses, lets go.
TEST_F(ModuleAttack, Rule06_LambdaDestroyedAfterItsClosedOnceTheModuleIsGone)
{
    Module m;
    ASSERT_TRUE(m.load(Kind::Cpp));
    const auto ids = begin(m, 1);
    ASSERT_EQ(ids.size(), 1u);
    ASSERT_TRUE(cppHost.waitEvent(ids[0], engine::Progress, 10s)); // mid-body
    test::Flag moduleDone;
    test::Flag unloaded;
    const auto after = cppSession->subscribe(
        engine::Closed,
        [&](const engine::Event&) {
            moduleDone.set();
            unloaded.waitFor(5s);
        },
        ids[0]);
    ASSERT_NE(after, 0u);
    cppSession->close(ids[0]);
    ASSERT_TRUE(moduleDone.waitFor(10s));
    EXPECT_TRUE(cppHost.hasNote(ids[0], ATTACK_LAST));
    ASSERT_TRUE(m.unload());
    unloaded.set();
    watchdog.stage("the engine destroying the module's lambda after its Closed");
    EXPECT_TRUE(becomesUnloaded(Kind::Cpp)) << "the engine never released its pin";
    cppSession->unsubscribe(after);
}

// The same, unloading the moment the module's callback says it saw Closed, as an ordinary
// module would (its flag is set inside the callback; the host does not wait for anything).
// Repeated, since what follows the note is the engine's business and its timing varies.
TEST_F(ModuleAttack, Rule06_ModuleUnloadedTheMomentItsCallbackSawClosed)
{
    for (int round = 0; round < 20; ++round) {
        for (Kind kind : {Kind::C, Kind::Cpp}) {
            Module m;
            ASSERT_TRUE(m.load(kind));
            const auto ids = begin(m, 1);
            ASSERT_EQ(ids.size(), 1u);
            ASSERT_TRUE(hostFor(kind).waitNote(ids[0], ATTACK_EVENT, 10s));
            closeTransfer(kind, ids[0]);
            ASSERT_TRUE(hostFor(kind).waitNote(ids[0], ATTACK_LAST, 10s));
            ASSERT_TRUE(m.unload());
        }
    }
    watchdog.stage("the engine finishing deliveries into unloaded modules");
    EXPECT_TRUE(becomesUnloaded(Kind::C));
    EXPECT_TRUE(becomesUnloaded(Kind::Cpp));
}

// The same for remove() (haul_remove for the C module) with deleteFiles: that Closed comes
// after the files were deleted off the engine thread (here, without a list, on the I/O pool),
// and it is still the module's last invocation; the module is unloaded the moment it saw it.
TEST_F(ModuleAttack, Rule06_ModuleUnloadedTheMomentItsCallbackSawTheClosedOfARemoval)
{
    for (int round = 0; round < 10; ++round) {
        for (Kind kind : {Kind::C, Kind::Cpp}) {
            Module m;
            ASSERT_TRUE(m.load(kind));
            const auto ids = begin(m, 1);
            ASSERT_EQ(ids.size(), 1u);
            ASSERT_TRUE(hostFor(kind).waitNote(ids[0], ATTACK_EVENT, 10s));
            if (kind == Kind::C)
                ASSERT_EQ(haul_remove(cSession, ids[0], HAUL_REMOVE_DELETE_FILES), 1);
            else
                ASSERT_TRUE(cppSession->remove(ids[0], {.deleteFiles = true}));
            ASSERT_TRUE(hostFor(kind).waitNote(ids[0], ATTACK_LAST, 10s));
            EXPECT_TRUE(hostFor(kind).hasNote(ids[0], ATTACK_SAW_CLOSED));
            ASSERT_TRUE(m.unload());
            if (kind == Kind::C)
                EXPECT_EQ(haul_remove(cSession, ids[0], 0), 0) << "closed: refused";
            else
                EXPECT_FALSE(cppSession->remove(ids[0])) << "closed: refused";
        }
    }
    watchdog.stage("the engine finishing removals delivered into unloaded modules");
    EXPECT_TRUE(becomesUnloaded(Kind::C));
    EXPECT_TRUE(becomesUnloaded(Kind::Cpp));
    EXPECT_TRUE(dir.list().empty()) << testing::PrintToString(dir.list());
    EXPECT_EQ(cppSession->stats().contractViolations, 0u);
}

// Rule 6 for a callback that removed itself: the removal returned (from inside), the
// invocation returned, so the module may go; the engine destroys the lambda afterwards. The
// host's later subscription holds the engine thread at the end of that very delivery.
TEST_F(ModuleAttack, Rule06_LambdaThatRemovedItselfIsDestroyedAfterTheModuleIsGone)
{
    Module m;
    ASSERT_TRUE(m.load(Kind::Cpp));
    // The sixth invocation is a progress event (200 ms after the start at the earliest): time
    // to subscribe the host after the module.
    const auto ids = begin(m, 1, {.unsubscribe_self_on = 6, .close_self_on = 0, .spin_ms = 0});
    ASSERT_EQ(ids.size(), 1u);
    test::Flag moduleDone;
    test::Flag unloaded;
    std::atomic<bool> once{false};
    const auto after = cppSession->subscribe(
        engine::kAllEvents,
        [&](const engine::Event&) {
            if (!cppHost.hasNote(ids[0], ATTACK_LAST) || once.exchange(true))
                return;
            moduleDone.set();
            unloaded.waitFor(5s);
        },
        ids[0]);
    ASSERT_NE(after, 0u);
    ASSERT_FALSE(cppHost.hasNote(ids[0], ATTACK_UNSUBSCRIBED_ITSELF)) << "subscribed too late";
    ASSERT_TRUE(moduleDone.waitFor(10s));
    ASSERT_TRUE(m.unload());
    unloaded.set();
    watchdog.stage("the engine destroying a lambda that removed itself, its module unloaded");
    cppSession->close(ids[0]);
    EXPECT_TRUE(becomesUnloaded(Kind::Cpp)) << "the engine never released its pin";
    cppSession->unsubscribe(after);
}

// "Unload is safe, at any moment": the host dlcloses while a module callback is on the engine
// thread's stack (it reported an event and the host holds it there). When it is let go it
// returns into the module's code: only the engine's pin keeps that mapped.
TEST_F(ModuleAttack, Rule06_ModuleUnloadedWhileItsCallbackRuns)
{
    for (Kind kind : {Kind::C, Kind::Cpp}) {
        Module m;
        ASSERT_TRUE(m.load(kind));
        const auto ids = begin(m, 2);
        ASSERT_EQ(ids.size(), 2u);
        ASSERT_TRUE(hostFor(kind).waitEvent(ids[0], engine::Progress, 10s)) << nameOf(kind);
        hostFor(kind).parkNextEvent();
        ASSERT_TRUE(hostFor(kind).waitParked(ids, 10s)) << nameOf(kind);
        ASSERT_TRUE(m.unload());
        watchdog.stage(std::string("a callback returning into the unloaded ") + nameOf(kind));
        hostFor(kind).unpark();
        for (auto id : ids)
            closeTransfer(kind, id);
        ASSERT_TRUE(hostFor(kind).waitLast(ids, 10s)) << nameOf(kind);
        EXPECT_TRUE(becomesUnloaded(kind)) << nameOf(kind) << ": the pin was never released";
    }
}

// --- The C API with no module: haul_set_callback and haul_session_free racing ---------------

// A callback that stays inside its first invocation until told to stop (or 1.5 s passed).
struct Blocking {
    std::atomic<bool> first{true};
    std::atomic<bool> running{false};
    test::Flag entered;
    test::Flag stop;

    static void callback(const haul_event*, void* context)
    {
        auto* self = static_cast<Blocking*>(context);
        if (!self->first.exchange(false))
            return;
        self->running = true;
        self->entered.set();
        self->stop.waitFor(1500ms);
        self->running = false;
    }
};

void ignoreEvent(const haul_event*, void*) {}

struct CApiAttack : ::testing::Test {
    CApiAttack()
    {
        EXPECT_TRUE(server.start()) << server.error();
        serveSlow(server);
    }
    ~CApiAttack() override
    {
        watchdog.stage("tear-down: haul_session_free");
        if (session)
            haul_session_free(session);
    }
    haul_transfer_id add(haul_session* s, const std::string& name)
    {
        char error[256] = {};
        const auto id = haul_transfer_new(s, server.url("/slow").c_str(), dir.path().c_str(),
                                          name.c_str(), error, sizeof error);
        EXPECT_NE(id, 0u) << error;
        return id;
    }

    // Thread A calls `first` (removing the running callback, so it waits); once A is asleep,
    // thread B calls haul_set_callback(NULL). B must not return while the old callback runs.
    void removalWhileAnotherThreadIsInside(const std::function<void(haul_transfer_id)>& first)
    {
        const auto id = add(session, "a");
        Blocking blocking;
        ASSERT_EQ(haul_set_callback(session, id, Blocking::callback, &blocking, HAUL_EVENTS_ALL),
                  1);
        ASSERT_EQ(haul_start(session, id), 1);
        ASSERT_TRUE(blocking.entered.waitFor(10s));
        std::atomic<pid_t> tidA{0};
        std::atomic<bool> aEarly{false};
        std::atomic<bool> bEarly{false};
        {
            std::jthread a([&] {
                tidA = gettid();
                first(id);
                aEarly = blocking.running.load();
            });
            ASSERT_TRUE(test::waitAsleep(tidA, 10s)) << "thread A never blocked";
            std::jthread b([&] {
                haul_set_callback(session, id, nullptr, nullptr, 0);
                bEarly = blocking.running.load();
                blocking.stop.set();
            });
        }
        EXPECT_FALSE(aEarly) << "the first haul_set_callback returned while the old callback ran";
        EXPECT_FALSE(bEarly)
            << "haul_set_callback(NULL) returned while the old callback was still running, "
               "because another thread was already removing it (rules 5 and 6)";
        haul_set_callback(session, id, nullptr, nullptr, 0);
        haul_close(session, id);
    }

    test::Watchdog watchdog{120s};
    server::HttpServer server;
    test::TempDir dir;
    haul_session* session = haul_session_new(8);
};

TEST_F(CApiAttack, Rule05_SecondRemovalWaitsForTheRunningCallback)
{
    removalWhileAnotherThreadIsInside(
        [this](haul_transfer_id id) { haul_set_callback(session, id, nullptr, nullptr, 0); });
}

TEST_F(CApiAttack, Rule05_RemovalWaitsWhileAnotherThreadInstallsAReplacement)
{
    removalWhileAnotherThreadIsInside([this](haul_transfer_id id) {
        haul_set_callback(session, id, ignoreEvent, nullptr, HAUL_EVENTS_ALL);
    });
}

// haul_session_free while another thread is still inside haul_set_callback: it waited for the
// running callback, which has just been let go; it leaves through the session's bridge (and,
// replacing, subscribes and updates the session's callback table). Freeing must wait for it.
TEST_F(CApiAttack, Lifetime_SessionFreeWhileSetCallbackIsInProgress)
{
    watchdog.stage("haul_session_free racing with haul_set_callback");
    const int rounds = std::max(40, test::adversarialCycles() / 50);
    for (int round = 0; round < rounds; ++round) {
        haul_session* s = haul_session_new(4);
        ASSERT_NE(s, nullptr);
        const auto id = add(s, "r" + std::to_string(round));
        Blocking blocking;
        ASSERT_EQ(haul_set_callback(s, id, Blocking::callback, &blocking, HAUL_EVENTS_ALL), 1);
        ASSERT_EQ(haul_start(s, id), 1);
        ASSERT_TRUE(blocking.entered.waitFor(10s));
        std::atomic<pid_t> tid{0};
        std::jthread setter([&, replace = round % 2 == 0] {
            tid = gettid();
            if (replace)
                haul_set_callback(s, id, ignoreEvent, nullptr, HAUL_EVENTS_ALL);
            else
                haul_set_callback(s, id, nullptr, nullptr, 0);
        });
        ASSERT_TRUE(test::waitAsleep(tid, 10s));
        blocking.stop.set();
        haul_session_free(s);
        setter.join();
    }
}

// --- Random interleavings ----------------------------------------------------------------

// Thousands of cycles: load the C or the C++ module, let it start 1-3 downloads whose
// callbacks may remove themselves (and keep running a little) or close their own transfer,
// wait a random moment, and end in one of three ways, unloading at once each time:
//   0: the module's own unload path (remove callbacks, free, close), then dlclose;
//   1: the host closes the transfers, dlclose the moment every callback said it was done;
//   2: dlclose while one of the module's callbacks is held on the engine thread's stack.
// After either of the first two the module must hold nothing: what its callbacks captured is
// destroyed, or the engine still pins the module. At the end no module may be left loaded.
TEST(ModuleStress, ModulesLoadedAndUnloadedAtRandomMoments)
{
    test::Watchdog watchdog(300s);
    server::HttpServer server;
    ASSERT_TRUE(server.start());
    serveSlow(server);
    test::TempDir dir;
    const unsigned seed = test::adversarialSeed();
    std::mt19937 rng(seed);
    const int cycles = test::adversarialCycles();

    HostSide cHost;
    HostSide cppHost;
    haul_session* cSession = haul_session_new(32);
    ASSERT_NE(cSession, nullptr);
    engine::SessionOptions options;
    options.maxConcurrent = 32;
    std::optional<engine::Session> cppSession(std::in_place, options);

    long byPath[3] = {};
    long parked = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int cycle = 0; cycle < cycles && !::testing::Test::HasFailure(); ++cycle) {
        const Kind kind = rng() % 2 ? Kind::Cpp : Kind::C;
        HostSide& host = kind == Kind::C ? cHost : cppHost;
        void* session =
            kind == Kind::C ? static_cast<void*>(cSession) : static_cast<void*>(&*cppSession);
        const auto closeTransfer = [&](std::uint64_t id) {
            if (kind == Kind::C)
                haul_close(cSession, id);
            else
                cppSession->close(id);
        };
        watchdog.stage("cycle " + std::to_string(cycle) + " (" + nameOf(kind) + ")");

        Module m;
        ASSERT_TRUE(m.load(kind));
        attack_plan plan{};
        const unsigned style = rng() % 4;
        if (style & 1u) {
            plan.unsubscribe_self_on = 1 + static_cast<int>(rng() % 5);
            plan.spin_ms = static_cast<int>(rng() % 3);
        }
        if (style & 2u)
            plan.close_self_on = 1 + static_cast<int>(rng() % 5);
        const int count = 1 + static_cast<int>(rng() % 3);
        std::uint64_t raw[ATTACK_MAX_TRANSFERS] = {};
        const attack_hooks hooks = host.hooks();
        const std::string prefix = "c" + std::to_string(cycle) + "-";
        ASSERT_EQ(m.begin(session, server.url("/slow").c_str(), dir.path().c_str(), prefix.c_str(),
                          count, &plan, &hooks, raw),
                  count);
        const std::vector<std::uint64_t> ids(raw, raw + count);

        // A random moment: at once, while connecting, or in the body.
        const auto wait = std::chrono::microseconds(rng() % 4000);
        if (wait > 500us)
            std::this_thread::sleep_for(wait);

        const unsigned path = rng() % 3;
        ++byPath[path];
        switch (path) {
        case 0:
            m.end(session);
            host.ended(ids);
            EXPECT_EQ(m.live(), 0)
                << nameOf(kind) << ", cycle " << cycle
                << ": after its callbacks' removal returned, something they owned still existed";
            ASSERT_TRUE(m.unload());
            break;
        case 1:
            for (auto id : ids)
                closeTransfer(id);
            ASSERT_TRUE(host.waitLast(ids, 20s)) << "cycle " << cycle << ": a Closed never came";
            ASSERT_TRUE(m.unload());
            break;
        default:
            host.parkNextEvent();
            for (auto id : ids)
                closeTransfer(id); // a Cancelled or Closed comes at once for each
            if (host.waitParked(ids, 20s)) {
                ++parked;
                ASSERT_TRUE(m.unload());
                host.unpark();
            } else {
                ASSERT_TRUE(m.unload());
            }
            ASSERT_TRUE(host.waitLast(ids, 20s)) << "cycle " << cycle << ": a Closed never came";
            break;
        }
        if ((cycle + 1) % 500 == 0)
            std::printf(
                "%d cycles, %.1f s\n", cycle + 1,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    watchdog.stage("freeing the sessions after the cycles");
    haul_session_free(cSession);
    cppSession.reset();
    for (Kind kind : {Kind::C, Kind::Cpp})
        EXPECT_TRUE(becomesUnloaded(kind)) << nameOf(kind) << " still loaded: a pin leaked";
    for (HostSide* h : {&cHost, &cppHost})
        EXPECT_TRUE(h->violations().empty()) << testing::PrintToString(h->violations());
    std::printf("%d cycles in %.1f s: %ld by the module's unload path, %ld unloaded at the last "
                "callback, %ld while closing (%ld with a callback on the engine's stack); "
                "%ld notes from module callbacks\n",
                cycles,
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(),
                byPath[0], byPath[1], byPath[2], parked, cHost.notes() + cppHost.notes());
}

} // namespace
