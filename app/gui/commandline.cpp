// SPDX-License-Identifier: MIT
#include "commandline.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>

namespace haul::app {

GuiOptions parseCommandLine(const QCoreApplication& app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "haul", "Haul downloads files; pause, resume or cancel them at any time.\n"
                "Without a URL it shows the saved download list; --demo adds files served by a\n"
                "local test server."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QCoreApplication::translate("haul", "Download demo files from a local server."));
    const QCommandLineOption dir({QStringLiteral("d"), QStringLiteral("dir")},
                                 QCoreApplication::translate("haul", "Save files into <dir>."),
                                 QStringLiteral("dir"));
    const QCommandLineOption stress(
        QStringLiteral("stress"),
        QCoreApplication::translate("haul", "Run the stress test for <seconds> in the window, "
                                            "print its counters, exit 0 when every invariant "
                                            "held, 1 otherwise."),
        QStringLiteral("seconds"));
    const QCommandLineOption newInstance(
        QStringLiteral("new-instance"),
        QCoreApplication::translate("haul", "Do not hand the URLs to a running Haul."));
    parser.addOption(demo);
    parser.addOption(dir);
    parser.addOption(stress);
    parser.addOption(newInstance);
    parser.addPositionalArgument(QStringLiteral("urls"),
                                 QCoreApplication::translate("haul", "URLs to download."),
                                 QStringLiteral("[URL...]"));
    parser.process(app);

    GuiOptions options;
    options.urls = parser.positionalArguments();
    if (parser.isSet(stress)) {
        bool ok = false;
        options.stressSeconds = parser.value(stress).toInt(&ok);
        if (!ok || options.stressSeconds <= 0) {
            parser.showHelp(2);
        }
    }
    options.singleInstance = !parser.isSet(newInstance) && options.stressSeconds == 0;
    // Without URLs the window shows the saved list; the demo is asked for, so it never adds its
    // files to a user's list by surprise.
    options.demo = options.stressSeconds == 0 && parser.isSet(demo);
    if (parser.isSet(dir)) {
        options.directory = QDir(parser.value(dir)).absolutePath();
    }
    return options;
}

} // namespace haul::app
