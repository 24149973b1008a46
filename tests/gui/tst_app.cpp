// SPDX-License-Identifier: MIT
// Application-level behaviour: single instance, settings, tray-less close, quitting with
// downloads active, the stress panel in the window and `haul --stress` as a process.
#include "guitestsupport.h"

#include "appsettings.h"
#include "dialogs/settingsdialog.h"
#include "engineclient.h"
#include "mainwindow.h"
#include "singleinstance.h"
#include "stresspanel.h"
#include "transferlist/transferlistmodel.h"

#include <QDir>
#include <QDirIterator>
#include <QLabel>
#include <QProcess>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using haul::app::SingleInstance;
using haul::demo::StressPanel;
using haul::engine::TransferId;
using haul::guitest::url;
using haul::ui::AppSettings;
using haul::ui::EngineClient;
using haul::ui::MainWindow;
using haul::ui::TransferListModel;
using State = TransferListModel::State;

namespace {

QString uniqueName()
{
    return QStringLiteral("haul-test-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(12));
}

int partsWithBytes(const QString& folder)
{
    int parts = 0;
    QDirIterator it(folder, {QStringLiteral("*.part")}, QDir::Files);
    while (it.hasNext()) {
        it.next();
        parts += it.fileInfo().size() > 0 ? 1 : 0;
    }
    return parts;
}

} // namespace

class TestApp final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void singleInstanceHandsUrlsOver();
    void singleInstanceWithNobodyListening();
    void singleInstanceFeedsTheWindow();
    void settingsPersistAndApply();
    void closeWithoutTrayQuits();
    void quitWithDownloadsActiveKeepsPartFiles();
    void stressPanelHoldsItsInvariants();
    void stressPanelClosedMidRun();
    void stressCommandLineExitCode();

private:
    std::unique_ptr<haul::server::HttpServer> m_server;
};

void TestApp::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_server = haul::guitest::startServer();
    QVERIFY(m_server);
}

void TestApp::cleanupTestCase()
{
    QSettings().clear();
    m_server.reset();
}

void TestApp::singleInstanceHandsUrlsOver()
{
    const QString name = uniqueName();
    SingleInstance first(name);
    QVERIFY(first.listen());
    QSignalSpy spy(&first, &SingleInstance::urlsReceived);
    SingleInstance second(name);
    const QStringList urls{QStringLiteral("http://127.0.0.1:1/a.iso"),
                           QStringLiteral("http://127.0.0.1:1/b c.iso")};
    QVERIFY(second.sendToRunning(urls));
    QTRY_COMPARE(spy.size(), 1);
    QCOMPARE(spy.at(0).at(0).toStringList(), urls);
    // No URL at all: the running window only shows itself.
    QVERIFY(second.sendToRunning({}));
    QTRY_COMPARE(spy.size(), 2);
    QVERIFY(spy.at(1).at(0).toStringList().isEmpty());
}

void TestApp::singleInstanceWithNobodyListening()
{
    const QString name = uniqueName();
    SingleInstance lonely(name);
    QElapsedTimer clock;
    clock.start();
    QVERIFY(!lonely.sendToRunning({QStringLiteral("http://x/")}, 20000));
    QVERIFY(clock.elapsed() < 10000); // refused at once, not after the 20 s timeout
    // A stale socket file from a crashed instance does not block listening.
    {
        SingleInstance crashed(name);
        QVERIFY(crashed.listen());
    }
    QVERIFY(lonely.listen());
    QVERIFY(lonely.isListening());
}

void TestApp::singleInstanceFeedsTheWindow()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.setDefaultDirectory(dir.path());
    SingleInstance running(uniqueName());
    QVERIFY(running.listen());
    connect(&running, &SingleInstance::urlsReceived, &window,
            &MainWindow::handleUrlsFromOtherInstance);
    SingleInstance other(running.name());
    QVERIFY(other.sendToRunning({url(*m_server, "/two.bin")}));
    QTRY_COMPARE(window.model()->rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->stateOf(window.model()->idAt(0)), State::Completed,
                              20000);
    QVERIFY(QFileInfo::exists(QDir(dir.path()).filePath(QStringLiteral("two.bin"))));
}

void TestApp::settingsPersistAndApply()
{
    AppSettings s;
    s.directory = QStringLiteral("/tmp/haul-settings-test");
    s.maxConcurrent = 3;
    s.connectionsPerDownload = 4;
    s.speedLimitKiB = 512;
    s.retries = 5;
    s.proxy = QStringLiteral("http://127.0.0.1:3128");
    s.notify = false;
    s.save();
    QCOMPARE(AppSettings::load(), s);
    QCOMPARE(s.sessionOptions().maxConcurrent, 3);

    haul::ui::SettingsDialog dialog(s, false);
    QCOMPARE(dialog.settings(), s);
    dialog.findChild<QSpinBox*>(QStringLiteral("concurrent"))->setValue(6);
    QCOMPARE(dialog.settings().maxConcurrent, 6);

    EngineClient client;
    MainWindow window(&client);
    QCOMPARE(window.defaultDirectory(), s.directory);
    AppSettings changed = s;
    changed.speedLimitKiB = 0;
    window.applySettings(changed);
    QCOMPARE(AppSettings::load(), changed);
    QSettings().clear();
}

void TestApp::closeWithoutTrayQuits()
{
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    AppSettings s = window.settings();
    s.closeToTray = true; // asks for the tray, but Xvfb has none: closing must still close
    window.applySettings(s);
    QVERIFY(window.close());
    QVERIFY(!window.isVisible());
    QSettings().clear();
}

void TestApp::quitWithDownloadsActiveKeepsPartFiles()
{
    QTemporaryDir dir;
    {
        auto client = std::make_unique<EngineClient>();
        auto window = std::make_unique<MainWindow>(client.get());
        window->show();
        QStringList urls;
        for (int i = 0; i < 4; ++i) { // held mid-body by the server: still active at the quit
            urls << url(*m_server, "/held.bin") + QStringLiteral("?q=%1").arg(i);
        }
        QCOMPARE(window->addDownloads(urls, dir.path()).size(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(window->model()->counts().active == 4, 30000);
        window->openDetails(window->model()->idAt(0));
        StressPanel::install(window.get(), client.get());
        StressPanel::open(window.get());
        // Every one has bytes in (they reach the disk by the shutdown at the latest).
        const TransferListModel* model = window->model();
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int row = 0; row < model->rowCount(); ++row) {
                    if (model->index(row, 0).data(TransferListModel::BytesRole).toLongLong() <= 0) {
                        return false;
                    }
                }
                return true;
            }(),
            30000);
        QVERIFY(window->close());
        window.reset();
        client.reset(); // joins the engine thread with four transfers pending
    }
    QVERIFY2(partsWithBytes(dir.path()) >= 1,
             qPrintable(QDir(dir.path()).entryList().join(QLatin1Char(' '))));
}

void TestApp::stressPanelHoldsItsInvariants()
{
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    StressPanel::install(&window, &client);
    StressPanel* panel = StressPanel::open(&window);
    QCOMPARE(window.tabs()->currentWidget(), panel);
    QSignalSpy finished(panel, &StressPanel::finished);
    panel->setDownloads(16);
    panel->setActionsPerSecond(40);
    QVERIFY(panel->start(3));
    QVERIFY(!panel->start(3)); // one run at a time
    QVERIFY(finished.wait(40000));
    const StressPanel::Counters c = panel->counters();
    QVERIFY2(panel->passed(), qPrintable(panel->report()));
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY(c.tabsOpened > 0);
    QCOMPARE(c.tabsOpened, c.tabsClosed);
    QVERIFY(c.cancels + c.pauses + c.removes > 0);
    QCOMPARE(c.operationsAccepted, c.completions);
    QCOMPARE(c.eventsAfterClosed, 0);
    QCOMPARE(c.tabDeliveriesAfterClose, 0);
    QCOMPARE(c.inFlight, 0u);
    QCOMPARE(window.model()->rowCount(), 0); // it removed everything it added
    QCOMPARE(window.detailTabs().size(), 0);
}

void TestApp::stressPanelClosedMidRun()
{
    EngineClient client;
    MainWindow window(&client);
    StressPanel::install(&window, &client);
    StressPanel* panel = StressPanel::open(&window);
    QPointer<StressPanel> guard = panel;
    QVERIFY(panel->start(30));
    // Mid-run: it has acted on its downloads and seen some of them complete.
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const StressPanel::Counters c = panel->counters();
            return c.completions > 0 && c.cancels + c.pauses + c.removes + c.tabsOpened > 0;
        }(),
        30000);
    QVERIFY(panel->phase() == StressPanel::Phase::Running);
    QVERIFY(window.closeTab(panel));
    QTRY_VERIFY(guard.isNull());
    QTRY_VERIFY_WITH_TIMEOUT(client.stats().openHandles == 0, 10000);
    QCOMPARE(client.eventsAfterClosed(), 0);
    // Nothing is kept per download once its Closed arrived: the client and the engine's
    // subscriptions are back to what a client with no downloads has.
    QTRY_COMPARE_WITH_TIMEOUT(client.openTransfers(), std::size_t{0}, 10000);
    QCOMPARE(client.stats().subscriptions, 1u);
}

void TestApp::stressCommandLineExitCode()
{
    QProcess haul;
    haul.setProgram(QStringLiteral(HAUL_GUI_BINARY));
    haul.setArguments({QStringLiteral("--stress"), QStringLiteral("3")});
    haul.start();
    QVERIFY(haul.waitForStarted(10000));
    QVERIFY(haul.waitForFinished(90000));
    const QString out = QString::fromUtf8(haul.readAllStandardOutput());
    QCOMPARE(haul.exitStatus(), QProcess::NormalExit);
    QVERIFY2(haul.exitCode() == 0,
             qPrintable(out + QString::fromUtf8(haul.readAllStandardError())));
    QVERIFY2(out.contains(QStringLiteral("verdict: PASS")), qPrintable(out));
    QVERIFY(out.contains(QStringLiteral("Events after Closed: 0")));

    QProcess bad;
    bad.start(QStringLiteral(HAUL_GUI_BINARY), {QStringLiteral("--stress"), QStringLiteral("x")});
    QVERIFY(bad.waitForFinished(30000));
    QCOMPARE(bad.exitCode(), 2); // usage error
}

QTEST_MAIN(TestApp)
#include "tst_app.moc"
