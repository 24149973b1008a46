// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <string>
#include <unordered_map>

namespace haul::engine {

// Watches the stream of events the engine delivers, per transfer, against the callback
// contract (docs/ARCHITECTURE.md, "The callback contract"): exactly one completion per accepted
// operation (rule 1), informational events only while one is pending (rule 3), Closed last with
// nothing pending and nothing after it (rule 4). A violation is reported through
// contractViolated() (fatal in test builds, logged in release) and the event is to be dropped.
//
// Engine thread only. Memory is bounded by the open transfers: a transfer's state goes with its
// Closed, and an event for an id the monitor does not know (never opened, or closed) is itself
// a violation.
class ContractMonitor {
public:
    void opened(TransferId id);   // Create / CreateGroup reached the engine thread
    void accepted(TransferId id); // an accepted start() reached the engine thread
    // true: the event may be delivered.
    bool check(const Event& event);

    std::size_t tracked() const { return m_transfers.size(); }

private:
    struct State {
        int pending = 0; // accepted operations not yet completed: 0 or 1
    };
    bool violated(const Event& event, const char* what);

    std::unordered_map<TransferId, State> m_transfers;
};

} // namespace haul::engine
