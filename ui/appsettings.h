// SPDX-License-Identifier: MIT
#pragma once

#include "apptheme.h"
#include "categories.h"
#include "scheduler.h"

#include <haul/session.h>

#include <QString>
#include <QStringList>

namespace haul::ui {

// AppSettings: what the Settings dialog edits, persisted with QSettings (organisation "Haul").
// A plain value; load() and save() touch QSettings and must run on the GUI thread.
struct AppSettings {
    QString directory;              // empty: the user's Downloads folder
    int maxConcurrent = 8;          // downloads at once (SessionOptions::maxConcurrent)
    int connectionsPerDownload = 1; // segments per download
    int speedLimitKiB = 0;          // global, KiB/s; 0 = unlimited
    int retries = 3;                // transient failures retried with backoff
    int maxFileSizeMiB = 0;         // a larger download fails (a server that never ends); 0 = none
    QString proxy;                  // "http://host:port", "socks5://host:port"; empty = none
    bool closeToTray = false;       // closing the window hides it (only with a system tray)
    bool notify = true;             // tray notification when a download finishes or fails
    Theme theme = Theme::System;    // the window's style and palette (ui/apptheme.h)
    // URLs another program hands over (`haul URL` while Haul runs) are added and started at
    // once; off: they open the Add dialog, filled in, and the user confirms.
    bool startHandedOver = false;
    // Rules by file type or site (ui/categories.h), shown in the side list; with
    // categoryFolders a new download goes to the first matching rule's folder unless the user
    // picked another folder for it.
    Categories categories = Categories::defaults();
    bool categoryFolders = true;
    // A link copied to the clipboard whose file type is in clipboardExtensions (empty: the
    // categories' extensions) is offered for download (ui/clipboardmonitor.h).
    bool clipboardMonitor = false;
    QStringList clipboardExtensions;
    // The extensions the clipboard monitor watches: clipboardExtensions, else the categories'.
    QStringList watchedExtensions() const;
    ScheduleSettings schedule; // download hours, alternative speed limit, when all are done
    // Remove asks first (ConfirmDialog; "Don't ask again" clears it). Remove and delete files
    // always asks.
    bool confirmRemove = true;
    // Quitting while downloads are running or queued asks first.
    bool confirmQuit = true;
    // The connections last chosen in the Add dialog; 0: none yet (connectionsPerDownload).
    int addConnections = 0;

    // The QSettings keys ConfirmDialog clears for "Don't ask again".
    static QString confirmRemoveKey();
    static QString confirmQuitKey();

    static AppSettings load();
    void save() const;
    // The options a new Session starts with: every field above that the engine has, and
    // storePath = storePath().
    engine::SessionOptions sessionOptions() const;
    // The download list's SQLite file: $HAUL_STORE_PATH when set (tests, a second profile),
    // else engine::Store::defaultPath(). Reads the environment; any thread.
    static QString storePath();

    bool operator==(const AppSettings&) const = default;
};

} // namespace haul::ui
