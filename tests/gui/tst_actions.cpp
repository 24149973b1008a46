// SPDX-License-Identifier: MIT
// The commands' questions and keys: Remove asks (and can be told not to again), Remove and
// Delete Files deletes the .part, the status bar counts every row, detail tabs one per download
// with keyboard and middle-click close, typed addresses without a scheme, quit asks, Ctrl+,.
#include "confirmanswer.h"
#include "guitestsupport.h"

#include "appsettings.h"
#include "details/detailtab.h"
#include "details/detailtabs.h"
#include "dialogs/adddownloadsdialog.h"
#include "dialogs/confirmdialog.h"
#include "dialogs/settingsdialog.h"
#include "dialogs/userurl.h"
#include "engineclient.h"
#include "mainwindow.h"
#include "transferlist/downloadspage.h"
#include "transferlist/transferactions.h"
#include "transferlist/transferfilterproxy.h"
#include "transferlist/transferlistmodel.h"

#include <QAction>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPalette>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

using haul::engine::TransferId;
using haul::guitest::answerNextQuestion;
using haul::guitest::url;
using haul::ui::AppSettings;
using haul::ui::DetailTab;
using haul::ui::EngineClient;
using haul::ui::MainWindow;
using haul::ui::TransferListModel;
using State = TransferListModel::State;

class TestActions final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void removeAsksAndCanBeToldNotToAgain();
    void removeAndDeleteFilesDeletesThePart();
    void statusBarCountsEveryRow();
    void settingsSayWhyTrayChoicesAreOff();
    void oneDetailTabPerDownloadAndKeysCloseThem();
    void typedAddressWithoutSchemeGetsHttps();
    void addDialogRemembersConnectionsNotTheFolder();
    void quitAsksWhileDownloadsRun();
    void ctrlCommaOpensSettings();

private:
    void selectRows(MainWindow& window, const QList<int>& rows);
    std::unique_ptr<haul::server::HttpServer> m_server;
};

void TestActions::initTestCase()
{
    if (qEnvironmentVariableIsSet("HAUL_SCREENSHOT_DARK")) { // to look at, not to test
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, Qt::white);
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
        dark.setColor(QPalette::Text, Qt::white);
        dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
        dark.setColor(QPalette::ButtonText, Qt::white);
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(dark);
    }
    QStandardPaths::setTestModeEnabled(true); // QSettings must not touch the user's config
    m_server = haul::guitest::startServer();
    QVERIFY(m_server);
}

void TestActions::init()
{
    QSettings().clear();
}

void TestActions::cleanupTestCase()
{
    m_server.reset();
}

void TestActions::selectRows(MainWindow& window, const QList<int>& rows)
{
    QItemSelectionModel* selection = window.view()->selectionModel();
    selection->clearSelection();
    for (const int row : rows) {
        selection->select(window.proxy()->mapFromSource(window.model()->index(row, 0)),
                          QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }
}

void TestActions::removeAsksAndCanBeToldNotToAgain()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const auto ids = window.addDownloads({url(*m_server, "/held.bin"),
                                          url(*m_server, "/held.bin") + QStringLiteral("?2"),
                                          url(*m_server, "/held.bin") + QStringLiteral("?3")},
                                         dir.path());
    QCOMPARE(ids.size(), 3);
    TransferListModel* model = window.model();
    QAction* remove = window.actions()->remove();
    QCOMPARE(remove->shortcut(), QKeySequence(QKeySequence::Delete));

    // Declined: nothing goes.
    selectRows(window, {0, 1});
    auto answer = answerNextQuestion(&window, /*accept=*/false);
    remove->trigger();
    QVERIFY(answer->seen);
    QVERIFY(answer->hadDontAsk);
    QVERIFY(answer->text.contains(QStringLiteral("2 downloads")));
    QVERIFY(answer->informative.contains(QStringLiteral("stay on disk")));
    QCOMPARE(model->rowCount(), 3);

    // Accepted with "Don't ask again": both go, and the setting remembers.
    answer = answerNextQuestion(&window, /*accept=*/true, /*dontAsk=*/true);
    remove->trigger();
    QVERIFY(answer->seen);
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(AppSettings::load().confirmRemove, false);

    // Not asked any more: Delete removes at once.
    selectRows(window, {0});
    QVERIFY(remove->isEnabled());
    // Xvfb has no window manager to give the window the focus back after the question.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    window.view()->setFocus();
    QTest::keyClick(window.view(), Qt::Key_Delete);
    QCOMPARE(model->rowCount(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(client.openTransfers(), std::size_t{0}, 20000);

    // Settings turns the question on again.
    AppSettings settings = window.settings();
    settings.confirmRemove = true;
    window.applySettings(settings);
    QVERIFY(haul::ui::ConfirmDialog::willAsk(AppSettings::confirmRemoveKey()));
}

void TestActions::removeAndDeleteFilesDeletesThePart()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    // Told not to ask for Remove: Remove and Delete Files still asks.
    QSettings().setValue(AppSettings::confirmRemoveKey(), false);
    // Large enough to be written to its .part as it comes (small ones are kept in memory).
    const auto ids = window.addDownloads({url(*m_server, "/endless.bin")}, dir.path());
    QCOMPARE(ids.size(), 1);
    const QString part = QDir(dir.path()).filePath(QStringLiteral("endless.bin.part"));
    TransferListModel* model = window.model();
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(part), 20000);
    QAction* removeDelete = window.actions()->removeAndDelete();
    QCOMPARE(removeDelete->shortcut(), QKeySequence(QStringLiteral("Shift+Del")));
    selectRows(window, {0});
    QVERIFY(removeDelete->isEnabled());

    auto answer = answerNextQuestion(&window, /*accept=*/false);
    removeDelete->trigger();
    QVERIFY(answer->seen);
    QVERIFY(!answer->hadDontAsk); // always asked
    QVERIFY(answer->text.contains(QStringLiteral("endless.bin")));
    QVERIFY(answer->informative.contains(QDir::toNativeSeparators(part)));
    QCOMPARE(model->rowCount(), 1);
    QVERIFY(QFile::exists(part));

    answer = answerNextQuestion(&window, /*accept=*/true);
    removeDelete->trigger();
    QVERIFY(answer->seen);
    QCOMPARE(model->rowCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!QFile::exists(part), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(client.openTransfers(), std::size_t{0}, 20000);
}

void TestActions::statusBarCountsEveryRow()
{
    EngineClient client;
    MainWindow window(&client);
    QTemporaryDir dir;
    // One held running, one cancelled, one that fails at once (404).
    const auto ids = window.addDownloads({url(*m_server, "/held.bin"),
                                          url(*m_server, "/held.bin") + QStringLiteral("?c"),
                                          url(*m_server, "/missing.bin")},
                                         dir.path());
    QCOMPARE(ids.size(), 3);
    TransferListModel* m = window.model();
    QTRY_COMPARE_WITH_TIMEOUT(m->stateOf(ids[2]), State::Failed, 30000);
    QVERIFY(window.actions()->cancelRow(m->rowOf(ids[1])));
    QString text;
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            for (const QLabel* label : window.statusBar()->findChildren<QLabel*>()) {
                if (label->text().contains(QStringLiteral("cancelled"))) {
                    text = label->text();
                    return true;
                }
            }
            return false;
        }(),
        20000);
    QVERIFY2(text.contains(QStringLiteral("1 failed")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("1 cancelled")), qPrintable(text));
    // The numbers add up to the rows.
    int sum = 0;
    for (const QString& part : text.split(QStringLiteral("·"))) {
        sum += part.trimmed().section(QLatin1Char(' '), 0, 0).toInt();
    }
    QCOMPARE(sum, m->rowCount());

    // The failed one's details: Retry, not Resume, and not "(in progress)".
    DetailTab* tab = window.openDetails(ids[2]);
    QVERIFY(tab);
    QTRY_COMPARE(tab->findChild<QPushButton*>(QStringLiteral("toggleButton"))->text(),
                 QStringLiteral("Retry"));
    const QString path = tab->findChild<QLabel*>(QStringLiteral("pathLabel"))->text();
    QVERIFY2(!path.contains(QStringLiteral("in progress")), qPrintable(path));
    QVERIFY2(path.contains(QStringLiteral("not downloaded")), qPrintable(path));
}

void TestActions::settingsSayWhyTrayChoicesAreOff()
{
    haul::ui::SettingsDialog without(AppSettings{}, /*trayAvailable=*/false);
    auto* notify = without.findChild<QCheckBox*>(QStringLiteral("notify"));
    QVERIFY(!notify->isEnabled());
    QVERIFY(!notify->toolTip().isEmpty());
    QVERIFY(without.findChild<QLabel*>(QStringLiteral("noTrayNote")));
    haul::ui::SettingsDialog with(AppSettings{}, /*trayAvailable=*/true);
    QVERIFY(!with.findChild<QLabel*>(QStringLiteral("noTrayNote")));
    // The questions can be turned on again from here.
    AppSettings off;
    off.confirmRemove = false;
    off.confirmQuit = false;
    haul::ui::SettingsDialog questions(off, true);
    auto* remove = questions.findChild<QCheckBox*>(QStringLiteral("confirmRemove"));
    QVERIFY(!remove->isChecked());
    remove->setChecked(true);
    QVERIFY(questions.settings().confirmRemove);
    QVERIFY(!questions.settings().confirmQuit);
}

void TestActions::oneDetailTabPerDownloadAndKeysCloseThem()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.resize(800, 600);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QStringList urls;
    for (int i = 0; i < 12; ++i) {
        urls.append(url(*m_server, "/held.bin") + QStringLiteral("?n=%1").arg(i));
    }
    const auto ids = window.addDownloads(urls, dir.path());
    QCOMPARE(ids.size(), 12);
    QTabWidget* tabs = window.tabs();
    for (const TransferId id : ids) {
        window.openDetails(id);
    }
    QCOMPARE(window.detailTabs().size(), 12);
    DetailTab* third = window.detailTabs().at(2);
    QCOMPARE(window.openDetails(ids[2]), third); // one tab per download, shown again
    QCOMPARE(tabs->currentWidget(), third);
    QCOMPARE(window.detailTabs().size(), 12);

    // Ctrl+Tab / Ctrl+Shift+Tab / Ctrl+PgDown / Ctrl+PgUp, round.
    const int at = tabs->currentIndex();
    QTest::keyClick(&window, Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), at + 1);
    QTest::keyClick(&window, Qt::Key_PageUp, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), at);
    QTest::keyClick(&window, Qt::Key_PageDown, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), at + 1);
    QTest::keyClick(&window, Qt::Key_Backtab, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(tabs->currentIndex(), at);
    tabs->setCurrentIndex(tabs->count() - 1);
    QTest::keyClick(&window, Qt::Key_Tab, Qt::ControlModifier);
    QCOMPARE(tabs->currentIndex(), 0);

    // Ctrl+W closes the current detail tab, never the Downloads one.
    tabs->setCurrentWidget(third);
    QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(window.detailTabs().size(), 11);
    QVERIFY(!window.detailTabs().contains(third));
    tabs->setCurrentIndex(0);
    QTest::keyClick(&window, Qt::Key_W, Qt::ControlModifier);
    QCOMPARE(tabs->widget(0), static_cast<QWidget*>(window.page()));
    QCOMPARE(window.detailTabs().size(), 11);

    // A middle click on a tab closes it.
    QTabBar* bar = tabs->tabBar();
    tabs->setCurrentIndex(tabs->count() - 1);
    QCoreApplication::processEvents();
    QWidget* last = tabs->widget(tabs->count() - 1);
    QTest::mouseClick(bar, Qt::MiddleButton, {}, bar->tabRect(tabs->count() - 1).center());
    QCOMPARE(tabs->indexOf(last), -1);
    QCOMPARE(window.detailTabs().size(), 10);

    // The Downloads tab stays first, whatever is dragged before it.
    bar->moveTab(3, 0);
    QTRY_COMPARE(tabs->widget(0), static_cast<QWidget*>(window.page()));

    if (const QString shots = qEnvironmentVariable("HAUL_SCREENSHOT_DIR"); !shots.isEmpty()) {
        tabs->setCurrentIndex(tabs->count() - 1);
        QCoreApplication::processEvents();
        window.grab().save(shots + QStringLiteral("/tabs-800x600.png"));
    }
    // The corner button lists every tab, Downloads first, and reaches it however far the bar
    // has scrolled.
    auto* list = tabs->cornerWidget(Qt::TopRightCorner);
    QVERIFY(list && list->isVisible());
    auto* menu = qobject_cast<QToolButton*>(list)->menu();
    QVERIFY(menu);
    QMetaObject::invokeMethod(menu, "aboutToShow");
    QCOMPARE(menu->actions().first()->text(), QStringLiteral("Downloads"));
    tabs->setCurrentIndex(tabs->count() - 1);
    menu->actions().first()->trigger();
    QCOMPARE(tabs->currentIndex(), 0);

    // Close All Detail Tabs, in the View menu and the tab bar's menu.
    QAction* closeAll = window.tabNavigator()->closeAllDetailTabs();
    QVERIFY(menu->actions().contains(closeAll));
    closeAll->trigger();
    QCOMPARE(window.detailTabs().size(), 0);
    QCOMPARE(tabs->count(), 1);
}

void TestActions::typedAddressWithoutSchemeGetsHttps()
{
    using haul::ui::UserUrl;
    QCOMPARE(UserUrl::complete(QStringLiteral("example.org/file.zip")),
             QStringLiteral("https://example.org/file.zip"));
    QCOMPARE(UserUrl::complete(QStringLiteral("  localhost:8080/a?b=1 ")),
             QStringLiteral("https://localhost:8080/a?b=1"));
    QCOMPARE(UserUrl::complete(QStringLiteral("http://example.org/x")),
             QStringLiteral("http://example.org/x"));
    QCOMPARE(UserUrl::complete(QStringLiteral("not a url")), QStringLiteral("not a url"));
    QCOMPARE(UserUrl::complete(QStringLiteral("mailto:a@b.c")), QStringLiteral("mailto:a@b.c"));
    QCOMPARE(UserUrl::complete(QStringLiteral("file")), QStringLiteral("file"));

    haul::ui::AddDownloadsDialog dialog;
    dialog.setDirectory(QDir::tempPath());
    dialog.setUrls({QStringLiteral("example.org/file.zip")});
    QCOMPARE(dialog.urls(), QStringList{QStringLiteral("https://example.org/file.zip")});
    QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
}

void TestActions::addDialogRemembersConnectionsNotTheFolder()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const QString defaultDir = window.defaultDirectory();
    // Answers the Add dialog (exec()) once it is up: another folder, 5 connections, paused.
    auto fill = [&](bool useAsDefault, int* shownConnections) {
        QTimer::singleShot(0, &window, [&, useAsDefault, shownConnections] {
            QTRY_VERIFY(
                qobject_cast<haul::ui::AddDownloadsDialog*>(QApplication::activeModalWidget()));
            auto* dialog =
                qobject_cast<haul::ui::AddDownloadsDialog*>(QApplication::activeModalWidget());
            *shownConnections = dialog->connections();
            dialog->setUrls({url(*m_server, "/held.bin")});
            dialog->setDirectory(dir.path());
            dialog->setConnections(5);
            dialog->findChild<QCheckBox*>(QStringLiteral("useAsDefault"))->setChecked(useAsDefault);
            dialog->accept();
        });
    };
    int shown = 0;
    fill(false, &shown);
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier); // Add…
    QCOMPARE(shown, window.settings().connectionsPerDownload);
    QTRY_COMPARE(window.model()->rowCount(), 1);
    QCOMPARE(window.model()->index(0, 0).data(TransferListModel::DirectoryRole).toString(),
             dir.path());
    QCOMPARE(window.defaultDirectory(), defaultDir); // for that add only
    fill(true, &shown);
    QTest::keyClick(&window, Qt::Key_N, Qt::ControlModifier); // Add…
    QCOMPARE(shown, 5);                                       // the last choice
    QCOMPARE(window.defaultDirectory(), dir.path());          // asked for
    QCOMPARE(AppSettings::load().addConnections, 5);
}

void TestActions::quitAsksWhileDownloadsRun()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QVERIFY(window.confirmQuit()); // nothing runs: no question
    window.addDownloads({url(*m_server, "/held.bin")}, dir.path());
    // Declined: the Quit action does not quit (the window stays, the download runs).
    auto answer = answerNextQuestion(&window, /*accept=*/false);
    QVERIFY(!window.requestQuit());
    QVERIFY(answer->seen);
    QVERIFY(answer->hadDontAsk);
    QVERIFY2(answer->text.contains(QStringLiteral("A download is still running")),
             qPrintable(answer->text));
    QVERIFY(window.isVisible());
    // Accepted with "Don't ask again": the setting remembers, and it is not asked again.
    answer = answerNextQuestion(&window, /*accept=*/true, /*dontAsk=*/true);
    QVERIFY(window.confirmQuit());
    QVERIFY(answer->seen);
    QCOMPARE(AppSettings::load().confirmQuit, false);
    answer = answerNextQuestion(&window, /*accept=*/false);
    QVERIFY(window.confirmQuit());
    QVERIFY(!answer->seen);
}

void TestActions::ctrlCommaOpensSettings()
{
    EngineClient client;
    MainWindow window(&client);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    bool opened = false;
    QTimer::singleShot(0, &window, [&] {
        QTRY_VERIFY(qobject_cast<haul::ui::SettingsDialog*>(QApplication::activeModalWidget()));
        auto* dialog = qobject_cast<haul::ui::SettingsDialog*>(QApplication::activeModalWidget());
        opened = true;
        QVERIFY(dialog->findChild<QCheckBox*>(QStringLiteral("confirmRemove"))->isChecked());
        QVERIFY(dialog->findChild<QCheckBox*>(QStringLiteral("confirmQuit"))->isChecked());
        dialog->reject();
    });
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    QVERIFY(opened);
}

QTEST_MAIN(TestActions)
#include "tst_actions.moc"
