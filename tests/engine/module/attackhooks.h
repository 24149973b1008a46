/* SPDX-License-Identifier: MIT */
/* The interface between test_adversarial_modules and the modules it loads (attackmodule.c over
 * the C API, attackmodule.cpp over haul::engine::Session). Both export the same three entry
 * points, so the host drives either kind the same way:
 *
 *   int  attack_begin(void* session, const char* url, const char* directory,
 *                     const char* name_prefix, int count, const struct attack_plan* plan,
 *                     const struct attack_hooks* hooks, uint64_t* ids);
 *        creates and starts `count` transfers with a callback into the module each; their ids
 *        go to ids[]. Returns count, or -1. `session` is a haul_session* for the C module and
 *        a haul::engine::Session* for the C++ one.
 *   void attack_end(void* session);
 *        the module's orderly unload path: removes every callback it still has, frees what
 *        they used, closes the transfers. After it returns the host may dlclose at once.
 *   long attack_live(void);
 *        how many of the objects made by the latest attack_begin (the C module's contexts,
 *        the C++ module's captured states) still exist.
 *
 * Every invocation of a module callback reports to the host through hooks->note, from the
 * engine thread, with the module's code on the stack: the host may block there ("the engine
 * is mid-delivery in this module") and unload the module meanwhile. A callback's last
 * invocation (its transfer's CLOSED, or the one in which it removed itself) frees what it owns
 * and then notes ATTACK_LAST; after that note the module touches none of it. */
#ifndef HAUL_TEST_ATTACKHOOKS_H
#define HAUL_TEST_ATTACKHOOKS_H

#include <stdint.h>

#define ATTACK_MAX_TRANSFERS 8

enum attack_note {
    ATTACK_EVENT = 1,               /* an invocation began; `event` is its type */
    ATTACK_UNSUBSCRIBED_ITSELF = 2, /* it removed its own callback and keeps running spin_ms */
    ATTACK_SAW_CLOSED = 3,          /* the transfer's CLOSED arrived */
    ATTACK_LAST = 4                 /* the last invocation is about to return */
};

struct attack_plan {
    int unsubscribe_self_on; /* the n-th invocation removes its own callback (0 = never) */
    int close_self_on;       /* the n-th invocation closes its own transfer (0 = never) */
    int spin_ms;             /* after removing itself, keep running module code that long */
};

struct attack_hooks {
    void* host;
    void (*note)(void* host, int what, uint64_t transfer, uint32_t event);
};

#endif /* HAUL_TEST_ATTACKHOOKS_H */
