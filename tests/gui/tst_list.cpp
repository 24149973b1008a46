// SPDX-License-Identifier: MIT
// The download list as a user sees it: its columns at small and large sizes and the column
// chooser, the window on a small screen, icons and colours on a dark palette, rows that stay
// still under the pointer, and what the cells say (failure reasons, natural name order, a
// stalled ETA, a download's own limit, the added and finished times).
#include "engineclient.h"
#include "mainwindow.h"
#include "themedicon.h"
#include "transferlist/columnlayout.h"
#include "transferlist/downloadspage.h"
#include "transferlist/statecolors.h"
#include "transferlist/transferactions.h"
#include "transferlist/transferfilterproxy.h"
#include "transferlist/transferlistmodel.h"
#include "windowgeometry.h"

#include <QAction>
#include <QApplication>
#include <QCursor>
#include <QDateTime>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

using haul::engine::Event;
using haul::engine::TransferId;
using haul::ui::ColumnLayout;
using haul::ui::EngineClient;
using haul::ui::MainWindow;
using haul::ui::TransferFilterProxy;
using haul::ui::TransferListModel;
using M = TransferListModel;

namespace {

Event progress(TransferId id, std::int64_t bytes, std::int64_t total, double speed)
{
    Event e;
    e.id = id;
    e.type = haul::engine::Progress;
    e.bytes = bytes;
    e.total = total;
    e.speed = speed;
    return e;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2d, 0x2d, 0x2d);
    const QColor text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x7a, 0x7a, 0x7a);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    p.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2a));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, window);
    p.setColor(QPalette::ToolTipText, text);
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText}) {
        p.setColor(QPalette::Disabled, role, disabled);
    }
    return p;
}

// The colour most of an icon's drawn pixels have (its strokes).
QColor strokeColour(const QPixmap& pixmap)
{
    const QImage image = pixmap.toImage().convertToFormat(QImage::Format_ARGB32);
    QHash<QRgb, int> counts;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QRgb px = image.pixel(x, y);
            if (qAlpha(px) == 255) {
                ++counts[px];
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
    return most == 0 ? QColor() : QColor::fromRgba(best);
}

// The visible columns' widths added up; a horizontal scroll bar appears beyond the viewport.
int usedWidth(const QHeaderView* header)
{
    int width = 0;
    for (int c = 0; c < header->count(); ++c) {
        if (!header->isSectionHidden(c)) {
            width += header->sectionSize(c);
        }
    }
    return width;
}

// The X server's pointer away from the window, so only the events a test sends say where it is.
void parkPointerOutside(QWidget& window)
{
    const QRect screen = QGuiApplication::primaryScreen()->geometry();
    window.setGeometry(screen.left() + 20, screen.top() + 40, 700, 500);
    QCursor::setPos(screen.bottomRight() - QPoint(2, 2));
}

void addRows(TransferListModel* model, int count)
{
    for (int i = 1; i <= count; ++i) {
        model->addTransfer(static_cast<TransferId>(1000 + i),
                           QStringLiteral("http://mirror.example/pub/releases/"
                                          "distribution-%1-amd64-netinst.iso")
                               .arg(i),
                           QStringLiteral("/tmp"), {});
        model->handleEvents({progress(static_cast<TransferId>(1000 + i), 40 << 20,
                                      std::int64_t{765} << 20, 524'000.0 + i)});
    }
}

} // namespace

class TestList final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void nameTakesTheSpareWidthOthersGiveWay();
    void columnChooserShowsHidesAndRemembers();
    void savedGeometryLargerThanTheScreenIsClamped();
    void narrowToolbarKeepsSettingsVisible();
    void iconsFollowThePalette();
    void failedTextReadableOnEveryRowColour();
    void rowsStayStillUnderThePointer();
    void rowsStayStillWhileTheRowMenuIsOpen();
    void statusShowsTheFailureReason();
    void namesSortNaturally();
    void stalledDownloadSaysSo();
    void limitAndDetailColumns();

private:
    QPalette m_palette;
};

void TestList::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings must not touch the user's config
    m_palette = QApplication::palette();
}

void TestList::init()
{
    QSettings().clear();
}

void TestList::cleanup()
{
    QApplication::setPalette(m_palette);
    QSettings().clear();
}

void TestList::nameTakesTheSpareWidthOthersGiveWay()
{
    EngineClient client;
    MainWindow window(&client);
    addRows(window.model(), 20);
    QTableView* view = window.view();
    QHeaderView* header = view->horizontalHeader();
    ColumnLayout* columns = window.page()->columns();

    window.resize(800, 600);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(usedWidth(header) <= view->viewport()->width());
    QVERIFY2(!view->horizontalScrollBar()->isVisible(), "no horizontal scroll bar at 800x600");
    QVERIFY2(header->sectionSize(M::NameColumn) >= ColumnLayout::kNameMinimum,
             qPrintable(QStringLiteral("Name is %1 px").arg(header->sectionSize(M::NameColumn))));
    for (const int c :
         {M::SizeColumn, M::ProgressColumn, M::SpeedColumn, M::EtaColumn, M::StateColumn}) {
        QVERIFY(!header->isSectionHidden(c));
        QVERIFY(header->sectionSize(c) >= columns->readableWidth(c));
        QVERIFY(header->sectionSize(c) < header->sectionSize(M::NameColumn));
    }

    // The numbers never give way below what their usual values need.
    for (const int c : {M::SizeColumn, M::SpeedColumn, M::StateColumn}) {
        QVERIFY2(header->sectionSize(c)
                     >= static_cast<QAbstractItemView*>(view)->sizeHintForColumn(c) - 2,
                 qPrintable(QStringLiteral("column %1: %2 px for %3")
                                .arg(c)
                                .arg(header->sectionSize(c))
                                .arg(static_cast<QAbstractItemView*>(view)->sizeHintForColumn(c))));
    }

    // Wide: the others at the width their content wants, Name takes all the rest.
    window.resize(1400, 900);
    QTRY_COMPARE(header->sectionSize(M::SpeedColumn), columns->preferredWidth(M::SpeedColumn));
    QTRY_COMPARE(usedWidth(header), view->viewport()->width());
    QVERIFY(header->sectionSize(M::NameColumn) > 400);
    QVERIFY(!view->horizontalScrollBar()->isVisible());
}

void TestList::columnChooserShowsHidesAndRemembers()
{
    EngineClient client;
    {
        MainWindow window(&client);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QHeaderView* header = window.view()->horizontalHeader();
        QMenu* menu = window.page()->columns()->columnMenu();
        for (const int c : {M::AddedColumn, M::FinishedColumn, M::FolderColumn,
                            M::ConnectionsColumn, M::HostColumn}) {
            QVERIFY2(header->isSectionHidden(c), "hidden until the user shows it");
        }
        QVERIFY(header->isSectionHidden(M::LimitColumn));
        // Until a download gets a limit of its own.
        window.model()->addTransfer(1, QStringLiteral("http://x.example/a.bin"), {}, {});
        window.model()->setRateLimitAt(0, 100 * 1024);
        QVERIFY(!header->isSectionHidden(M::LimitColumn));

        // The header's context menu is the chooser.
        emit header->customContextMenuRequested(QPoint(20, header->height() / 2));
        QTRY_VERIFY(menu->isVisible());
        auto* added = menu->findChild<QAction*>(QStringLiteral("column-added"));
        QVERIFY(added);
        QVERIFY(!added->isChecked());
        auto* name = menu->findChild<QAction*>(QStringLiteral("column-name"));
        QVERIFY(name && !name->isEnabled()); // Name always shows
        added->trigger();
        menu->hide();
        QVERIFY(!header->isSectionHidden(M::AddedColumn));
        menu->findChild<QAction*>(QStringLiteral("column-size"))->trigger();
        QVERIFY(header->isSectionHidden(M::SizeColumn));
        window.view()->sortByColumn(M::SpeedColumn, Qt::DescendingOrder);
        QVERIFY(!window.view()->horizontalScrollBar()->isVisible());
    }
    const QStringList saved = QSettings().value(QStringLiteral("downloads/columns")).toStringList();
    QVERIFY(saved.contains(QStringLiteral("added")));
    QVERIFY(!saved.contains(QStringLiteral("size")));

    MainWindow again(&client);
    QHeaderView* header = again.view()->horizontalHeader();
    QVERIFY(!header->isSectionHidden(M::AddedColumn));
    QVERIFY(header->isSectionHidden(M::SizeColumn));
    QVERIFY(header->isSectionHidden(M::HostColumn));
    QCOMPARE(header->sortIndicatorSection(), static_cast<int>(M::SpeedColumn));
    QCOMPARE(header->sortIndicatorOrder(), Qt::DescendingOrder);
    auto* size =
        again.page()->columns()->columnMenu()->findChild<QAction*>(QStringLiteral("column-size"));
    QVERIFY(!size->isChecked());
}

void TestList::savedGeometryLargerThanTheScreenIsClamped()
{
    QScreen* screen = QGuiApplication::primaryScreen();
    QVERIFY(screen);
    const QRect available = screen->availableGeometry();
    {
        // What a window saved at a smaller scale, or on a larger monitor, would bring back.
        QWidget big;
        big.setGeometry(QRect(available.topLeft() + QPoint(300, 200), available.size() * 2));
        QSettings().setValue(QStringLiteral("mainWindow/geometry"), big.saveGeometry());
    }
    QCOMPARE(haul::ui::fitRect(QRect(100, 100, 3000, 2000), QRect(0, 0, 1280, 800)),
             QRect(0, 0, 1280, 800));
    QCOMPARE(haul::ui::fitRect(QRect(1000, 700, 400, 300), QRect(0, 0, 1280, 800)),
             QRect(880, 500, 400, 300));

    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY2(window.width() <= available.width() && window.height() <= available.height(),
             qPrintable(QStringLiteral("%1x%2 on a screen of %3x%4")
                            .arg(window.width())
                            .arg(window.height())
                            .arg(available.width())
                            .arg(available.height())));
    QTRY_VERIFY(available.contains(window.frameGeometry()));
}

void TestList::narrowToolbarKeepsSettingsVisible()
{
    EngineClient client;
    MainWindow window(&client);
    window.resize(1280, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* toolbar = window.findChild<QToolBar*>(QStringLiteral("mainToolBar"));
    QVERIFY(toolbar);
    QAction* settings = nullptr;
    for (QAction* action : toolbar->actions()) {
        if (action->text() == QLatin1String("Settings")) {
            settings = action;
        }
    }
    QVERIFY(settings);
    QTRY_COMPARE(toolbar->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);

    // Narrower than the buttons with their text: icons only, and every button on the bar.
    window.resize(420, 500);
    QTRY_COMPARE(toolbar->toolButtonStyle(), Qt::ToolButtonIconOnly);
    QTRY_VERIFY(toolbar->widgetForAction(settings)->isVisible());
    const QWidget* button = toolbar->widgetForAction(settings);
    QVERIFY(toolbar->rect().contains(QRect(button->mapTo(toolbar, QPoint(0, 0)), button->size())));
    auto* extension = toolbar->findChild<QToolButton*>(QStringLiteral("qt_toolbar_ext_button"));
    QVERIFY2(!extension || !extension->isVisible(), "nothing behind the overflow button");

    window.resize(1280, 700);
    QTRY_COMPARE(toolbar->toolButtonStyle(), Qt::ToolButtonTextBesideIcon);
}

void TestList::iconsFollowThePalette()
{
    const QIcon pause = haul::ui::themedIcon("pause");
    const QSize size(22, 22);
    const QColor onLight = strokeColour(pause.pixmap(size, 1.0, QIcon::Normal));
    QVERIFY(onLight.isValid());
    QVERIFY2(onLight.lightness() < 128, "dark strokes on a light palette");

    QApplication::setPalette(darkPalette());
    const QColor enabled = strokeColour(pause.pixmap(size, 1.0, QIcon::Normal));
    const QColor disabled = strokeColour(pause.pixmap(size, 1.0, QIcon::Disabled));
    QCOMPARE(enabled, darkPalette().color(QPalette::ButtonText));
    QVERIFY2(enabled.lightness() > 180, "light strokes on a dark palette");
    QVERIFY2(qAbs(enabled.lightness() - disabled.lightness()) > 60,
             "an enabled icon does not look like a disabled one");
    // An accent (the green Resume) stays an accent, and greys out when disabled.
    const QIcon start = haul::ui::themedIcon("start");
    const QColor green = strokeColour(start.pixmap(size, 1.0, QIcon::Normal));
    QVERIFY(green.green() > green.red() + 40);
    const QColor greyed = strokeColour(start.pixmap(size, 1.0, QIcon::Disabled));
    QVERIFY(qAbs(greyed.green() - greyed.red()) < 10);

    // The window's own actions use them: Pause in the toolbar is light on the dark palette.
    EngineClient client;
    MainWindow window(&client);
    const QColor toolbarPause =
        strokeColour(window.actions()->pause()->icon().pixmap(size, 1.0, QIcon::Normal));
    QVERIFY(toolbarPause.lightness() > 180);
}

void TestList::failedTextReadableOnEveryRowColour()
{
    TransferListModel model(nullptr);
    model.addTransfer(1, QStringLiteral("http://x.example/a.bin"), {}, {});
    model.markFailedAt(0, QStringLiteral("Not found (404)"));
    for (const QPalette& palette : {m_palette, darkPalette()}) {
        QApplication::setPalette(palette);
        const QColor red = model.index(0, M::StateColumn).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(red.isValid());
        QVERIFY(red.red() > red.green() + 40);
        for (const auto role : {QPalette::Base, QPalette::AlternateBase}) {
            const double ratio = haul::ui::statecolors::contrast(red, palette.color(role));
            QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("contrast %1 against %2")
                                                  .arg(ratio)
                                                  .arg(palette.color(role).name())));
        }
    }
}

void TestList::rowsStayStillUnderThePointer()
{
    EngineClient client;
    MainWindow window(&client);
    TransferListModel* model = window.model();
    model->addTransfer(1, QStringLiteral("http://x.example/one.bin"), {}, {});
    model->addTransfer(2, QStringLiteral("http://x.example/two.bin"), {}, {});
    model->handleEvents({progress(1, 100, 10000, 5000), progress(2, 100, 10000, 1000)});
    parkPointerOutside(window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTableView* view = window.view();
    view->sortByColumn(M::SpeedColumn, Qt::DescendingOrder);
    TransferFilterProxy* proxy = window.proxy();
    auto idAtTop = [proxy] { return proxy->index(0, 0).data(M::IdRole).toULongLong(); };
    QCOMPARE(idAtTop(), 1ull);

    QEnterEvent enter(QPointF(10, 10), QPointF(10, 10), QPointF(10, 10));
    QApplication::sendEvent(view->viewport(), &enter);
    QVERIFY(proxy->isSortHeld());
    // Speeds swap while the pointer is over the rows: nothing moves.
    model->handleEvents({progress(1, 200, 10000, 500), progress(2, 200, 10000, 9000)});
    QCOMPARE(idAtTop(), 1ull);
    QCOMPARE(proxy->index(0, M::SpeedColumn).data(M::SpeedRole).toDouble(), 500.0);
    // A button held down keeps it too, even past the edge.
    // (Events sent straight to the viewport: no pointer of the X server's moves in between.)
    const QPointF at(10, 10);
    const QPointF global = view->viewport()->mapToGlobal(at);
    QMouseEvent press(QEvent::MouseButtonPress, at, global, Qt::LeftButton, Qt::LeftButton, {});
    QApplication::sendEvent(view->viewport(), &press);
    QEvent leave(QEvent::Leave);
    QApplication::sendEvent(view->viewport(), &leave);
    QVERIFY(proxy->isSortHeld());
    QCOMPARE(idAtTop(), 1ull);
    QMouseEvent release(QEvent::MouseButtonRelease, at, global, Qt::LeftButton, Qt::NoButton, {});
    QApplication::sendEvent(view->viewport(), &release);
    // Pointer gone, button up: the order catches up at once.
    QVERIFY(!proxy->isSortHeld());
    QCOMPARE(idAtTop(), 2ull);
    // And follows the speeds again.
    model->handleEvents({progress(1, 300, 10000, 20000), progress(2, 300, 10000, 9000)});
    QCOMPARE(idAtTop(), 1ull);
}

void TestList::rowsStayStillWhileTheRowMenuIsOpen()
{
    EngineClient client;
    MainWindow window(&client);
    TransferListModel* model = window.model();
    model->addTransfer(1, QStringLiteral("http://x.example/one.bin"), {}, {});
    model->addTransfer(2, QStringLiteral("http://x.example/two.bin"), {}, {});
    model->handleEvents({progress(1, 100, 10000, 5000), progress(2, 100, 10000, 1000)});
    parkPointerOutside(window);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTableView* view = window.view();
    view->sortByColumn(M::SpeedColumn, Qt::DescendingOrder);
    TransferFilterProxy* proxy = window.proxy();
    auto idAtTop = [proxy] { return proxy->index(0, 0).data(M::IdRole).toULongLong(); };

    const QPoint onRow = view->visualRect(proxy->index(0, M::NameColumn)).center();
    view->selectRow(0);
    emit view->customContextMenuRequested(onRow);
    QWidget* popup = QApplication::activePopupWidget();
    QVERIFY2(popup, "the row menu opened");
    QEvent leave(QEvent::Leave); // the menu takes the pointer
    QApplication::sendEvent(view->viewport(), &leave);
    QVERIFY(proxy->isSortHeld());
    model->handleEvents({progress(1, 200, 10000, 500), progress(2, 200, 10000, 9000)});
    QCOMPARE(idAtTop(), 1ull);
    popup->close();
    QTRY_VERIFY(!proxy->isSortHeld());
    QCOMPARE(idAtTop(), 2ull);
}

void TestList::statusShowsTheFailureReason()
{
    TransferListModel model(nullptr);
    model.addTransfer(1, QStringLiteral("http://x.example/missing.zip"), {}, {});
    Event failed;
    failed.id = 1;
    failed.type = haul::engine::Failed;
    failed.httpCode = 404;
    failed.reason = "Not found (404)";
    model.handleEvents({failed});
    QCOMPARE(model.index(0, M::StateColumn).data().toString(),
             QStringLiteral("Failed: Not found (404)"));
    QCOMPARE(model.index(0, M::StateColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Not found (404)"));
    QCOMPARE(model.headerData(M::StateColumn, Qt::Horizontal).toString(), QStringLiteral("Status"));

    // In the window the long sentence is cut at its end, keeping "Failed: ...".
    EngineClient client;
    MainWindow window(&client);
    window.model()->addTransfer(1, QStringLiteral("http://x.example/missing.zip"), {}, {});
    window.model()->handleEvents({failed});
    auto* delegate = window.view()->itemDelegateForColumn(M::StateColumn);
    QVERIFY(delegate && delegate != window.view()->itemDelegate());
}

void TestList::namesSortNaturally()
{
    TransferListModel model(nullptr);
    TransferFilterProxy proxy;
    proxy.setSourceModel(&model);
    const QStringList names{QStringLiteral("part-10.bin"), QStringLiteral("Part-2.bin"),
                            QStringLiteral("part-100.bin"), QStringLiteral("part-1.bin"),
                            QStringLiteral("part-101.bin")};
    TransferId id = 1;
    for (const QString& name : names) {
        model.addTransfer(id++, QStringLiteral("http://x.example/") + name, {}, name);
    }
    proxy.sort(M::NameColumn, Qt::AscendingOrder);
    QStringList sorted;
    for (int r = 0; r < proxy.rowCount(); ++r) {
        sorted.append(proxy.index(r, M::NameColumn).data().toString());
    }
    QCOMPARE(sorted, (QStringList{QStringLiteral("part-1.bin"), QStringLiteral("Part-2.bin"),
                                  QStringLiteral("part-10.bin"), QStringLiteral("part-100.bin"),
                                  QStringLiteral("part-101.bin")}));
}

void TestList::stalledDownloadSaysSo()
{
    TransferListModel model(nullptr);
    TransferFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.addTransfer(1, QStringLiteral("http://x.example/trickle.iso"), {}, {});
    model.addTransfer(2, QStringLiteral("http://x.example/fast.iso"), {}, {});
    model.addTransfer(3, QStringLiteral("http://x.example/unknown.iso"), {}, {});
    // 60 MB left at 2 B/s: 349 days.
    model.handleEvents({progress(1, 1000, 60'000'000, 2.0), progress(2, 1000, 60'000'000, 1e6),
                        progress(3, 1000, -1, 1e6)});
    QCOMPARE(model.index(0, M::EtaColumn).data().toString(), QStringLiteral("stalled"));
    QVERIFY(!model.index(0, M::EtaColumn).data(Qt::ToolTipRole).toString().isEmpty());
    QCOMPARE(model.index(1, M::EtaColumn).data().toString(), QStringLiteral("1 min"));
    // Sorted by ETA: known times first, then stalled, then unknown.
    proxy.sort(M::EtaColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data(M::IdRole).toULongLong(), 2ull);
    QCOMPARE(proxy.index(1, 0).data(M::IdRole).toULongLong(), 1ull);
    QCOMPARE(proxy.index(2, 0).data(M::IdRole).toULongLong(), 3ull);
    // Just under the threshold it is still a time.
    const double justFastEnough = 60'000'000.0 / (29.0 * 24 * 3600);
    model.handleEvents({progress(1, 1000, 60'000'001, justFastEnough)});
    QVERIFY(model.index(0, M::EtaColumn).data().toString().endsWith(QLatin1String(" h")));
}

void TestList::limitAndDetailColumns()
{
    TransferListModel model(nullptr);
    model.addTransfer(1, QStringLiteral("https://files.example.org/a.bin"),
                      QStringLiteral("/srv/downloads"), {});
    QCOMPARE(model.index(0, M::LimitColumn).data().toString(), QStringLiteral("None"));
    model.setRateLimitAt(0, 500 * 1024);
    QCOMPARE(model.index(0, M::LimitColumn).data().toString(), QStringLiteral("500.0 KiB/s"));
    QCOMPARE(model.index(0, M::HostColumn).data().toString(), QStringLiteral("files.example.org"));
    QCOMPARE(model.index(0, M::FolderColumn).data().toString(), QStringLiteral("/srv/downloads"));
    QVERIFY(!model.index(0, M::AddedColumn).data().toString().isEmpty());
    QCOMPARE(model.index(0, M::FinishedColumn).data().toString(), QString());
    haul::engine::TransferRequest request;
    request.connections = 4;
    model.setRequestAt(0, request);
    QCOMPARE(model.index(0, M::ConnectionsColumn).data().toString(), QStringLiteral("4"));

    // A restored record brings its own times.
    haul::engine::DownloadRecord record;
    record.key = 7;
    record.url = "https://cdn.example.net/done.iso";
    record.directory = "/tmp";
    record.fileName = "done.iso";
    record.state = haul::engine::DownloadState::Completed;
    const QDateTime added(QDate(2026, 3, 4), QTime(5, 6));
    const QDateTime finished(QDate(2026, 3, 5), QTime(7, 8));
    record.createdAtMs = added.toMSecsSinceEpoch();
    record.finishedAtMs = finished.toMSecsSinceEpoch();
    record.connections = 2;
    model.appendRecords({record});
    QCOMPARE(model.index(1, M::AddedColumn).data().toString(),
             QLocale().toString(added, QLocale::ShortFormat));
    QCOMPARE(model.index(1, M::FinishedColumn).data().toString(),
             QLocale().toString(finished, QLocale::ShortFormat));
    QCOMPARE(model.index(1, M::ConnectionsColumn).data().toString(), QStringLiteral("2"));

    // A download finishing now gets the time it finished.
    Event done;
    done.id = 1;
    done.type = haul::engine::Completed;
    done.bytes = 10;
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    model.handleEvents({done});
    QVERIFY(model.index(0, M::FinishedColumn).data(M::SortRole).toLongLong() >= before);
    QVERIFY(!model.index(0, M::FinishedColumn).data().toString().isEmpty());
}

QTEST_MAIN(TestList)
#include "tst_list.moc"
