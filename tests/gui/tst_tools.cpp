// SPDX-License-Identifier: MIT
// Categories (the rules, the side list, the folder of a new download, their Settings tab), the
// clipboard monitor, the tray's total progress, importing and exporting URL lists, and the
// stress panel under the Tools menu.
#include "guitestsupport.h"

#include "categories.h"
#include "clipboardmonitor.h"
#include "dialogs/adddownloadsdialog.h"
#include "dialogs/categoriespage.h"
#include "dialogs/settingsdialog.h"
#include "engineclient.h"
#include "listimport.h"
#include "mainwindow.h"
#include "stresspanel.h"
#include "transferlist/downloadspage.h"
#include "transferlist/filterlist.h"
#include "transferlist/transferfilterproxy.h"
#include "transferlist/transferlistmodel.h"
#include "traycontroller.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>
#include <QToolButton>

#include <cstdio>

using haul::demo::StressPanel;
using haul::engine::Event;
using haul::engine::TransferId;
using haul::guitest::url;
using haul::ui::AddDownloadsDialog;
using haul::ui::AppSettings;
using haul::ui::Categories;
using haul::ui::CategoriesPage;
using haul::ui::ClipboardMonitor;
using haul::ui::DownloadCategory;
using haul::ui::DownloadsPage;
using haul::ui::EngineClient;
using haul::ui::FilterList;
using haul::ui::ListImport;
using haul::ui::MainWindow;
using haul::ui::SettingsDialog;
using haul::ui::TransferFilterProxy;
using haul::ui::TransferListModel;
using haul::ui::TrayController;

namespace {

constexpr auto kClipboardEnv = "HAUL_TEST_CLIPBOARD_TEXT";

// Another X client that owns the clipboard with text until it is killed (the window's own
// copies are ignored by the monitor, so the test cannot set it itself).
class ClipboardOwner {
public:
    explicit ClipboardOwner(const QString& text)
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QString::fromLatin1(kClipboardEnv), text);
        m_process.setProcessEnvironment(env);
        m_process.start(QCoreApplication::applicationFilePath(), {});
    }
    ~ClipboardOwner()
    {
        m_process.kill();
        m_process.waitForFinished(10000);
    }
    bool ready()
    {
        while (!m_process.readAllStandardOutput().contains("owned")) {
            if (!m_process.waitForReadyRead(20000)) {
                return false;
            }
        }
        return true;
    }

private:
    QProcess m_process;
};

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

AppSettings withCategories(QList<DownloadCategory> list)
{
    AppSettings s = AppSettings::load();
    s.categories = Categories(std::move(list));
    s.categoryFolders = true;
    return s;
}

} // namespace

class TestTools final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void categoryRulesMatchByTypeAndSite();
    void categoriesAreSavedAndLoaded();
    void sideListCountsAndFiltersByCategory();
    void newDownloadsGoToTheirCategoryFolder();
    void settingsDialogEditsCategoriesAndClipboard();
    void trayToolTipSummarizesTotalProgress();
    void importAndExportUrlLists();
    void clipboardOffersCopiedLinksWithoutTakingTheFocus();
    void stressPanelIsAToolAndLeavesTheUsersTabAlone();

private:
    std::unique_ptr<haul::server::HttpServer> m_server;
};

void TestTools::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings never touches the user's config
    m_server = haul::guitest::startServer();
    QVERIFY(m_server);
}

void TestTools::init()
{
    QSettings().clear();
}

void TestTools::cleanupTestCase()
{
    QSettings().clear();
    m_server.reset();
}

void TestTools::categoryRulesMatchByTypeAndSite()
{
    const Categories defaults = Categories::defaults();
    QStringList names;
    for (const DownloadCategory& c : defaults.list()) {
        names << c.name;
    }
    QCOMPARE(names, (QStringList{QStringLiteral("Video"), QStringLiteral("Music"),
                                 QStringLiteral("Archives"), QStringLiteral("Documents"),
                                 QStringLiteral("Programs")}));
    const auto name = [&defaults](const char* url, const char* file = "") {
        const int at = defaults.match(QString::fromLatin1(url), QString::fromLatin1(file));
        return at < 0 ? QString() : defaults.list()[at].name;
    };
    QCOMPARE(name("https://example.org/a/film.MKV"), QStringLiteral("Video"));
    QCOMPARE(name("https://example.org/song.flac?x=1#t"), QStringLiteral("Music"));
    QCOMPARE(name("https://example.org/src.tar.gz"), QStringLiteral("Archives"));
    QCOMPARE(name("https://example.org/report.pdf"), QStringLiteral("Documents"));
    QCOMPARE(name("https://example.org/setup.exe"), QStringLiteral("Programs"));
    QCOMPARE(name("https://example.org/photo.jpg"), QString());
    QCOMPARE(name("https://example.org/mp4"), QString()); // a name, not an extension
    QCOMPARE(name("https://example.org/download?id=3", "movie.webm"), QStringLiteral("Video"));

    // Sites, and the first rule that matches wins.
    const Categories sites({
        {QStringLiteral("Work"), {}, {QStringLiteral("corp.example")}, QStringLiteral("/w")},
        {QStringLiteral("Mirrors"), {}, {QStringLiteral("*.mirror.example")}, {}},
        {QStringLiteral("Archives"), {QStringLiteral("zip")}, {}, {}},
    });
    QCOMPARE(sites.match(QStringLiteral("https://corp.example/x.zip")), 0);
    QCOMPARE(sites.match(QStringLiteral("https://files.corp.example/x.zip")), 0);
    QCOMPARE(sites.match(QStringLiteral("https://notcorp.example/x.zip")), 2);
    QCOMPARE(sites.match(QStringLiteral("https://eu.mirror.example/x.iso")), 1);
    QCOMPARE(sites.match(QStringLiteral("https://mirror.example/x.iso")), -1);
    QCOMPARE(sites.folderFor(QStringLiteral("https://corp.example/x"), QStringLiteral("/d")),
             QStringLiteral("/w"));
    QCOMPARE(sites.folderFor(QStringLiteral("https://a.example/x.zip"), QStringLiteral("/d")),
             QStringLiteral("/d/Archives"));
    QCOMPARE(sites.folderFor(QStringLiteral("https://a.example/x.iso"), QStringLiteral("/d")),
             QStringLiteral("/d"));

    QCOMPARE(Categories::parseList(QStringLiteral(" .ZIP, iso;;tar.gz  zip ")),
             (QStringList{QStringLiteral("zip"), QStringLiteral("iso"), QStringLiteral("tar.gz")}));
    QVERIFY(defaults.allExtensions().contains(QStringLiteral("mp4")));
    QVERIFY(defaults.allExtensions().contains(QStringLiteral("exe")));
}

void TestTools::categoriesAreSavedAndLoaded()
{
    QCOMPARE(Categories::load(), Categories::defaults()); // never saved: the defaults
    const Categories mine({{QStringLiteral("ISOs"),
                            {QStringLiteral("iso")},
                            {QStringLiteral("releases.example")},
                            QStringLiteral("/srv/iso")}});
    mine.save();
    QCOMPARE(Categories::load(), mine);
    Categories().save(); // the user removed them all: none, not the defaults again
    QVERIFY(Categories::load().isEmpty());
}

void TestTools::sideListCountsAndFiltersByCategory()
{
    TransferListModel model(nullptr);
    DownloadsPage page(&model);
    page.resize(800, 500);
    page.show();
    page.setCategories(Categories::defaults());
    model.addTransfer(1, QStringLiteral("http://a.example/one.mp4"), {}, {});
    model.addTransfer(2, QStringLiteral("http://a.example/two.mkv"), {}, {});
    model.addTransfer(3, QStringLiteral("http://a.example/three.zip"), {}, {});
    model.addTransfer(4, QStringLiteral("http://a.example/four.jpg"), {}, {});
    FilterList* filters = page.filterList();
    // The side list recounts by itself soon after rows come.
    QTRY_COMPARE_WITH_TIMEOUT(filters->shownFileCategoryCount(0), 2, 10000); // Video
    QCOMPARE(filters->shownFileCategoryCount(1), 0);                         // Music
    QCOMPARE(filters->shownFileCategoryCount(2), 1);                         // Archives
    QCOMPARE(filters->shownFileCategoryCount(5), -1);                        // no sixth

    // Clicking a category shows its rows only; clicking a state shows them all again.
    const QList<QListWidgetItem*> video =
        filters->findItems(QStringLiteral("Video"), Qt::MatchStartsWith);
    QCOMPARE(video.size(), 1);
    const QRect rect = filters->visualItemRect(video.first());
    QTest::mouseClick(filters->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(filters->fileCategory(), 0);
    QCOMPARE(page.proxy()->rowCount(), 2);
    filters->setFileCategory(2);
    QCOMPARE(page.proxy()->rowCount(), 1);
    // The heading cannot be selected.
    const QList<QListWidgetItem*> heading =
        filters->findItems(QStringLiteral("Categories"), Qt::MatchExactly);
    QCOMPARE(heading.size(), 1);
    QVERIFY(!(heading.first()->flags() & Qt::ItemIsSelectable));
    filters->setCategory(TransferFilterProxy::Category::All);
    QCOMPARE(filters->fileCategory(), -1);
    QCOMPARE(page.proxy()->rowCount(), 4);

    // New rules replace the list's categories and the filter.
    filters->setFileCategory(0);
    QCOMPARE(page.proxy()->rowCount(), 2);
    page.setCategories(Categories({{QStringLiteral("Pictures"), {QStringLiteral("jpg")}, {}, {}}}));
    QCOMPARE(page.proxy()->rowCount(), 4); // what was selected is gone: All again
    QCOMPARE(filters->shownFileCategoryCount(0), 1);
    QCOMPARE(filters->shownFileCategoryCount(1), -1);
}

void TestTools::newDownloadsGoToTheirCategoryFolder()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.setDefaultDirectory(dir.path());
    const QString elsewhere = QDir(dir.path()).filePath(QStringLiteral("chosen"));
    window.applySettings(withCategories(
        {{QStringLiteral("Binaries"), {QStringLiteral("bin")}, {}, {}},
         {QStringLiteral("Site"), {}, {QStringLiteral("nothing.example")}, elsewhere}}));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto directoryOf = [&window](int row) {
        return window.model()->index(row, 0).data(TransferListModel::DirectoryRole).toString();
    };

    // Handed over (the Add dialog with the default folder): the category's folder, made.
    window.offerUrlsFromOtherInstance({url(*m_server, "/two.bin")});
    QTRY_VERIFY(window.handOverDialog());
    window.handOverDialog()->accept();
    QTRY_COMPARE(window.model()->rowCount(), 1);
    const QString binaries = QDir(dir.path()).filePath(QStringLiteral("Binaries"));
    QCOMPARE(directoryOf(0), binaries);
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->stateAt(0), TransferListModel::State::Completed,
                              20000);
    QVERIFY(QFile::exists(QDir(binaries).filePath(QStringLiteral("two.bin"))));

    // A folder the user chose in the dialog wins over the categories.
    window.offerUrlsFromOtherInstance({url(*m_server, "/slow.bin")});
    QTRY_VERIFY(window.handOverDialog());
    window.handOverDialog()->setDirectory(elsewhere);
    window.handOverDialog()->accept();
    QTRY_COMPARE(window.model()->rowCount(), 2);
    QCOMPARE(directoryOf(1), elsewhere);

    // Off in the settings: the default folder.
    AppSettings off = window.settings();
    off.categoryFolders = false;
    window.applySettings(off);
    window.setDefaultDirectory(dir.path());
    MainWindow::AddOptions options;
    options.byCategory = true;
    QCOMPARE(window.addDownloads({url(*m_server, "/crawl.bin")}, dir.path(), options).size(), 1);
    QCOMPARE(directoryOf(2), dir.path());
    // An explicit folder (addDownloads without byCategory) is never changed.
    AppSettings on = window.settings();
    on.categoryFolders = true;
    window.applySettings(on);
    QCOMPARE(window.addDownloads({url(*m_server, "/crawl.bin") + QStringLiteral("?2")}, dir.path())
                 .size(),
             1);
    QCOMPARE(directoryOf(3), dir.path());
}

void TestTools::settingsDialogEditsCategoriesAndClipboard()
{
    AppSettings initial = AppSettings::load();
    QVERIFY(!initial.clipboardMonitor); // off by default
    QVERIFY(initial.categoryFolders);
    SettingsDialog dialog(initial, false);
    dialog.resize(800, 600);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    CategoriesPage* page = dialog.categoriesPage();
    QTableWidget* table = page->table();
    QCOMPARE(table->rowCount(), 5);
    table->item(0, CategoriesPage::ExtensionsColumn)->setText(QStringLiteral("mp4, .MOV"));
    table->item(0, CategoriesPage::FolderColumn)->setText(QStringLiteral("/films"));
    page->addCategory({QStringLiteral("Work"), {}, {QStringLiteral("corp.example")}, {}});
    page->addCategory({QStringLiteral("Empty"), {}, {}, {}}); // matches nothing: dropped
    auto* monitor = dialog.findChild<QCheckBox*>(QStringLiteral("clipboardMonitor"));
    auto* extensions = dialog.findChild<QLineEdit*>(QStringLiteral("clipboardExtensions"));
    QVERIFY(monitor && extensions);
    QVERIFY(!extensions->isEnabled());
    monitor->setChecked(true);
    QVERIFY(extensions->isEnabled());
    extensions->setText(QStringLiteral("iso, ZIP"));

    const AppSettings edited = dialog.settings();
    QCOMPARE(edited.categories.size(), 6);
    QCOMPARE(edited.categories.list()[0].extensions,
             (QStringList{QStringLiteral("mp4"), QStringLiteral("mov")}));
    QCOMPARE(edited.categories.list()[0].folder, QStringLiteral("/films"));
    QCOMPARE(edited.categories.list()[5].hosts, QStringList{QStringLiteral("corp.example")});
    QVERIFY(edited.clipboardMonitor);
    QCOMPARE(edited.watchedExtensions(),
             (QStringList{QStringLiteral("iso"), QStringLiteral("zip")}));
    edited.save();
    const AppSettings loaded = AppSettings::load();
    QCOMPARE(loaded.categories, edited.categories);
    QCOMPARE(loaded.clipboardExtensions, edited.clipboardExtensions);
    QVERIFY(loaded.clipboardMonitor);

    auto* restore = page->findChild<QPushButton*>(QStringLiteral("restoreCategories"));
    QVERIFY(restore);
    restore->click();
    QCOMPARE(dialog.settings().categories, Categories::defaults());
}

void TestTools::trayToolTipSummarizesTotalProgress()
{
    QCOMPARE(TrayController::summaryText(0, 0, 0, 0, 0), QStringLiteral("Haul — idle"));
    QCOMPARE(TrayController::summaryText(0, 2, 0, 0, 0), QStringLiteral("Haul — 2 queued"));
    QCOMPARE(TrayController::summaryText(3, 0, 450, 1000, 0),
             QStringLiteral("Haul — 3 downloading, 45 % of 1000 B"));
    const QString busy =
        TrayController::summaryText(3, 1, 600LL << 20, 1200LL << 20, 2.3 * (1 << 20));
    QVERIFY2(busy.startsWith(QStringLiteral("Haul — 3 downloading, 50 % of 1.2 GiB, 2.3 MiB/s")),
             qPrintable(busy));
    QVERIFY2(busy.endsWith(QStringLiteral("1 queued")), qPrintable(busy));

    // The model sums what the tooltip needs over the active rows of known size.
    TransferListModel model(nullptr);
    model.addTransfer(1, QStringLiteral("http://a.example/a.bin"), {}, {});
    model.addTransfer(2, QStringLiteral("http://a.example/b.bin"), {}, {});
    model.addTransfer(3, QStringLiteral("http://a.example/c.bin"), {}, {});
    model.handleEvents(
        {progress(1, 100, 1000, 10), progress(2, 300, 1000, 20), progress(3, 50, -1, 5)});
    const TransferListModel::Counts c = model.counts();
    QCOMPARE(c.active, 3);
    QCOMPARE(c.activeSized, 2);
    QCOMPARE(c.activeBytes, 400);
    QCOMPARE(c.activeTotal, 2000);
}

void TestTools::importAndExportUrlLists()
{
    QTemporaryDir dir;
    const QString list = QDir(dir.path()).filePath(QStringLiteral("in.txt"));
    {
        QFile f(list);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("# my list\n\n  https://a.example/one.zip  \n#https://skipped.example/x\n"
                "https://b.example/two.iso\r\n\t\n");
    }
    QString error;
    QCOMPARE(ListImport::readUrls(list, &error),
             (QStringList{QStringLiteral("https://a.example/one.zip"),
                          QStringLiteral("https://b.example/two.iso")}));
    QVERIFY(error.isEmpty());
    QVERIFY(ListImport::readUrls(QDir(dir.path()).filePath(QStringLiteral("none.txt")), &error)
                .isEmpty());
    QVERIFY(!error.isEmpty());

    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ListImport* io = window.listImport();
    QVERIFY(io);
    // In the File menu.
    QVERIFY(window.menuBar()->actions().first()->menu()->actions().contains(io->importAction()));
    QVERIFY(window.menuBar()->actions().first()->menu()->actions().contains(io->exportAction()));

    QString next = list;
    io->setPathChooser([&next](ListImport::Mode, int) { return next; });
    io->importAction()->trigger();
    QTRY_VERIFY(window.handOverDialog());
    AddDownloadsDialog* dialog = window.handOverDialog();
    QCOMPARE(dialog->urls(), (QStringList{QStringLiteral("https://a.example/one.zip"),
                                          QStringLiteral("https://b.example/two.iso")}));
    dialog->reject();
    QTRY_VERIFY(!window.handOverDialog());

    // Export: every row, or the selected ones.
    QTemporaryDir target;
    const QStringList urls = {url(*m_server, "/held.bin") + QStringLiteral("?a"),
                              url(*m_server, "/held.bin") + QStringLiteral("?b"),
                              url(*m_server, "/held.bin") + QStringLiteral("?c")};
    QCOMPARE(window.addDownloads(urls, target.path()).size(), 3);
    const QString all = QDir(dir.path()).filePath(QStringLiteral("all.txt"));
    next = all;
    int askedFor = -1;
    io->setPathChooser([&next, &askedFor](ListImport::Mode mode, int count) {
        askedFor = mode == ListImport::Mode::Save ? count : -1;
        return next;
    });
    io->exportAction()->trigger();
    QCOMPARE(askedFor, 3);
    QCOMPARE(ListImport::readUrls(all, &error), urls);
    window.view()->selectRow(1);
    const QString one = QDir(dir.path()).filePath(QStringLiteral("one.txt"));
    next = one;
    io->exportAction()->trigger();
    QCOMPARE(askedFor, 1);
    QCOMPARE(ListImport::readUrls(one, &error), QStringList{urls[1]});
    // Cancelled: nothing written.
    next.clear();
    io->exportAction()->trigger();
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 3);
}

void TestTools::clipboardOffersCopiedLinksWithoutTakingTheFocus()
{
    if (QGuiApplication::platformName() != QLatin1String("xcb")) {
        QSKIP("needs a real X server (a second client owns the clipboard)");
    }
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ClipboardMonitor* monitor = window.clipboardMonitor();
    QVERIFY(monitor);
    QVERIFY(!monitor->isEnabled()); // off by default
    QSignalSpy offered(monitor, &ClipboardMonitor::linksCopied);
    {
        ClipboardOwner owner(QStringLiteral("see https://a.example/off.zip"));
        QVERIFY(owner.ready());
        QTRY_COMPARE(QGuiApplication::clipboard()->text(),
                     QStringLiteral("see https://a.example/off.zip"));
    }
    QCOMPARE(offered.size(), 0);
    QVERIFY(!window.handOverDialog());

    AppSettings on = window.settings();
    on.clipboardMonitor = true;
    on.clipboardExtensions = {QStringLiteral("zip"), QStringLiteral("iso")};
    window.applySettings(on);
    QVERIFY(monitor->isEnabled());

    // The user types in another window of Haul's; the offer must not take that away.
    QLineEdit typing;
    typing.setWindowTitle(QStringLiteral("typing"));
    typing.show();
    typing.activateWindow();
    typing.setFocus();
    QVERIFY(QTest::qWaitForWindowActive(&typing));

    // Haul's own copies (a URL copied from its list) are never offered back to it.
    QGuiApplication::clipboard()->setText(QStringLiteral("https://a.example/own.zip"));
    {
        ClipboardOwner owner(QStringLiteral("look: https://a.example/first.zip and "
                                            "https://a.example/page.html, ftp://b.example/d.iso"));
        QVERIFY(owner.ready());
        QVERIFY(offered.wait(20000));
    }
    QCOMPARE(offered.size(), 1);
    QCOMPARE(offered.at(0).at(0).toStringList(),
             (QStringList{QStringLiteral("https://a.example/first.zip"),
                          QStringLiteral("ftp://b.example/d.iso")}));
    QTRY_VERIFY(window.handOverDialog());
    AddDownloadsDialog* dialog = window.handOverDialog();
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->urls(), offered.at(0).at(0).toStringList());
    QCOMPARE(QApplication::activeWindow(), &typing);
    QCOMPARE(QApplication::focusWidget(), &typing);

    // The same links again: not offered twice in a row. A new one joins the open dialog.
    {
        ClipboardOwner owner(QStringLiteral("look: https://a.example/first.zip and "
                                            "https://a.example/page.html, ftp://b.example/d.iso"));
        QVERIFY(owner.ready());
        QTRY_COMPARE(QGuiApplication::clipboard()->text().left(5), QStringLiteral("look:"));
    }
    {
        ClipboardOwner owner(QStringLiteral("https://a.example/second.iso"));
        QVERIFY(owner.ready());
        QVERIFY(offered.wait(20000));
    }
    QCOMPARE(offered.size(), 2);
    QCOMPARE(offered.at(1).at(0).toStringList(),
             QStringList{QStringLiteral("https://a.example/second.iso")});
    QCOMPARE(window.handOverDialog(), dialog);
    QCOMPARE(dialog->urls().size(), 3);
    QCOMPARE(QApplication::activeWindow(), &typing);

    // A link of a type not watched is not offered.
    {
        ClipboardOwner owner(QStringLiteral("https://a.example/photo.jpg"));
        QVERIFY(owner.ready());
        QTRY_COMPARE(QGuiApplication::clipboard()->text(),
                     QStringLiteral("https://a.example/photo.jpg"));
    }
    QCOMPARE(offered.size(), 2);
    QCOMPARE(ClipboardMonitor::linksIn(QStringLiteral("x https://h.example/a.ZIP?x=1 y"),
                                       {QStringLiteral("zip")}),
             QStringList{QStringLiteral("https://h.example/a.ZIP?x=1")});
}

void TestTools::stressPanelIsAToolAndLeavesTheUsersTabAlone()
{
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tools = window.findChild<QMenu*>(QStringLiteral("toolsMenu"));
    QVERIFY(tools);
    QVERIFY(!tools->menuAction()->isVisible()); // no tool, no menu
    StressPanel::install(&window, &client);
    QVERIFY(tools->menuAction()->isVisible());
    auto* action = window.findChild<QAction*>(QStringLiteral("stressAction"));
    QVERIFY(action);
    QVERIFY(tools->actions().contains(action));
    auto* toolbar = window.findChild<QToolBar*>(QStringLiteral("mainToolBar"));
    QVERIFY(toolbar);
    QVERIFY(!toolbar->actions().contains(action)); // not in the main toolbar

    action->trigger();
    auto* panel = qobject_cast<StressPanel*>(window.tabs()->currentWidget());
    QVERIFY(panel);
    // Details are folded away until asked for.
    auto* details = panel->findChild<QWidget*>(QStringLiteral("stressDetails"));
    auto* toggle = panel->findChild<QToolButton*>(QStringLiteral("detailsToggle"));
    QVERIFY(details && toggle);
    QVERIFY(!details->isVisible());

    // The user goes back to the list; the run's detail tabs open behind it.
    window.tabs()->setCurrentWidget(window.page());
    QSignalSpy switched(window.tabs(), &QTabWidget::currentChanged);
    QSignalSpy finished(panel, &StressPanel::finished);
    panel->setDownloads(12);
    panel->setActionsPerSecond(60);
    QVERIFY(panel->start(2));
    QVERIFY(finished.wait(40000));
    QVERIFY2(panel->passed(), qPrintable(panel->report()));
    QVERIFY(panel->counters().tabsOpened > 0);
    QCOMPARE(switched.size(), 0);
    QCOMPARE(window.tabs()->currentWidget(), window.page());

    const QString summary = panel->summary();
    QVERIFY2(summary.contains(QStringLiteral("at random moments on %1 downloads")
                                  .arg(panel->counters().downloadsAdded)),
             qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("Every start, pause and cancel ended exactly once.")));
    QVERIFY(
        summary.contains(QStringLiteral("Nothing arrived for a download after it was closed.")));
    QVERIFY(!summary.contains(QStringLiteral("≠")));
    toggle->click();
    QVERIFY(details->isVisibleTo(panel));
    QVERIFY(panel->report().contains(QStringLiteral("Events after Closed: 0")));
}

int main(int argc, char* argv[])
{
    if (qEnvironmentVariableIsSet(kClipboardEnv)) {
        // The second X client of clipboardOffersCopiedLinksWithoutTakingTheFocus: owns the
        // clipboard until it is killed.
        QApplication app(argc, argv);
        QGuiApplication::clipboard()->setText(qEnvironmentVariable(kClipboardEnv));
        std::puts("owned");
        std::fflush(stdout);
        return QApplication::exec();
    }
    QApplication app(argc, argv);
    TestTools test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_tools.moc"
