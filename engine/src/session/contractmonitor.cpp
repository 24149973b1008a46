// SPDX-License-Identifier: MIT
#include "session/contractmonitor.h"

#include "session/contractcheck.h"

#include <cstdio>

namespace haul::engine {

void ContractMonitor::opened(TransferId id)
{
    const bool fresh = m_transfers.try_emplace(id).second;
    HAUL_CHECK(fresh, (void)0);
}

void ContractMonitor::accepted(TransferId id)
{
    auto it = m_transfers.find(id);
    HAUL_CHECK(it != m_transfers.end(), return );
    // start() refuses while an operation is pending, so two can never overlap.
    HAUL_CHECK(it->second.pending == 0, return );
    it->second.pending = 1;
}

bool ContractMonitor::violated(const Event& event, const char* what)
{
    char text[160];
    std::snprintf(text, sizeof text, "transfer %llu: %s %s",
                  static_cast<unsigned long long>(event.id),
                  std::string(eventName(event.type)).c_str(), what);
    contractViolated(text, __FILE__, __LINE__);
    return false;
}

bool ContractMonitor::check(const Event& event)
{
    auto it = m_transfers.find(event.id);
    if (it == m_transfers.end())
        return violated(event, "for a transfer that is closed or was never opened (rule 4)");
    State& s = it->second;
    if (isInformational(event.type)) {
        if (s.pending == 0)
            return violated(event, "while no operation is pending (rule 3)");
    } else if (isCompletion(event.type)) {
        if (s.pending == 0)
            return violated(event, "without an accepted operation to complete (rule 1)");
        s.pending = 0;
    } else if (event.type == Closed) {
        if (s.pending != 0)
            return violated(event, "while an operation is still pending (rule 4)");
        m_transfers.erase(it);
    }
    return true;
}

} // namespace haul::engine
