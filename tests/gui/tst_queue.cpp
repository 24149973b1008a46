// SPDX-License-Identifier: MIT
// The queue and the clock: "downloads at once" lowered while running (rows go back to Queued),
// Force Start, Retry All Failed, Clear Completed, and the scheduler (download hours, the
// alternative speed limit, "when all are done") with a clock the test sets.
#include "guitestsupport.h"

#include "appsettings.h"
#include "dialogs/settingsdialog.h"
#include "engineclient.h"
#include "mainwindow.h"
#include "scheduledriver.h"
#include "scheduler.h"
#include "transferlist/transferactions.h"
#include "transferlist/transferlistmodel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QScreen>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeEdit>

using haul::engine::TransferId;
using haul::guitest::url;
using haul::ui::AppSettings;
using haul::ui::EngineClient;
using haul::ui::MainWindow;
using haul::ui::ScheduleDriver;
using haul::ui::Scheduler;
using haul::ui::ScheduleSettings;
using haul::ui::TimeWindow;
using haul::ui::TransferListModel;
using State = TransferListModel::State;

namespace {

// 2026-11-30 is a Monday.
QDateTime at(int day, int hour, int minute = 0)
{
    return {QDate(2026, 11, 30).addDays(day - 1), QTime(hour, minute)};
}

haul::engine::SessionOptions limit(int maxConcurrent)
{
    haul::engine::SessionOptions o;
    o.maxConcurrent = maxConcurrent;
    return o;
}

} // namespace

class TestQueue : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void timeWindowsHoldOnTheirDaysAndOverMidnight();
    void schedulerSignalsOnlyChanges();
    void allDoneFiresOnceWhenTheLastFinishes();
    void scheduleSettingsAreSavedAndLoaded();
    void settingsDialogEditsTheSchedule();
    void loweringDownloadsAtOnceSendsRowsBackToTheQueue();
    void forceStartRunsAQueuedRowPastTheLimit();
    void retryAllFailedAndClearCompleted();
    void outsideTheHoursDownloadsPauseAndInsideTheyResume();
    void alternativeSpeedLimitReplacesTheGlobalOne();

private:
    std::unique_ptr<haul::server::HttpServer> m_server;
};

void TestQueue::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings must not touch the user's config
    m_server = haul::guitest::startServer();
    QVERIFY(m_server);
}

void TestQueue::cleanupTestCase()
{
    m_server.reset();
}

void TestQueue::timeWindowsHoldOnTheirDaysAndOverMidnight()
{
    const TimeWindow work{0x1F, QTime(8, 0), QTime(18, 0)}; // Monday to Friday
    QVERIFY(work.contains(at(1, 8)));
    QVERIFY(work.contains(at(5, 17, 59)));
    QVERIFY(!work.contains(at(1, 18))); // the end is outside
    QVERIFY(!work.contains(at(1, 7, 59)));
    QVERIFY(!work.contains(at(6, 12))); // Saturday

    const TimeWindow fridayNight{1 << 4, QTime(22, 0), QTime(6, 0)};
    QVERIFY(fridayNight.contains(at(5, 23)));
    QVERIFY(fridayNight.contains(at(6, 3)));  // Saturday morning: Friday's night
    QVERIFY(!fridayNight.contains(at(5, 3))); // Friday morning: Thursday's, not open
    QVERIFY(!fridayNight.contains(at(6, 23)));

    const TimeWindow sunday{1 << 6, QTime(0, 0), QTime(0, 0)}; // the whole day
    QVERIFY(sunday.contains(at(7, 0)));
    QVERIFY(sunday.contains(at(7, 23, 59)));
    QVERIFY(!sunday.contains(at(1, 0))); // Monday
}

void TestQueue::schedulerSignalsOnlyChanges()
{
    QDateTime now = at(1, 12);
    Scheduler scheduler([&] { return now; });
    QSignalSpy allowed(&scheduler, &Scheduler::downloadsAllowedChanged);
    QSignalSpy alt(&scheduler, &Scheduler::altSpeedChanged);
    QVERIFY(scheduler.downloadsAllowed()); // no schedule: always
    ScheduleSettings s;
    s.limitHours = true;
    s.runWindow = {TimeWindow::kEveryDay, QTime(1, 0), QTime(7, 0)};
    s.altSpeed = true;
    s.altWindow = {0x1F, QTime(8, 0), QTime(18, 0)};
    s.altSpeedKiB = 100;
    scheduler.setSettings(s);
    QCOMPARE(allowed.size(), 1);
    QCOMPARE(allowed.takeFirst().at(0).toBool(), false);
    QCOMPARE(alt.size(), 1);
    QCOMPARE(alt.takeFirst().at(0).toBool(), true);
    QCOMPARE(scheduler.speedLimitKiB(900), 100);
    scheduler.check(); // nothing changed: nothing said
    QCOMPARE(allowed.size() + alt.size(), 0);

    now = at(2, 2); // Tuesday night: downloads run, the normal limit
    scheduler.check();
    QCOMPARE(allowed.size(), 1);
    QCOMPARE(allowed.takeFirst().at(0).toBool(), true);
    QCOMPARE(alt.size(), 1);
    QCOMPARE(scheduler.speedLimitKiB(900), 900);

    s.limitHours = false; // turned off outside the hours: downloads run again
    now = at(2, 12);
    scheduler.setSettings(s);
    QVERIFY(scheduler.downloadsAllowed());
    QCOMPARE(allowed.size(), 0);
}

void TestQueue::allDoneFiresOnceWhenTheLastFinishes()
{
    Scheduler scheduler([] { return at(1, 12); });
    QSignalSpy done(&scheduler, &Scheduler::allDone);
    scheduler.noteUnfinished(2);
    scheduler.noteUnfinished(0);
    QCOMPARE(done.size(), 0); // "do nothing"
    ScheduleSettings s;
    s.whenDone = ScheduleSettings::WhenDone::Quit;
    scheduler.setSettings(s);
    scheduler.noteUnfinished(0); // nothing ran: nothing is done
    QCOMPARE(done.size(), 0);
    scheduler.noteUnfinished(3);
    scheduler.noteUnfinished(1);
    QCOMPARE(done.size(), 0);
    scheduler.noteUnfinished(0);
    QCOMPARE(done.size(), 1);
    scheduler.noteUnfinished(0);
    QCOMPARE(done.size(), 1);
}

void TestQueue::scheduleSettingsAreSavedAndLoaded()
{
    const AppSettings before = AppSettings::load();
    AppSettings a = before;
    a.schedule.limitHours = true;
    a.schedule.runWindow = {0x41, QTime(23, 30), QTime(5, 15)};
    a.schedule.altSpeed = true;
    a.schedule.altWindow = {0x3E, QTime(9, 0), QTime(17, 45)};
    a.schedule.altSpeedKiB = 321;
    a.schedule.whenDone = ScheduleSettings::WhenDone::Quit;
    a.save();
    const AppSettings loaded = AppSettings::load();
    before.save(); // the other tests see the defaults
    QVERIFY(loaded.schedule == a.schedule);
    QVERIFY(loaded == a);
}

void TestQueue::settingsDialogEditsTheSchedule()
{
    AppSettings a;
    haul::ui::SettingsDialog dialog(a, false);
    dialog.pages()->setCurrentWidget(dialog.findChild<QWidget*>(QStringLiteral("schedule")));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* limitHours = dialog.findChild<QCheckBox*>(QStringLiteral("limitHours"));
    auto* sunday = dialog.findChild<QCheckBox*>(QStringLiteral("runDay7"));
    auto* from = dialog.findChild<QTimeEdit*>(QStringLiteral("runFrom"));
    auto* altSpeed = dialog.findChild<QCheckBox*>(QStringLiteral("altSpeed"));
    auto* altKiB = dialog.findChild<QSpinBox*>(QStringLiteral("altSpeedKiB"));
    auto* whenDone = dialog.findChild<QComboBox*>(QStringLiteral("whenDone"));
    QVERIFY(limitHours && sunday && from && altSpeed && altKiB && whenDone);
    QVERIFY(!from->isEnabled()); // off: its hours are greyed out
    limitHours->click();
    QVERIFY(from->isEnabled());
    QVERIFY(!altKiB->isEnabled());
    sunday->click(); // every day but Sunday
    from->setTime(QTime(2, 30));
    altSpeed->setChecked(true);
    QVERIFY(altKiB->isEnabled());
    altKiB->setValue(256);
    whenDone->setCurrentIndex(1);
    // HAUL_SCREENSHOT=FILE.png: the whole screen with the dialog, to look at.
    if (const QString shot = qEnvironmentVariable("HAUL_SCREENSHOT"); !shot.isEmpty()) {
        QTest::qWait(300); // painted
        QVERIFY(dialog.screen()->grabWindow(0).save(shot));
    }
    const ScheduleSettings s = dialog.settings().schedule;
    QVERIFY(s.limitHours);
    QCOMPARE(s.runWindow.days, 0x3F);
    QCOMPARE(s.runWindow.from, QTime(2, 30));
    QVERIFY(s.altSpeed);
    QCOMPARE(s.altSpeedKiB, 256);
    QCOMPARE(s.whenDone, ScheduleSettings::WhenDone::Quit);
    // Everything fits an 800x600 screen.
    QVERIFY2(dialog.sizeHint().width() <= 780 && dialog.sizeHint().height() <= 580,
             qPrintable(QStringLiteral("%1x%2")
                            .arg(dialog.sizeHint().width())
                            .arg(dialog.sizeHint().height())));
}

void TestQueue::loweringDownloadsAtOnceSendsRowsBackToTheQueue()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient client(limit(3));
    MainWindow window(&client);
    const auto ids =
        window.addDownloads({url(*m_server, "/endless.bin"), url(*m_server, "/endless.bin"),
                             url(*m_server, "/endless.bin")},
                            dir.path());
    QCOMPARE(ids.size(), 3);
    TransferListModel* model = window.model();
    const auto bytesOf = [model](TransferId id) {
        return model->index(model->rowOf(id), 0).data(TransferListModel::BytesRole).toLongLong();
    };
    for (const TransferId id : ids) {
        QTRY_VERIFY_WITH_TIMEOUT(bytesOf(id) > 0, 30000);
    }
    EngineClient::LiveOptions one;
    one.maxConcurrent = 1;
    client.applyLiveOptions(one);
    // The first keeps running; the two started after it wait again, their bytes kept.
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[1]), State::Queued, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[2]), State::Queued, 20000);
    QCOMPARE(model->stateOf(ids[0]), State::Downloading);
    QVERIFY(bytesOf(ids[1]) > 0);
    EngineClient::LiveOptions three;
    three.maxConcurrent = 3;
    client.applyLiveOptions(three);
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[1]), State::Downloading, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[2]), State::Downloading, 30000);
}

void TestQueue::forceStartRunsAQueuedRowPastTheLimit()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient client(limit(1));
    MainWindow window(&client);
    const auto ids = window.addDownloads(
        {url(*m_server, "/endless.bin"), url(*m_server, "/endless.bin")}, dir.path());
    QCOMPARE(ids.size(), 2);
    TransferListModel* model = window.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[0]), State::Downloading, 30000);
    QCOMPARE(model->stateOf(ids[1]), State::Queued);
    haul::ui::TransferActions* actions = window.actions();
    QVERIFY(!actions->forceStartRow(-1));
    // From the row's context menu, as the user does.
    window.view()->selectRow(model->rowOf(ids[1]));
    actions->updateActions();
    QVERIFY(actions->forceStart()->isEnabled());
    actions->forceStart()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[1]), State::Downloading, 30000);
    QCOMPARE(model->stateOf(ids[0]), State::Downloading);
    window.view()->selectRow(model->rowOf(ids[0]));
    actions->updateActions();
    QVERIFY(!actions->forceStart()->isEnabled()); // already running
}

void TestQueue::retryAllFailedAndClearCompleted()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient client;
    MainWindow window(&client);
    haul::ui::TransferActions* actions = window.actions();
    const QString missing = url(*m_server, "/appears-later.bin");
    const auto ids = window.addDownloads({missing, url(*m_server, "/two.bin")}, dir.path());
    QCOMPARE(ids.size(), 2);
    TransferListModel* model = window.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[0]), State::Failed, 30000); // 404
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[1]), State::Completed, 30000);
    actions->updateActions();
    QVERIFY(actions->retryFailedAction()->isEnabled());
    QVERIFY(actions->clearCompletedAction()->isEnabled());

    haul::server::Resource now;
    now.size = 4096;
    now.seed = 7;
    m_server->addResource("/appears-later.bin", now);
    actions->retryFailedAction()->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[0]), State::Completed, 30000);
    QTRY_VERIFY(!actions->retryFailedAction()->isEnabled());

    const auto more = window.addDownloads({url(*m_server, "/crawl.bin")}, dir.path());
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(more[0]), State::Downloading, 30000);
    actions->clearCompletedAction()->trigger();
    QCOMPARE(model->rowCount(), 1); // only the running one stays
    QCOMPARE(model->idAt(0), more[0]);
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("two.bin")))); // the files stay
    QVERIFY(QFile::exists(dir.filePath(QStringLiteral("appears-later.bin"))));
    QTRY_VERIFY(!actions->clearCompletedAction()->isEnabled());
}

void TestQueue::outsideTheHoursDownloadsPauseAndInsideTheyResume()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient client;
    MainWindow window(&client);
    const auto ids = window.addDownloads(
        {url(*m_server, "/endless.bin"), url(*m_server, "/endless.bin")}, dir.path());
    QCOMPARE(ids.size(), 2);
    TransferListModel* model = window.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[0]), State::Downloading, 30000);
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[1]), State::Downloading, 30000);
    QVERIFY(client.pause(ids[1])); // the user's pause
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[1]), State::Paused, 20000);

    QDateTime now = at(3, 12); // Wednesday noon
    Scheduler scheduler([&] { return now; });
    ScheduleDriver driver(&scheduler, window.actions(), model, &client);
    QSignalSpy notices(&driver, &ScheduleDriver::notice);
    QSignalSpy done(&scheduler, &Scheduler::allDone);
    ScheduleSettings s;
    s.limitHours = true;
    s.runWindow = {TimeWindow::kEveryDay, QTime(1, 0), QTime(7, 0)};
    s.whenDone = ScheduleSettings::WhenDone::Quit;
    scheduler.setSettings(s);
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[0]), State::Paused, 20000);
    QCOMPARE(driver.held(), 1);
    QCOMPARE(notices.size(), 1);
    // Paused by the schedule is not done.
    QCOMPARE(done.size(), 0);

    now = at(4, 1); // Thursday 01:00: the hours begin
    scheduler.check();
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[0]), State::Downloading, 30000);
    QCOMPARE(model->stateOf(ids[1]), State::Paused); // the user's stays paused
    QCOMPARE(driver.held(), 0);
    QCOMPARE(notices.size(), 2);
    QCOMPARE(done.size(), 0);
}

void TestQueue::alternativeSpeedLimitReplacesTheGlobalOne()
{
    EngineClient client;
    MainWindow window(&client);
    QDateTime now = at(1, 7);
    Scheduler scheduler([&] { return now; });
    ScheduleDriver driver(&scheduler, window.actions(), window.model(), &client);
    driver.setNormalSpeedLimitKiB(2048);
    ScheduleSettings s;
    s.altSpeed = true;
    s.altWindow = {0x1F, QTime(8, 0), QTime(18, 0)};
    s.altSpeedKiB = 64;
    scheduler.setSettings(s); // 07:00: not yet
    QCOMPARE(client.globalRateLimit(), 0);
    now = at(1, 8);
    scheduler.check();
    QCOMPARE(client.globalRateLimit(), 64 * 1024);
    now = at(1, 18);
    scheduler.check();
    QCOMPARE(client.globalRateLimit(), 2048 * 1024);
}

QTEST_MAIN(TestQueue)
#include "tst_queue.moc"
