// SPDX-License-Identifier: MIT
// The theme a user picks in Settings → Window (System, Light, Dark): applied at once when the
// dialog is accepted, remembered, applied at the next start, and followed by the toolbar's icons
// and the list's state colours without a restart.
#include "appsettings.h"
#include "apptheme.h"
#include "dialogs/settingsdialog.h"
#include "engineclient.h"
#include "mainwindow.h"
#include "transferlist/transferlistmodel.h"

#include <QApplication>
#include <QComboBox>
#include <QHash>
#include <QSettings>
#include <QStandardPaths>
#include <QStyle>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>

using haul::ui::AppSettings;
using haul::ui::EngineClient;
using haul::ui::MainWindow;
using haul::ui::Theme;
using M = haul::ui::TransferListModel;

namespace {

// The most common colour of the pixels in image's rect that differ clearly from background
// (an icon's strokes on its button).
QColor strokeColour(const QImage& image, const QRect& rect, const QColor& background)
{
    QHash<QRgb, int> counts;
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        for (int x = rect.left(); x <= rect.right(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (qAbs(c.lightness() - background.lightness()) > 50) {
                ++counts[c.rgb()];
            }
        }
    }
    QRgb best = 0;
    int most = 0;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            best = it.key();
        }
    }
    return most == 0 ? QColor() : QColor::fromRgb(best);
}

// The Settings button of the toolbar as it is drawn on screen, and the colour of its icon.
QColor settingsIconOnScreen(MainWindow& window)
{
    auto* toolbar = window.findChild<QToolBar*>(QStringLiteral("mainToolBar"));
    auto* button = qobject_cast<QToolButton*>(toolbar->widgetForAction(toolbar->actions().last()));
    if (!button) {
        return {};
    }
    const QImage image = button->grab().toImage();
    const qreal dpr = image.devicePixelRatio();
    // The icon sits at the button's left (text beside it) or in its middle (icon only).
    const QSize icon = button->iconSize() * dpr;
    const QRect area(0, 0, image.width(), image.height());
    const QRect iconArea =
        button->toolButtonStyle() == Qt::ToolButtonIconOnly
            ? QRect(QPoint(0, 0), icon)
                  .translated(area.center() - QPoint(icon.width() / 2, icon.height() / 2))
            : QRect(QPoint(0, (image.height() - icon.height()) / 2), icon + QSize(8 * dpr, 0));
    return strokeColour(image, iconArea.intersected(area),
                        button->palette().color(QPalette::Button));
}

// Opens Settings with Ctrl+, and accepts it with theme chosen on the Window tab.
bool chooseTheme(MainWindow& window, Theme theme)
{
    bool chosen = false;
    QTimer::singleShot(0, &window, [&chosen, theme] {
        auto* dialog = qobject_cast<haul::ui::SettingsDialog*>(QApplication::activeModalWidget());
        if (!dialog) {
            return;
        }
        auto* combo = dialog->findChild<QComboBox*>(QStringLiteral("theme"));
        if (combo) {
            combo->setCurrentIndex(combo->findData(static_cast<int>(theme)));
            chosen = true;
        }
        dialog->accept();
    });
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    return chosen;
}

} // namespace

class TestTheme final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();

    void darkAndLightApplyLiveFromSettings();
    void savedThemeAppliesAtStart();
    void darkPaletteIsComplete();

private:
    QPalette m_palette;
};

void TestTheme::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings must not touch the user's config
    QSettings().clear();
    m_palette = QApplication::palette();
}

void TestTheme::cleanup()
{
    haul::ui::applyTheme(Theme::System);
    QSettings().clear();
}

void TestTheme::darkAndLightApplyLiveFromSettings()
{
    EngineClient client;
    MainWindow window(&client);
    window.model()->addTransfer(1, QStringLiteral("http://x.example/a.bin"), {}, {});
    window.model()->markFailedAt(0, QStringLiteral("Not found (404)"));
    window.resize(1000, 600);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isActiveWindow());

    QVERIFY(chooseTheme(window, Theme::Dark));
    QCOMPARE(AppSettings::load().theme, Theme::Dark);
    QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
    // Qt hands the new palette to the windows through posted events.
    QTRY_VERIFY2(window.palette().color(QPalette::Window).lightness() < 80,
                 "the window turned dark");
    QTRY_VERIFY(window.view()->palette().color(QPalette::Base).lightness() < 60);
    QTRY_VERIFY2(settingsIconOnScreen(window).lightness() > 170,
                 qPrintable(QStringLiteral("the toolbar icon is drawn %1 on a dark palette")
                                .arg(settingsIconOnScreen(window).name())));
    // The failed row's red is one readable on the dark rows.
    const QColor darkRed =
        window.model()->index(0, M::StateColumn).data(Qt::ForegroundRole).value<QColor>();
    QVERIFY(darkRed.lightness() > 140);

    QVERIFY(chooseTheme(window, Theme::Light));
    QCOMPARE(AppSettings::load().theme, Theme::Light);
    QTRY_VERIFY(window.palette().color(QPalette::Window).lightness() > 180);
    QTRY_VERIFY2(settingsIconOnScreen(window).isValid()
                     && settingsIconOnScreen(window).lightness() < 110,
                 qPrintable(QStringLiteral("the toolbar icon is drawn %1 on a light palette")
                                .arg(settingsIconOnScreen(window).name())));
    const QColor lightRed =
        window.model()->index(0, M::StateColumn).data(Qt::ForegroundRole).value<QColor>();
    QVERIFY(lightRed.lightness() < 110);

    // System brings back the platform's palette.
    QVERIFY(chooseTheme(window, Theme::System));
    QCOMPARE(QApplication::palette().color(QPalette::Window), m_palette.color(QPalette::Window));
    QTRY_COMPARE(window.palette().color(QPalette::Window), m_palette.color(QPalette::Window));
}

void TestTheme::savedThemeAppliesAtStart()
{
    AppSettings settings = AppSettings::load();
    settings.theme = Theme::Dark;
    settings.save();
    EngineClient client;
    MainWindow window(&client);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
    QCOMPARE(QApplication::style()->name(), QStringLiteral("fusion"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(settingsIconOnScreen(window).lightness() > 170);
}

void TestTheme::darkPaletteIsComplete()
{
    const QPalette p = haul::ui::darkPalette();
    for (const auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
        QVERIFY(p.color(group, QPalette::Window).lightness() < 80);
        QVERIFY(p.color(group, QPalette::Base).lightness() < 80);
        QVERIFY(p.color(group, QPalette::ToolTipBase).lightness() < 100);
        QVERIFY(p.color(group, QPalette::ToolTipText).lightness() > 180);
        QVERIFY(p.color(group, QPalette::Link).lightness() > 120);
    }
    // Disabled text is between the background and the enabled text: visible, but not the same.
    const int disabled = p.color(QPalette::Disabled, QPalette::Text).lightness();
    QVERIFY(disabled > p.color(QPalette::Active, QPalette::Base).lightness() + 50);
    QVERIFY(disabled < p.color(QPalette::Active, QPalette::Text).lightness() - 50);
    QVERIFY(p.color(QPalette::Active, QPalette::HighlightedText).lightness() > 200);
}

QTEST_MAIN(TestTheme)
#include "tst_theme.moc"
