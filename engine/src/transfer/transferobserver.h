// SPDX-License-Identifier: MIT
#pragma once

#include <haul/storekey.h>

#include <string>

namespace haul::engine {

class Transfer;

// A transfer's state. The legal transitions are the table in transfer.h (Transfer::setState).
enum class TransferState {
    Idle,
    Queued,
    Active,
    WaitingRetry,
    Verifying,
    Finalizing,
    Paused,
    Completed,
    Failed,
    Cancelled
};

// The states that end an operation, each entered together with its completion event.
constexpr bool endsOperation(TransferState s)
{
    return s == TransferState::Paused || s == TransferState::Completed || s == TransferState::Failed
           || s == TransferState::Cancelled;
}

// Told of every state change of a transfer, once, right after it happened (curl's mstate()):
// the one place the owner of transfers keeps its bookkeeping (queue, running set, what other
// threads may know) in step. Engine thread only, called from inside Transfer's methods, also
// from inside libcurl callbacks' aftermath (segmentDone) but never from inside a libcurl
// callback: an observer may look at the transfer, take its I/O job (Transfer::takeIoJob) and
// update its own containers, but must not destroy the transfer or call back into it otherwise.
class TransferObserver {
public:
    virtual void transferStateChanged(Transfer& transfer, TransferState from, TransferState to) = 0;
    // Another open transfer than `asking` (one being made included: it is not open yet) writes
    // fileName in directory: its file, its .part (fileName is its NAME.part), or fileName's
    // .part is its file. Asked while a transfer picks its name, on the engine thread, so the
    // answer holds until it has picked one: the claim is the name itself.
    virtual bool nameHeldByAnother(const Transfer& asking, const std::string& directory,
                                   const std::string& fileName) const = 0;
    // Another open transfer than `asking` continues the download list's record key.
    virtual bool keyHeldByAnother(const Transfer& asking, StoreKey key) const = 0;

protected:
    ~TransferObserver() = default;
};

} // namespace haul::engine
