// SPDX-License-Identifier: MIT
// The translation mechanism, end to end: this program runs with a German system language
// (LANG and LANGUAGE set by tests/gui/CMakeLists.txt), installs what main() installs, and the
// window and Qt's own dialogs speak German. That every string has a translation is checked by
// scripts/translations.sh (the test i18n.complete).
#include "engineclient.h"
#include "mainwindow.h"
#include "translations.h"

#include <QApplication>
#include <QDialogButtonBox>
#include <QLocale>
#include <QMenuBar>
#include <QPushButton>
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
};

void TestI18n::systemLanguageIsPicked()
{
    QCOMPARE(QLocale().language(), QLocale::German);
    QVERIFY(haul::ui::installTranslations(*qApp, QLocale()));
    // English is the source language: it has no file of its own, and needs none.
    QTranslator english;
    QVERIFY(!english.load(QLocale(QLocale::English), QStringLiteral("haul"), QStringLiteral("_"),
                          QStringLiteral(":/i18n")));
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

QTEST_MAIN(TestI18n)
#include "tst_i18n.moc"
