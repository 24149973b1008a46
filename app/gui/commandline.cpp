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
                "Without a URL it shows the demo: files served by a local test server."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(
        QStringLiteral("demo"),
        QCoreApplication::translate("haul", "Download demo files from a local server."));
    const QCommandLineOption dir({QStringLiteral("d"), QStringLiteral("dir")},
                                 QCoreApplication::translate("haul", "Save files into <dir>."),
                                 QStringLiteral("dir"));
    parser.addOption(demo);
    parser.addOption(dir);
    parser.addPositionalArgument(QStringLiteral("urls"),
                                 QCoreApplication::translate("haul", "URLs to download."),
                                 QStringLiteral("[URL...]"));
    parser.process(app);

    GuiOptions options;
    options.urls = parser.positionalArguments();
    options.demo = parser.isSet(demo) || options.urls.isEmpty();
    if (parser.isSet(dir)) {
        options.directory = QDir(parser.value(dir)).absolutePath();
    }
    return options;
}

} // namespace haul::app
