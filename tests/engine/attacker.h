// SPDX-License-Identifier: MIT
#pragma once

// A second, real Unix user for the security tests: "haul-attacker", a system account created on
// first use (useradd) when the tests run as root. asAttacker() runs a step of an attack as that
// user in a forked child (setgroups, setgid, setuid: the kernel's own permission checks then
// apply, as for any other local user) and returns what the step returned.
//
// Threads: any thread. The child may be forked from a multi-threaded process, so a step must
// only make system calls (open, bind, symlink, read, ...): no allocation, no locks, no Qt.
// Header-only and Qt-free, for the engine and the GUI tests alike.

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <grp.h>
#include <pwd.h>
#include <string>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

namespace haul::test {

struct Attacker {
    uid_t uid = 0;
    gid_t gid = 0;
    std::string problem; // why there is none: not root, useradd failed (a sentence for a skip)
    explicit operator bool() const { return problem.empty(); }
};

inline Attacker attacker()
{
    Attacker a;
    if (::geteuid() != 0) {
        a.problem = "needs root to create and become a second user (haul-attacker); run the "
                    "test as root to perform the attack";
        return a;
    }
    constexpr const char* kName = "haul-attacker";
    const auto lookUp = [&a] {
        passwd entry{};
        passwd* found = nullptr;
        char buffer[4096];
        if (::getpwnam_r(kName, &entry, buffer, sizeof buffer, &found) != 0 || !found)
            return false;
        a.uid = found->pw_uid;
        a.gid = found->pw_gid;
        return true;
    };
    if (!lookUp()) {
        const int status = std::system("useradd --system --no-create-home --shell "
                                       "/usr/sbin/nologin haul-attacker >/dev/null 2>&1");
        if (!lookUp()) {
            a.problem = "could not create the user haul-attacker (useradd exit status "
                        + std::to_string(status) + ")";
            return a;
        }
    }
    if (a.uid == 0) {
        a.problem = "haul-attacker exists with uid 0; it would not be another user";
    }
    return a;
}

// Starts step() as the attacker in a child process and returns at once: the child's pid (or -1).
// The step runs while the caller goes on (a listener waiting for the victim); waitForAttacker()
// collects its result.
template <typename Step> pid_t startAsAttacker(const Attacker& who, Step step)
{
    std::fflush(nullptr); // the child must not write the parent's buffered output again
    const pid_t child = ::fork();
    if (child == 0) {
        if (::setgroups(0, nullptr) != 0 || ::setgid(who.gid) != 0 || ::setuid(who.uid) != 0
            || ::geteuid() != who.uid)
            ::_exit(255);
        ::_exit(step() & 0xff);
    }
    return child;
}

// The step's result (0..254), or -1 when the child could not become the attacker or did not
// exit normally.
inline int waitForAttacker(pid_t child)
{
    if (child < 0)
        return -1;
    int status = 0;
    while (::waitpid(child, &status, 0) < 0) {
        if (errno != EINTR)
            return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) == 255)
        return -1;
    return WEXITSTATUS(status);
}

// Runs step() as the attacker and waits for it: its result, as waitForAttacker().
template <typename Step> int asAttacker(const Attacker& who, Step step)
{
    return waitForAttacker(startAsAttacker(who, step));
}

} // namespace haul::test
