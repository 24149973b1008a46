/* SPDX-License-Identifier: MIT */
/*
 * Haul's C API: the engine for other programs and for dynamically loaded modules.
 *
 * The callback contract (docs/ARCHITECTURE.md), as this API keeps it:
 *  - Every function is thread-safe and may be called from any thread, including from inside a
 *    callback, except haul_session_free (never from inside a callback).
 *  - A function that returns 0 refused the call synchronously (bad URL, forbidden scheme,
 *    unknown or closed transfer, an operation impossible in the current state); a refused
 *    call produces no event at all.
 *  - haul_start / haul_resume, when accepted, begin an operation: zero or more informational
 *    events, then exactly one completion (COMPLETED, FAILED, CANCELLED or PAUSED).
 *  - Informational events arrive only while an operation is pending.
 *  - haul_close is idempotent: a pending operation first completes with CANCELLED, then exactly
 *    one CLOSED is delivered, and nothing ever after for that transfer.
 *  - haul_set_callback replaces the transfer's callback atomically: each event goes to the old
 *    or the new one, never both, never neither.
 *  - haul_set_callback(..., NULL, ...) synchronizes: called from outside the callback, when it
 *    returns no callback this transfer had is running on any thread or will be called again,
 *    however many threads set or clear it and in whatever order (also when the callback had
 *    already cleared itself, or another thread is installing a replacement). From inside that
 *    same callback it returns at once and the current invocation is the last.
 *  - Unloading: the engine keeps the shared object that holds a callback loaded while the
 *    callback can run (it dlopens it with RTLD_NOLOAD when the callback is set and dlcloses it
 *    after the last invocation returned). A module may therefore dlclose itself, or be
 *    dlclosed, at any moment after its haul_set_callback(..., NULL, ...) returned or after its
 *    callback saw CLOSED, and may free its context then: nothing of the module runs any more.
 *  - Delivered events = mask & emitted events, for every combination of mask bits.
 *  - Callbacks run on the engine thread, one at a time, never inside libcurl and never under an
 *    engine lock (a callback may call any function here); the event and its text are valid
 *    only during the call. No function blocks on network or disk I/O.
 */
#ifndef HAUL_HAUL_H
#define HAUL_HAUL_H

#include <stddef.h>
#include <stdint.h>

#if defined(HAUL_BUILDING_SHARED)
#define HAUL_API __attribute__((visibility("default")))
#else
#define HAUL_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct haul_session haul_session;
typedef uint64_t haul_transfer_id; /* 0 is never valid */

enum haul_event_type {
    HAUL_EVENT_RESOLVING = 1u << 0,
    HAUL_EVENT_CONNECTING = 1u << 1,
    HAUL_EVENT_CONNECTED = 1u << 2,
    HAUL_EVENT_REQUEST_SENT = 1u << 3,
    HAUL_EVENT_REDIRECT = 1u << 4,
    HAUL_EVENT_HEADERS_RECEIVED = 1u << 5,
    HAUL_EVENT_PROGRESS = 1u << 6,
    HAUL_EVENT_RETRYING = 1u << 7,
    HAUL_EVENT_COMPLETED = 1u << 8,
    HAUL_EVENT_FAILED = 1u << 9,
    HAUL_EVENT_CANCELLED = 1u << 10,
    HAUL_EVENT_PAUSED = 1u << 11,
    HAUL_EVENT_CLOSED = 1u << 12,
    /* informational: a running operation went back to the queue (the downloads-at-once limit
       was lowered); its bytes are kept and it resumes when a slot frees */
    HAUL_EVENT_REQUEUED = 1u << 13
};
#define HAUL_EVENTS_INFORMATIONAL 0x20FFu
#define HAUL_EVENTS_COMPLETION 0xF00u
#define HAUL_EVENTS_ALL 0x3FFFu

typedef struct haul_event {
    haul_transfer_id transfer;
    uint32_t type; /* one haul_event_type */
    int64_t bytes; /* bytes on disk or on their way to it */
    int64_t total; /* expected size, -1 when unknown */
    double speed;  /* bytes per second (PROGRESS) */
    int http_code;
    int curl_code;
    const char* text; /* deprecated: url, reason or file below, by type; never NULL */
    const char* file; /* the file's path (HEADERS_RECEIVED, COMPLETED) or ""; never NULL */
    const char* url;  /* RESOLVING: the address; REDIRECT: the new location; else ""; never NULL */
    const char* reason; /* FAILED, RETRYING, PAUSED: a sentence for the user; HEADERS_RECEIVED: a
                           note when resuming was impossible; else ""; never NULL */
} haul_event;

typedef void (*haul_callback)(const haul_event* event, void* context);

/* Starts an engine thread. max_concurrent <= 0 means the default (8). NULL on failure. */
HAUL_API haul_session* haul_session_new(int max_concurrent);
/* Cancels everything, delivers CLOSED for every transfer, joins the engine thread, waits for
 * calls in progress on other threads to return, frees. Never from inside a callback; no call
 * may begin once it began. */
HAUL_API void haul_session_free(haul_session* session);

/* Creates an idle transfer. directory NULL = ".", file_name NULL = from the URL.
 * Returns 0 on refusal and writes a sentence for the user into error (if not NULL). */
HAUL_API haul_transfer_id haul_transfer_new(haul_session* session, const char* url,
                                            const char* directory, const char* file_name,
                                            char* error, size_t error_size);

/* Sets (replacing) or, with callback NULL, removes the transfer's callback; see the contract
 * above for the synchronization. The callback's slot ends by itself after CLOSED (nothing is
 * kept per transfer after that). Returns 0 when a callback is given for a closed or unknown
 * transfer; clearing always returns 1. */
HAUL_API int haul_set_callback(haul_session* session, haul_transfer_id transfer,
                               haul_callback callback, void* context, uint32_t mask);

HAUL_API int haul_start(haul_session* session, haul_transfer_id transfer);
HAUL_API int haul_resume(haul_session* session, haul_transfer_id transfer); /* = haul_start */
/* haul_start past the downloads-at-once limit: begins now, and does not count against the
 * limit until this operation ends (engine.h, Session::forceStart). */
HAUL_API int haul_force_start(haul_session* session, haul_transfer_id transfer);
HAUL_API int haul_pause(haul_session* session, haul_transfer_id transfer);
HAUL_API int haul_cancel(haul_session* session, haul_transfer_id transfer);
HAUL_API int haul_close(haul_session* session, haul_transfer_id transfer);
/* haul_close, and the download is forgotten: its record leaves the download list (a session of
 * haul_session_new keeps none) and, with HAUL_REMOVE_DELETE_FILES, its files are deleted (the
 * NAME.part, and the finished file), never through a symbolic link nor a file another download
 * of the list names. All of it is done before CLOSED is delivered. 0 when closed or unknown, for
 * a group and a group's child. Session::remove in session.h says the rest. */
#define HAUL_REMOVE_DELETE_FILES 1u
HAUL_API int haul_remove(haul_session* session, haul_transfer_id transfer, uint32_t flags);

/* "completed", "progress", ...; a static string. */
HAUL_API const char* haul_event_name(uint32_t type);

#ifdef __cplusplus
}
#endif

#endif /* HAUL_HAUL_H */
