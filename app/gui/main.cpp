// SPDX-License-Identifier: MIT
#include "commandline.h"
#include "privatefolder.h"
#include "singleinstance.h"

#include "appsettings.h"
#include "engineclient.h"
#include "mainwindow.h"
#include "translations.h"

#include "demomode.h"
#include "stresspanel.h"

#include <haul/engine.h>

#include <QApplication>
#include <QDir>
#include <QLocale>
#include <QMessageBox>
#include <QTimer>

#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <memory>
#include <sys/socket.h>
#include <unistd.h>

namespace haul::app {
namespace {

int g_signalPipe[2] = {-1, -1};

extern "C" void handleQuitSignal(int)
{
    const char x = 1;
    (void)!::write(g_signalPipe[1], &x, 1); // async-signal-safe; the GUI thread does the rest
}

// SIGTERM and SIGINT quit like closing the window: downloads are stopped, their bytes and
// records kept, and the next start resumes them.
void quitOnSignals(QApplication& app)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_signalPipe) != 0)
        return;
    auto* notifier = new QSocketNotifier(g_signalPipe[0], QSocketNotifier::Read, &app);
    QObject::connect(notifier, &QSocketNotifier::activated, &app, [notifier] {
        notifier->setEnabled(false);
        QApplication::quit();
    });
    struct sigaction sa {};
    sa.sa_handler = handleQuitSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, nullptr);
    sigaction(SIGINT, &sa, nullptr);
}

// A run that has not ended this long after its duration is hung: exit non-zero.
constexpr int kStressGraceMs = 60000;

void runStress(QApplication& app, ui::MainWindow& window, int seconds)
{
    demo::StressPanel* panel = demo::StressPanel::open(&window);
    QObject::connect(panel, &demo::StressPanel::finished, &window, [&app, panel](bool passed) {
        std::fputs(qPrintable(panel->report() + QLatin1Char('\n')), stdout);
        std::fflush(stdout);
        app.exit(passed ? 0 : 1);
    });
    QTimer::singleShot(seconds * 1000 + kStressGraceMs, &window, [&app, panel] {
        std::fputs(qPrintable(panel->report() + QStringLiteral("\nverdict: FAIL (hung)\n")),
                   stdout);
        std::fflush(stdout);
        app.exit(3);
    });
    if (!panel->start(seconds)) {
        std::fputs("haul: the stress test could not start\n", stderr);
        QTimer::singleShot(0, &window, [&app] { app.exit(2); });
    }
}

int run(QApplication& app)
{
    const GuiOptions options = parseCommandLine(app);

    // Another Haul of this user takes the URLs (or just shows itself); this one exits.
    SingleInstance instance;
    if (options.singleInstance) {
        QString detail;
        switch (instance.handOff(options.urls, 3000, &detail)) {
        case SingleInstance::HandOff::Delivered: return 0;
        case SingleInstance::HandOff::Stranger:
            // The user asked for these downloads: they happen here, in a window of this Haul,
            // and nobody else gets them.
            std::fprintf(stderr,
                         "haul: %s; nothing was sent to it, this Haul opens its own window.\n",
                         qPrintable(detail));
            break;
        case SingleInstance::HandOff::NobodyListening: break;
        }
        QString error;
        if (!instance.listen(&error)) {
            std::fprintf(stderr, "haul: running without single-instance hand-off: %s\n",
                         qPrintable(error));
        }
    }

    // Declaration order is destruction order reversed: the window goes first, then the client
    // (which joins the engine thread), then the demo server the transfers were reading from.
    std::unique_ptr<demo::DemoMode> demo;
    QString demoError;
    if (options.demo) {
        const QString base = privatefolder::base(&demoError);
        demo = std::make_unique<demo::DemoMode>();
        if (base.isEmpty()) {
            demo.reset();
        } else if (!demo->start(base)) {
            demoError = demo->error();
            demo.reset();
        }
    }
    engine::SessionOptions sessionOptions = ui::AppSettings::load().sessionOptions();
    if (options.stressSeconds > 0) {
        sessionOptions.storePath.clear(); // a stress run's throwaway downloads are not the user's
    } else if (options.demo && qEnvironmentVariableIsEmpty("HAUL_STORE_PATH")) {
        // The demo keeps its own list beside its files, out of the user's. Its folder is new and
        // private for each run, so it starts afresh; what the run left there goes at exit. A
        // demo that could not start records nothing (never in the user's list).
        sessionOptions.storePath.clear();
        if (demo) {
            sessionOptions.storePath =
                QDir(demo->directory()).filePath(QStringLiteral("demo-list.db")).toStdString();
            demo->setRemoveAtExit(true);
        }
    }
    // The engine the window talks to: the local one (a remote engine would be made here).
    ui::EngineClient client(sessionOptions, &engine::makeLocalEngine);
    ui::MainWindow window(&client);
    demo::StressPanel::install(&window, &client);
    // Another program's URLs open the Add dialog for the user to confirm (or start at once,
    // when the settings say so).
    QObject::connect(&instance, &SingleInstance::urlsReceived, &window,
                     &ui::MainWindow::offerUrlsFromOtherInstance);

    QString directory = options.directory;
    if (demo && directory.isEmpty()) {
        directory = demo->directory();
    }
    if (!options.directory.isEmpty()) {
        window.setDefaultDirectory(options.directory);
    }
    window.show();

    if (options.stressSeconds > 0) {
        QTimer::singleShot(0, &window, [&app, &window, seconds = options.stressSeconds] {
            runStress(app, window, seconds);
        });
        return app.exec();
    }

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
                                 QApplication::translate("haul", "The demo could not start: "
                                                                 "%1")
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
    // The system's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), before any string is made.
    haul::ui::installTranslations(app, QLocale());
    haul::app::quitOnSignals(app);
    return haul::app::run(app);
}
