// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

class QCoreApplication;

namespace haul::app {

// What `haul [--demo] [--dir DIR] [--stress SECONDS] [--new-instance] [URL...]` asked for.
struct GuiOptions {
    bool demo = false; // --demo
    QString directory; // --dir; empty: the remembered or the user's Downloads folder
    QStringList urls;
    int stressSeconds = 0;      // --stress SECONDS: run the stress panel headlessly, then exit
    bool singleInstance = true; // false with --new-instance (and always with --stress)
};

// Parses the application's arguments. Prints help or version and exits on --help / --version,
// like QCommandLineParser::process(). GUI thread, after the QApplication exists.
GuiOptions parseCommandLine(const QCoreApplication& app);

} // namespace haul::app
