// SPDX-License-Identifier: MIT
#include <haul/haul.h>
#include <haul/session.h>

#include <cstring>

using namespace haul::engine;

static_assert(HAUL_EVENTS_INFORMATIONAL == kInformationalMask);
static_assert(HAUL_EVENTS_COMPLETION == kCompletionMask);
static_assert(HAUL_EVENTS_ALL == kAllEvents);

struct haul_session {
    Session session;
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

// Turns an engine event into the C struct; its strings live as long as the event (the call).
struct Forwarder {
    haul_callback callback;
    void* context;
    void operator()(const Event& e) const
    {
        const haul_event c{.transfer = e.id,
                           .type = e.type,
                           .bytes = e.bytes,
                           .total = e.total,
                           .speed = e.speed,
                           .http_code = e.httpCode,
                           .curl_code = e.curlCode,
                           .text = e.text.c_str(),
                           .file = e.file.c_str(),
                           .url = e.url.c_str(),
                           .reason = e.reason.c_str()};
        callback(&c, context);
    }
};

} // namespace

extern "C" {

haul_session* haul_session_new(int maxConcurrent)
{
    SessionOptions options;
    if (maxConcurrent > 0)
        options.maxConcurrent = maxConcurrent;
    return new (std::nothrow) haul_session{Session(options)};
}

void haul_session_free(haul_session* session)
{
    delete session;
}

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
    // The transfer's slot replaces the old callback atomically and waits for every earlier
    // one, whoever else sets or clears it meanwhile (Session::setCallback). The module's code
    // is named, so the engine keeps it loaded while the forwarder exists.
    EventCallback forward;
    if (callback)
        forward = Forwarder{callback, context};
    return session->session.setCallback(transfer, mask & kAllEvents, std::move(forward),
                                        reinterpret_cast<const void*>(callback))
               ? 1
               : 0;
}

int haul_start(haul_session* s, haul_transfer_id t)
{
    return s && s->session.start(t);
}
int haul_resume(haul_session* s, haul_transfer_id t)
{
    return s && s->session.start(t);
}
int haul_force_start(haul_session* s, haul_transfer_id t)
{
    return s && s->session.forceStart(t);
}
int haul_pause(haul_session* s, haul_transfer_id t)
{
    return s && s->session.pause(t);
}
int haul_cancel(haul_session* s, haul_transfer_id t)
{
    return s && s->session.cancel(t);
}
int haul_close(haul_session* s, haul_transfer_id t)
{
    return s && s->session.close(t);
}
int haul_remove(haul_session* s, haul_transfer_id t, uint32_t flags)
{
    return s && s->session.remove(t, {.deleteFiles = (flags & HAUL_REMOVE_DELETE_FILES) != 0});
}

const char* haul_event_name(std::uint32_t type)
{
    return eventName(static_cast<EventType>(type)).data();
}

} // extern "C"
