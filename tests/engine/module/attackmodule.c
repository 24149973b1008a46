/* SPDX-License-Identifier: MIT */
/* A loadable module that downloads through Haul's C API and misbehaves within the contract:
 * its callbacks remove themselves and keep running, close their own transfer, and report to a
 * host that may unload the module while one of them is on the engine thread's stack (see
 * attackhooks.h). It links no Haul library: the host program exports the engine's symbols.
 *
 * Its contexts are plain heap memory owned by the module; a callback running after its context
 * was freed, or after the module was unmapped, is what AddressSanitizer (or SIGSEGV) reports. */
#include "attackhooks.h"

#include <haul/haul.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))
#define GENERATIONS 64

struct context {
    haul_session* session;
    haul_transfer_id id;
    int slot;
    unsigned generation;
    long invocations;
    volatile long touched; /* written while the callback runs, so that a freed context shows */
};

/* Written by attack_begin / attack_end (host thread) and by a callback's last invocation
 * (engine thread). Plain on purpose: only the contract's synchronization orders them. */
static struct context* g_slots[ATTACK_MAX_TRANSFERS];
static haul_transfer_id g_ids[ATTACK_MAX_TRANSFERS];
static int g_count;
static struct attack_plan g_plan;
static struct attack_hooks g_hooks;
static unsigned g_generation;
/* Contexts alive per generation: one of an earlier begin may still be going when a new one
 * starts (the module stays loaded while the engine pins it). */
static long g_alive[GENERATIONS];

static long elapsed_ms(const struct timespec* from)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (now.tv_sec - from->tv_sec) * 1000 + (now.tv_nsec - from->tv_nsec) / 1000000;
}

/* Module code that keeps running and keeps using the context: the window in which an
 * unsubscribe on another thread must still be waiting. */
static void spin(struct context* c, int ms)
{
    struct timespec start;
    clock_gettime(CLOCK_MONOTONIC, &start);
    do
        c->touched++;
    while (elapsed_ms(&start) < ms);
}

/* The last invocation frees its own context; nothing of it is used after the note. */
static void finish(struct context* c)
{
    const haul_transfer_id id = c->id;
    g_slots[c->slot] = NULL;
    __atomic_sub_fetch(&g_alive[c->generation % GENERATIONS], 1, __ATOMIC_SEQ_CST);
    free(c);
    g_hooks.note(g_hooks.host, ATTACK_LAST, id, 0);
}

static void on_event(const haul_event* event, void* user)
{
    struct context* c = (struct context*)user;
    const long n = ++c->invocations;
    g_hooks.note(g_hooks.host, ATTACK_EVENT, c->id, event->type);
    c->touched++; /* the context, and this code, must still be there after the host's note */
    if (event->type == HAUL_EVENT_CLOSED) {
        g_hooks.note(g_hooks.host, ATTACK_SAW_CLOSED, c->id, event->type);
        finish(c);
        return;
    }
    if (g_plan.unsubscribe_self_on && n == g_plan.unsubscribe_self_on) {
        /* From inside: returns at once, and this invocation is the last. */
        haul_set_callback(c->session, c->id, NULL, NULL, 0);
        g_hooks.note(g_hooks.host, ATTACK_UNSUBSCRIBED_ITSELF, c->id, event->type);
        spin(c, g_plan.spin_ms);
        finish(c);
        return;
    }
    if (g_plan.close_self_on && n == g_plan.close_self_on)
        haul_close(c->session, c->id);
}

EXPORT int attack_begin(void* session, const char* url, const char* directory,
                        const char* name_prefix, int count, const struct attack_plan* plan,
                        const struct attack_hooks* hooks, uint64_t* ids)
{
    haul_session* s = (haul_session*)session;
    g_count = 0;
    g_plan = *plan;
    g_hooks = *hooks;
    ++g_generation;
    if (count > ATTACK_MAX_TRANSFERS)
        count = ATTACK_MAX_TRANSFERS;
    for (int i = 0; i < count; ++i) {
        char name[96];
        const size_t len = strlen(name_prefix);
        if (len + 2 > sizeof name)
            return -1;
        memcpy(name, name_prefix, len);
        name[len] = (char)('a' + i);
        name[len + 1] = '\0';
        const haul_transfer_id id = haul_transfer_new(s, url, directory, name, NULL, 0);
        if (!id)
            return -1;
        struct context* c = (struct context*)calloc(1, sizeof *c);
        if (!c)
            return -1;
        c->session = s;
        c->id = id;
        c->slot = i;
        c->generation = g_generation;
        __atomic_add_fetch(&g_alive[g_generation % GENERATIONS], 1, __ATOMIC_SEQ_CST);
        g_slots[i] = c;
        g_ids[i] = id;
        ids[i] = id;
        ++g_count;
        if (!haul_set_callback(s, id, on_event, c, HAUL_EVENTS_ALL))
            return -1;
        haul_start(s, id);
    }
    return g_count;
}

EXPORT void attack_end(void* session)
{
    haul_session* s = (haul_session*)session;
    for (int i = 0; i < g_count; ++i) {
        haul_set_callback(s, g_ids[i], NULL, NULL, 0);
        /* The contract: no invocation runs now, and none will. A callback that ended itself
         * (removed itself, or saw CLOSED) already freed its context and cleared the slot. */
        struct context* c = g_slots[i];
        if (c) {
            g_slots[i] = NULL;
            __atomic_sub_fetch(&g_alive[c->generation % GENERATIONS], 1, __ATOMIC_SEQ_CST);
            free(c);
        }
        haul_close(s, g_ids[i]);
    }
    g_count = 0;
}

EXPORT long attack_live(void)
{
    return __atomic_load_n(&g_alive[g_generation % GENERATIONS], __ATOMIC_SEQ_CST);
}
