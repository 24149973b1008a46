// SPDX-License-Identifier: MIT
// The side filter list, the search box and sorting, while downloads run.
#include "guitestsupport.h"

#include "engineclient.h"
#include "mainwindow.h"
#include "transferlist/downloadspage.h"
#include "transferlist/filterlist.h"
#include "transferlist/transferfilterproxy.h"
#include "transferlist/transferlistmodel.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using haul::engine::Event;
using haul::engine::TransferId;
using haul::guitest::url;
using haul::ui::EngineClient;
using haul::ui::FilterList;
using haul::ui::MainWindow;
using haul::ui::TransferFilterProxy;
using haul::ui::TransferListModel;
using Category = TransferFilterProxy::Category;
using State = TransferListModel::State;

namespace {

Event makeEvent(TransferId id, haul::engine::EventType type, std::int64_t bytes = 0)
{
    Event e;
    e.id = id;
    e.type = type;
    e.bytes = bytes;
    e.total = 1000;
    e.speed = static_cast<double>(bytes);
    return e;
}

} // namespace

class TestFilters final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void categoriesAndSearch();
    void sortAndFilterWhileDownloadsRun();
    void sideListAndSearchBoxDriveTheView();

private:
    std::unique_ptr<haul::server::HttpServer> m_server;
};

void TestFilters::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_server = haul::guitest::startServer();
    QVERIFY(m_server);
}

void TestFilters::cleanupTestCase()
{
    m_server.reset();
}

void TestFilters::categoriesAndSearch()
{
    TransferListModel model(nullptr);
    TransferFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.addTransfer(1, QStringLiteral("http://a.example/ubuntu.iso"), {}, {});
    model.addTransfer(2, QStringLiteral("http://b.example/debian.iso"), {}, {});
    model.addTransfer(3, QStringLiteral("http://c.example/photo.jpg"), {}, {});
    model.addTransfer(4, QStringLiteral("http://d.example/broken"), {}, {});
    model.handleEvents({makeEvent(1, haul::engine::Progress, 10),
                        makeEvent(2, haul::engine::Completed), makeEvent(4, haul::engine::Failed)});
    QCOMPARE(proxy.rowCount(), 4);
    proxy.setCategory(Category::Active);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setCategory(Category::Queued);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setCategory(Category::Completed);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setCategory(Category::Failed);
    QCOMPARE(proxy.rowCount(), 1);
    // A state change moves the row between categories (dynamicSortFilter).
    model.handleEvents({makeEvent(1, haul::engine::Failed)});
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setCategory(Category::All);
    proxy.setSearchText(QStringLiteral("ISO"));
    QCOMPARE(proxy.rowCount(), 2);
    proxy.setSearchText(QStringLiteral("c.example")); // the URL counts too
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setSearchText(QStringLiteral("  "));
    QCOMPARE(proxy.rowCount(), 4);

    const TransferListModel::Counts counts = model.counts();
    QCOMPARE(TransferFilterProxy::count(Category::All, counts), 4);
    QCOMPARE(TransferFilterProxy::count(Category::Failed, counts), 2);
}

void TestFilters::sortAndFilterWhileDownloadsRun()
{
    QTemporaryDir dir;
    EngineClient client;
    TransferListModel model(&client);
    TransferFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTableView view;
    view.setModel(&proxy);
    view.setSortingEnabled(true);
    view.setSelectionBehavior(QAbstractItemView::SelectRows);
    view.show();

    QList<TransferId> ids;
    for (int i = 0; i < 8; ++i) {
        const char* path = i % 2 == 0 ? "/slow.bin" : "/crawl.bin";
        const TransferId id =
            client.add(url(*m_server, path), dir.path(), QStringLiteral("file-%1.bin").arg(i));
        QVERIFY(id != 0);
        QVERIFY(client.start(id));
        ids.append(id);
    }
    const int columns[] = {TransferListModel::SpeedColumn, TransferListModel::ProgressColumn,
                           TransferListModel::EtaColumn, TransferListModel::StateColumn,
                           TransferListModel::NameColumn};
    const Category categories[] = {Category::All, Category::Active, Category::Completed,
                                   Category::All};
    for (int round = 0; round < 40; ++round) {
        view.sortByColumn(columns[round % 5], round % 2 ? Qt::AscendingOrder : Qt::DescendingOrder);
        proxy.setCategory(categories[round % 4]);
        proxy.setSearchText(round % 7 == 0 ? QStringLiteral("file-3") : QString());
        if (round == 20) {
            client.close(ids[5]);
            model.removeTransfer(ids[5]);
        }
        QTest::qWait(50); // pacing: a batch or two lands between the changes, at any moment
        // Sorted order holds after every batch.
        if (proxy.rowCount() > 1 && proxy.sortColumn() == TransferListModel::NameColumn) {
            for (int r = 1; r < proxy.rowCount(); ++r) {
                const QString a =
                    proxy.index(r - 1, 0).data(TransferListModel::SortRole).toString();
                const QString b = proxy.index(r, 0).data(TransferListModel::SortRole).toString();
                QVERIFY(proxy.sortOrder() == Qt::AscendingOrder ? a <= b : a >= b);
            }
        }
    }
    // The selection follows its row through re-sorting while progress keeps arriving.
    proxy.setCategory(Category::All);
    proxy.setSearchText({});
    view.selectRow(2);
    const QPersistentModelIndex selected =
        proxy.mapToSource(view.selectionModel()->selectedRows().value(0));
    QVERIFY(selected.isValid());
    for (int round = 0; round < 10; ++round) {
        view.sortByColumn(columns[round % 5], round % 2 ? Qt::AscendingOrder : Qt::DescendingOrder);
        QTest::qWait(60); // pacing, as above: progress arrives while the order changes
        const QModelIndexList rows = view.selectionModel()->selectedRows();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(proxy.mapToSource(rows.first()).row(), selected.row());
    }
    QTRY_COMPARE_WITH_TIMEOUT(model.counts().completed, 7, 60000);
    proxy.setCategory(Category::Completed);
    QCOMPARE(proxy.rowCount(), 7);
    proxy.setCategory(Category::Active);
    QCOMPARE(proxy.rowCount(), 0);
}

void TestFilters::sideListAndSearchBoxDriveTheView()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto ids =
        window.addDownloads({url(*m_server, "/two.bin"), url(*m_server, "/crawl.bin")}, dir.path());
    QCOMPARE(ids.size(), 2);
    TransferListModel* model = window.model();
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[0]), State::Completed, 20000);
    FilterList* filters = window.page()->filterList();
    QTRY_COMPARE_WITH_TIMEOUT(filters->shownCount(Category::Completed), 1, 20000);
    QCOMPARE(filters->shownCount(Category::All), 2);

    filters->setCategory(Category::Completed);
    QCOMPARE(window.view()->model()->rowCount(), 1);
    filters->setCategory(Category::All);
    QCOMPARE(window.view()->model()->rowCount(), 2);
    QTest::keyClicks(window.page()->searchBox(), QStringLiteral("crawl"));
    QCOMPARE(window.view()->model()->rowCount(), 1);
    window.page()->searchBox()->clear();
    QCOMPARE(window.view()->model()->rowCount(), 2);
}

QTEST_MAIN(TestFilters)
#include "tst_filters.moc"
