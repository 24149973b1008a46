// SPDX-License-Identifier: MIT
// The translation mechanism, end to end: this program runs with a German system language
// (LANG and LANGUAGE set by tests/gui/CMakeLists.txt), installs what main() installs, and the
// window and Qt's own dialogs speak German. That every string has a translation is checked by
// scripts/translations.sh (the test i18n.complete).
#include "categories.h"
#include "dialogs/adddownloadsdialog.h"
#include "dialogs/settingsdialog.h"
#include "engineclient.h"
#include "humanformat.h"
#include "mainwindow.h"
#include "privatefolder.h"
#include "transferlist/transferlistmodel.h"
#include "transferlist/transferrow.h"
#include "translations.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QPushButton>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>

using haul::ui::EngineClient;
using haul::ui::MainWindow;

class TestI18n final : public QObject {
    Q_OBJECT

private slots:
    void systemLanguageIsPicked();
    void windowSpeaksTheSystemLanguage();
    void qtDialogsSpeakItToo();
    void addDialogSpeaksIt();
    void settingsTabsSpeakIt();
    void statusBarCountsSpeakIt();
    void humanFormatsSpeakIt();
    void textsOutsideQObjectsSpeakIt();
};

void TestI18n::systemLanguageIsPicked()
{
    QCOMPARE(QLocale().language(), QLocale::German);
    QVERIFY(haul::ui::installTranslations(*qApp, QLocale()));
    // English is the source language: its file holds only the plural forms of the %n texts.
    QTranslator english;
    QVERIFY(english.load(QLocale(QLocale::English), QStringLiteral("haul"), QStringLiteral("_"),
                         QStringLiteral(":/i18n")));
    QCOMPARE(english.translate("haul::ui::TrayController", "%n download(s) failed", nullptr, 1),
             QStringLiteral("%n download failed"));
    QCOMPARE(english.translate("haul::ui::TrayController", "%n download(s) failed", nullptr, 2),
             QStringLiteral("%n downloads failed"));
    QVERIFY(english.translate("haul::ui::MainWindow", "&File").isEmpty());
}

void TestI18n::windowSpeaksTheSystemLanguage()
{
    EngineClient client(haul::engine::SessionOptions{});
    MainWindow window(&client);
    QStringList menus;
    for (QAction* action : window.menuBar()->actions()) {
        menus << action->text();
    }
    QVERIFY2(menus.contains(QStringLiteral("&Datei")), qPrintable(menus.join(QLatin1Char(' '))));
    QVERIFY2(menus.contains(QStringLiteral("&Ansicht")), qPrintable(menus.join(QLatin1Char(' '))));
    QVERIFY(!menus.contains(QStringLiteral("&File")));
}

void TestI18n::qtDialogsSpeakItToo()
{
    QDialogButtonBox box(QDialogButtonBox::Cancel);
    QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
}

void TestI18n::addDialogSpeaksIt()
{
    haul::ui::AddDownloadsDialog dialog;
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Downloads hinzufügen"));
    auto* buttons = dialog.findChild<QDialogButtonBox*>();
    QVERIFY(buttons != nullptr);
    QCOMPARE(buttons->button(QDialogButtonBox::Ok)->text(), QStringLiteral("He&runterladen"));
}

void TestI18n::settingsTabsSpeakIt()
{
    haul::ui::SettingsDialog dialog(haul::ui::AppSettings{}, true);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Einstellungen"));
    QStringList tabs;
    for (int i = 0; i < dialog.pages()->count(); ++i) {
        tabs << dialog.pages()->tabText(i);
    }
    QCOMPARE(tabs, (QStringList{QStringLiteral("Allgemein"), QStringLiteral("Fenster"),
                                QStringLiteral("Kategorien"), QStringLiteral("Zeitplan"),
                                QStringLiteral("Zwischenablage")}));
}

void TestI18n::statusBarCountsSpeakIt()
{
    EngineClient client(haul::engine::SessionOptions{});
    MainWindow window(&client);
    const auto countsText = [&window] {
        QStringList texts;
        for (auto* label : window.statusBar()->findChildren<QLabel*>()) {
            texts << label->text();
        }
        return texts.join(QLatin1Char('|'));
    };
    QTRY_VERIFY2_WITH_TIMEOUT(countsText().contains(QStringLiteral("0 wartend")),
                              qPrintable(countsText()), 10000);
    QVERIFY2(countsText().contains(QStringLiteral("0 fertig")), qPrintable(countsText()));
    QVERIFY2(countsText().contains(QStringLiteral("0 B/s")), qPrintable(countsText()));
    QVERIFY(!countsText().contains(QStringLiteral("queued")));
}

void TestI18n::humanFormatsSpeakIt()
{
    namespace humanformat = haul::ui::humanformat;
    QCOMPARE(humanformat::duration(2 * 3600 + 5 * 60), QStringLiteral("2 Std. 5 min"));
    QCOMPARE(humanformat::duration(3 * 86400), QStringLiteral("3 T."));
    using haul::ui::TransferListModel;
    QCOMPARE(TransferListModel::stateText(haul::ui::TransferRow::State::Paused),
             QStringLiteral("Pausiert"));
    // The ETA column of a download that has almost stopped.
    QCOMPARE(TransferListModel::tr("stalled"), QStringLiteral("stockt"));
    EngineClient client(haul::engine::SessionOptions{});
    TransferListModel model(&client);
    QCOMPARE(model.headerData(TransferListModel::EtaColumn, Qt::Horizontal).toString(),
             QStringLiteral("Restzeit"));
}

void TestI18n::textsOutsideQObjectsSpeakIt()
{
    // Texts made by plain functions and structs use the context lupdate files them under.
    haul::engine::DownloadRecord record;
    record.url = "https://example.org/a.iso";
    record.state = haul::engine::DownloadState::Failed;
    QCOMPARE(haul::ui::TransferRow::fromRecord(record).message,
             QStringLiteral("Der Download ist fehlgeschlagen."));
    QString why;
    QVERIFY(!haul::app::privatefolder::isPrivate(QStringLiteral("/nonexistent/haul-i18n"), &why));
    QVERIFY2(why.contains(QStringLiteral("kann nicht verwendet werden")), qPrintable(why));
    QCOMPARE(haul::ui::Categories::defaults().list().value(1).name, QStringLiteral("Musik"));
}

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
