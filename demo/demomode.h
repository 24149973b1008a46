// SPDX-License-Identifier: MIT
#pragma once

#include <haul/server/httpserver.h>

#include <QString>
#include <QStringList>

#include <sys/types.h>

namespace haul::demo {

// DemoMode: the local HTTP server that serves DemoCatalog's files on 127.0.0.1, so `haul --demo`
// shows real downloads without any network, and the folder those downloads go to. Create it
// before the EngineClient and destroy it after (the server must outlive the transfers that read
// from it, and the files may only be removed once the engine has closed them). GUI thread.
//
// The folder is made for this run alone, never a fixed name another user could plant first:
// mkdtemp ("haul-demo-XXXXXX", mode 0700) in the private folder start() is given (app/gui passes
// privatefolder::base(): $XDG_RUNTIME_DIR when it is private, else the user's cache folder).
// A new folder each run is what makes the demo start afresh; nothing is deleted at start. With
// setRemoveAtExit(true) (the demo keeps its own list there) the destructor removes what this run
// created: the entries of that folder, one by one, never following a symbolic link or
// descending into a folder, then the folder itself if empty.
// Without it (HAUL_STORE_PATH names another list) the files stay, so that list can resume them.
class DemoMode {
public:
    DemoMode();
    ~DemoMode();
    DemoMode(const DemoMode&) = delete;
    DemoMode& operator=(const DemoMode&) = delete;

    // Makes this run's folder in base (a folder no other local user may write) and starts the
    // server; false with a sentence in error() when the folder cannot be made or the server
    // cannot listen.
    bool start(const QString& base);
    QString error() const;

    QStringList urls() const;
    // This run's private folder; empty until start() made it.
    QString directory() const { return m_directory; }
    void setRemoveAtExit(bool remove) { m_removeAtExit = remove; }

private:
    void removeDirectory();

    server::HttpServer m_server;
    QString m_directory;
    QString m_error;
    bool m_removeAtExit = false;
    dev_t m_device = 0; // identify the folder made, so cleanup never acts on another one
    ino_t m_inode = 0;
};

} // namespace haul::demo
