// SPDX-License-Identifier: MIT
#pragma once

#include <haul/server/httpserver.h>

#include <QString>
#include <QStringList>

namespace haul::app {

// DemoMode: the local HTTP server that serves DemoCatalog's files on 127.0.0.1, so `haul --demo`
// shows real downloads without any network. Create it before the EngineClient and destroy it
// after (the server must outlive the transfers that read from it). GUI thread.
class DemoMode {
public:
    DemoMode();
    ~DemoMode();
    DemoMode(const DemoMode&) = delete;
    DemoMode& operator=(const DemoMode&) = delete;

    // Starts the server; false with a sentence in error() when it cannot listen.
    bool start();
    QString error() const;

    QStringList urls() const;
    // <temp>/haul-demo, created on demand. `haul --demo` empties it at start, list included
    // (unless HAUL_STORE_PATH names another list: then its files are kept and resumed).
    static QString directory();

private:
    server::HttpServer m_server;
};

} // namespace haul::app
