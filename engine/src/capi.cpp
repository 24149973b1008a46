// SPDX-License-Identifier: MIT
#include <haul/haul.h>
#include <haul/session.h>

#include <cstring>
#include <mutex>
#include <unordered_map>

using namespace haul::engine;

static_assert(HAUL_EVENTS_INFORMATIONAL == kInformationalMask);
static_assert(HAUL_EVENTS_COMPLETION == kCompletionMask);
static_assert(HAUL_EVENTS_ALL == kAllEvents);

struct haul_session {
    Session session;
    std::mutex mutex; // guards callbacks; never held while waiting in unsubscribe
    std::unordered_map<haul_transfer_id, SubscriptionId> callbacks;
};

namespace {

void copyError(const std::string& text, char* error, std::size_t size)
{
    if (!error || size == 0)
        return;
    const std::size_t n = std::min(text.size(), size - 1);
    std::memcpy(error, text.data(), n);
    error[n] = '\0';
}

SubscriptionId takeSubscription(haul_session* s, haul_transfer_id transfer)
{
    std::lock_guard lock(s->mutex);
    auto it = s->callbacks.find(transfer);
    if (it == s->callbacks.end())
        return 0;
    const SubscriptionId old = it->second;
    s->callbacks.erase(it);
    return old;
}

} // namespace

extern "C" {

haul_session* haul_session_new(int maxConcurrent)
{
    SessionOptions options;
    if (maxConcurrent > 0)
        options.maxConcurrent = maxConcurrent;
    return new (std::nothrow) haul_session{Session(options), {}, {}};
}

void haul_session_free(haul_session* session) { delete session; }

haul_transfer_id haul_transfer_new(haul_session* session, const char* url, const char* directory,
                                   const char* fileName, char* error, std::size_t errorSize)
{
    if (!session || !url) {
        copyError("No session or no address given.", error, errorSize);
        return 0;
    }
    TransferRequest request;
    request.url = url;
    if (directory)
        request.directory = directory;
    if (fileName)
        request.fileName = fileName;
    Refusal refusal;
    const TransferId id = session->session.create(request, &refusal);
    if (!id)
        copyError(refusal.message, error, errorSize);
    return id;
}

int haul_set_callback(haul_session* session, haul_transfer_id transfer, haul_callback callback,
                      void* context, std::uint32_t mask)
{
    if (!session || transfer == 0)
        return 0;
    // The old callback is removed first and synchronously, outside our lock: unsubscribe may
    // wait for an invocation running on the engine thread.
    if (const SubscriptionId old = takeSubscription(session, transfer))
        session->session.unsubscribe(old);
    if (!callback)
        return 1;
    const SubscriptionId id = session->session.subscribe(
        mask & kAllEvents,
        [callback, context](const Event& e) {
            haul_event c{e.id, e.type, e.bytes, e.total, e.speed, e.httpCode, e.curlCode,
                         e.text.c_str(), e.file.c_str()};
            callback(&c, context);
        },
        transfer);
    if (!id)
        return 0;
    SubscriptionId replaced = 0;
    {
        std::lock_guard lock(session->mutex);
        auto [it, inserted] = session->callbacks.try_emplace(transfer, id);
        if (!inserted) {
            replaced = it->second;
            it->second = id;
        }
    }
    if (replaced) // two threads set a callback at once: the last one wins
        session->session.unsubscribe(replaced);
    return 1;
}

int haul_start(haul_session* s, haul_transfer_id t) { return s && s->session.start(t); }
int haul_resume(haul_session* s, haul_transfer_id t) { return s && s->session.start(t); }
int haul_pause(haul_session* s, haul_transfer_id t) { return s && s->session.pause(t); }
int haul_cancel(haul_session* s, haul_transfer_id t) { return s && s->session.cancel(t); }
int haul_close(haul_session* s, haul_transfer_id t) { return s && s->session.close(t); }

const char* haul_event_name(std::uint32_t type)
{
    return eventName(static_cast<EventType>(type)).data();
}

} // extern "C"
