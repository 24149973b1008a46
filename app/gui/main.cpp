// SPDX-License-Identifier: MIT
#include "commandline.h"
#include "demomode.h"

#include "engineclient.h"
#include "mainwindow.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QTimer>

#include <memory>

namespace haul::app {
namespace {

int run(QApplication& app)
{
    const GuiOptions options = parseCommandLine(app);

    // Declaration order is destruction order reversed: the window goes first, then the client
    // (which joins the engine thread), then the demo server the transfers were reading from.
    std::unique_ptr<DemoMode> demo;
    QString demoError;
    if (options.demo) {
        demo = std::make_unique<DemoMode>();
        if (!demo->start()) {
            demoError = demo->error();
            demo.reset();
        }
    }
    ui::EngineClient client;
    ui::MainWindow window(&client);

    QString directory = options.directory;
    if (demo && directory.isEmpty()) {
        directory = DemoMode::directory();
    }
    if (!options.directory.isEmpty()) {
        window.setDefaultDirectory(options.directory);
    }
    window.show();

    // After show(), so a refusal's message box has a parent on screen.
    QTimer::singleShot(0, &window, [&window, &options, &demo, demoError, directory] {
        const QString dir = directory.isEmpty() ? window.defaultDirectory() : directory;
        if (!options.urls.isEmpty()) {
            window.addDownloads(options.urls, dir);
        }
        if (demo) {
            window.addDownloads(demo->urls(), dir);
            window.setNotice(QApplication::translate("haul", "Demo: files from a local server, "
                                                             "saved in %1")
                                 .arg(QDir::toNativeSeparators(dir)));
        } else if (!demoError.isEmpty()) {
            QMessageBox::warning(&window, QApplication::translate("haul", "Haul"),
                                 QApplication::translate("haul", "The demo server could not "
                                                                 "start: %1")
                                     .arg(demoError));
        }
    });
    return app.exec();
}

} // namespace
} // namespace haul::app

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Haul"));
    QApplication::setApplicationName(QStringLiteral("Haul"));
    QApplication::setApplicationVersion(QStringLiteral(HAUL_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("haul"));
    return haul::app::run(app);
}
