// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>
#include <haul/session.h>
#include <haul/store.h>

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace haul::ui {

// TransferRow: what the download list knows about one download, as plain values (never an
// engine pointer), and how an engine event or a store record changes it. TransferListModel
// holds one per row. A value type: no thread rules of its own; the model uses it on the GUI
// thread.
struct TransferRow {
    enum class State {
        Queued,
        Connecting,
        Retrying,
        Downloading,
        Paused,
        Completed,
        Failed,
        Cancelled
    };

    engine::TransferId id = 0; // 0: restored from the store, no engine transfer yet
    QString name;
    QString url;
    QString directory;
    QString path;    // final path once Completed
    QString message; // failure reason, retry reason or redirect
    State state = State::Queued;
    std::int64_t bytes = 0;
    std::int64_t total = -1;
    double speed = 0;
    int httpCode = 0;
    bool closed = false;
    std::int64_t addedAtMs = 0;    // ms since the Unix epoch; 0 unknown
    std::int64_t finishedAtMs = 0; // ms since the Unix epoch when it completed; 0 not (yet)
    engine::StoreKey key;          // the store's record, 0 unknown / none
    // What starting this download again asks the engine for (engine::requestFor of its
    // record: connections, speed limit, checksum, allowances, headers, ...); url, directory,
    // name and key above are the row's own, current values and win over the ones in here.
    engine::TransferRequest request;
    // Non-empty: restored from a record whose folder was refused (StoreWorker::folderProblem);
    // the row is Failed with this message and never becomes an engine transfer.
    QString refusal;

    // A row for a store record: Running and Queued records become Queued (the caller starts
    // them); the others keep their state, size, bytes and error. No id.
    static TransferRow fromRecord(const engine::DownloadRecord& record);
    // The file name the URL suggests, else its host, else the URL itself.
    static QString nameFromUrl(const QString& url);

    // Applies one engine event; true when something shown changed.
    bool apply(const engine::Event& event);
    // 0..1, or -1 when the size is unknown.
    double fraction() const;
    // Seconds left at the current speed, -1 unknown.
    std::int64_t etaSeconds() const;
    // Downloading, but so slowly that a time left means nothing: the ETA beyond
    // kStalledEtaSeconds (a connection trickling a few bytes a second).
    bool stalled() const;
    static constexpr std::int64_t kStalledEtaSeconds = std::int64_t{30} * 24 * 3600;
    // The host of the URL ("example.org"), empty when it has none.
    QString host() const;
};

} // namespace haul::ui
