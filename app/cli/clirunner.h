// SPDX-License-Identifier: MIT
#pragma once

#include "clioptions.h"

#include <haul/session.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <unordered_map>

namespace haul::app {

// Runs haul-cli's downloads to the end. Events arrive on the engine thread (onEvent); run()
// waits on the main thread, prints the progress line and reacts to an interrupt.
class CliRunner {
public:
    explicit CliRunner(CliOptions options);

    // Returns the process exit code: 0 all done, 1 some failed, 130 interrupted.
    // interrupted is polled; set it from a signal handler.
    int run(const std::atomic<bool>& interrupted);

private:
    struct Row {
        std::string url;
        std::int64_t bytes = 0;
        std::int64_t total = -1;
        double speed = 0;
        bool done = false;
    };

    void onEvent(const engine::Event& e);
    void printEventJson(const engine::Event& e);
    void printProgressLine();

    CliOptions m_options;
    engine::Session m_session;
    std::mutex m_mutex; // guards everything below
    std::condition_variable m_changed;
    std::unordered_map<engine::TransferId, Row> m_rows;
    int m_open = 0;
    int m_failed = 0;
    int m_paused = 0; // stopped by the engine (a full disk), not by an interruption
    int m_completed = 0;
    bool m_interrupted = false;
    bool m_progressShown = false;
};

} // namespace haul::app
