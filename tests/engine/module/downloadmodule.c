/* SPDX-License-Identifier: MIT */
/* A loadable module that downloads through Haul's C API with callbacks into its own code:
 * the scenario that crashes WinHTTP users when the module cancels and unloads itself.
 * test_module dlopens it, lets it start downloads, ends them at a random moment and dlcloses
 * it at once. A callback arriving after that would jump into unmapped code or touch freed
 * memory, which AddressSanitizer (or a plain SIGSEGV) reports. */
#include <haul/haul.h>

#include <stdlib.h>
#include <string.h>

#define MAX_TRANSFERS 16

struct context {
    long events;
    long completions;
    char tag[32];
};

static haul_transfer_id g_ids[MAX_TRANSFERS];
static struct context* g_contexts[MAX_TRANSFERS];
static int g_count;
static long g_total_events;

static void on_event(const haul_event* event, void* user)
{
    struct context* c = (struct context*)user;
    c->events++;
    if (event->type & HAUL_EVENTS_COMPLETION)
        c->completions++;
    g_total_events++;
}

__attribute__((visibility("default"))) int module_begin(haul_session* session, const char* url,
                                                        const char* directory, int count)
{
    g_count = 0;
    if (count > MAX_TRANSFERS)
        count = MAX_TRANSFERS;
    for (int i = 0; i < count; ++i) {
        char name[32];
        name[0] = 'm';
        name[1] = (char)('a' + i);
        name[2] = '\0';
        haul_transfer_id id = haul_transfer_new(session, url, directory, name, NULL, 0);
        if (!id)
            return -1;
        struct context* c = (struct context*)calloc(1, sizeof *c);
        strcpy(c->tag, "module context");
        if (!haul_set_callback(session, id, on_event, c, HAUL_EVENTS_ALL))
            return -1;
        g_ids[g_count] = id;
        g_contexts[g_count] = c;
        ++g_count;
        haul_start(session, id);
    }
    return g_count;
}

/* how: 0 = cancel then unsubscribe then close, 1 = close then unsubscribe,
 *      2 = unsubscribe then close, 3 = pause, unsubscribe, close. */
__attribute__((visibility("default"))) void module_end(haul_session* session, int how)
{
    for (int i = 0; i < g_count; ++i) {
        haul_transfer_id id = g_ids[i];
        switch (how) {
        case 0:
            haul_cancel(session, id);
            haul_set_callback(session, id, NULL, NULL, 0);
            haul_close(session, id);
            break;
        case 1:
            haul_close(session, id);
            haul_set_callback(session, id, NULL, NULL, 0);
            break;
        case 2:
            haul_set_callback(session, id, NULL, NULL, 0);
            haul_close(session, id);
            break;
        default:
            haul_pause(session, id);
            haul_set_callback(session, id, NULL, NULL, 0);
            haul_close(session, id);
            break;
        }
        /* After haul_set_callback(NULL) returned, no callback uses the context any more. */
        free(g_contexts[i]);
        g_contexts[i] = NULL;
    }
    g_count = 0;
}

__attribute__((visibility("default"))) long module_events(void)
{
    return g_total_events;
}
