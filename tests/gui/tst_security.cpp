// SPDX-License-Identifier: MIT
// Attacks by another local user on the GUI, performed for real: a second Unix account
// (haul-attacker, attacker.h) plants names in a shared temporary folder and listens on sockets
// before the victim does; the victim is this test (root) and the real `haul` executable. Also
// what a crafted download list makes the GUI do on restore. The attacker's steps are skipped
// with a message when the test does not run as root.
#include "attacker.h"
#include "guitestsupport.h"

#include "appsettings.h"
#include "dialogs/adddownloadsdialog.h"
#include "dialogs/settingsdialog.h"
#include "engineclient.h"
#include "mainwindow.h"
#include "singleinstance.h"
#include "storeworker.h"
#include "transferlist/transferactions.h"
#include "transferlist/transferlistmodel.h"

#include <haul/server/democatalog.h>
#include <haul/store.h>

#include <QCheckBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using haul::app::SingleInstance;
using haul::engine::DownloadRecord;
using haul::engine::DownloadState;
using haul::engine::SessionOptions;
using haul::engine::Store;
using haul::ui::AddDownloadsDialog;
using haul::ui::EngineClient;
using haul::ui::MainWindow;
using haul::ui::TransferListModel;
using State = TransferListModel::State;

namespace {

constexpr int kLong = 30000; // a deadline for what takes a second on an idle machine

mode_t modeOf(const QString& path)
{
    struct stat info {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 ? info.st_mode & 07777 : 0;
}

// The file a running process has open whose path ends in suffix ("/demo-list.db"), else empty.
QString openFileOf(qint64 pid, const QString& suffix)
{
    QDirIterator it(QStringLiteral("/proc/%1/fd").arg(pid), QDir::System | QDir::Files);
    while (it.hasNext()) {
        const QString target = QFile::symLinkTarget(it.next());
        if (target.endsWith(suffix)) {
            return target;
        }
    }
    return {};
}

// The old single-instance name, in the shared temporary folder: where a Haul that trusted
// /tmp would connect. The attacker listens there too, whatever this Haul does.
QString oldSocketName()
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty()) {
        user = qEnvironmentVariable("USERNAME");
    }
    const QByteArray hash =
        QCryptographicHash::hash(QDir::homePath().toUtf8(), QCryptographicHash::Sha256).toHex();
    user.remove(QLatin1Char('/'));
    return QStringLiteral("haul-%1-%2").arg(user, QString::fromLatin1(hash.left(12)));
}

// The attacker's listener: binds every path it can (the others are refused by the kernel),
// accepts whoever connects and counts the bytes it is sent, acknowledging them the way Haul's
// protocol does ('k'), until the test writes to `stop`. Runs in the attacker's forked child:
// system calls only. Reports through `report`: first an int (how many paths it bound), at the
// end a long (bytes received).
struct Listener {
    pid_t pid = -1;
    int bound = 0;
    int reportFd = -1;
    int stopFd = -1;

    // Ends the listener and returns the bytes it received (-1 when unknown).
    long finish()
    {
        if (pid < 0) {
            return -1;
        }
        const char x = 1;
        (void)!::write(stopFd, &x, 1);
        long total = -1;
        if (::read(reportFd, &total, sizeof total) != sizeof total) {
            total = -1;
        }
        haul::test::waitForAttacker(pid);
        ::close(reportFd);
        ::close(stopFd);
        pid = -1;
        return total;
    }
    ~Listener() { finish(); }
};

void startListener(Listener& listener, const haul::test::Attacker& attacker,
                   const std::vector<QByteArray>& paths)
{
    int report[2];
    int stop[2];
    if (::pipe(report) != 0 || ::pipe(stop) != 0) {
        return;
    }
    const char* pathList[8] = {};
    const int count = static_cast<int>(std::min<std::size_t>(paths.size(), 8));
    for (int i = 0; i < count; ++i) {
        pathList[i] = paths[static_cast<std::size_t>(i)].constData();
    }
    listener.pid = haul::test::startAsAttacker(attacker, [&pathList, count, report, stop] {
        ::close(report[0]);
        ::close(stop[1]);
        pollfd fds[24] = {};
        int n = 0;
        fds[n++] = {stop[0], POLLIN, 0};
        int bound = 0;
        for (int i = 0; i < count; ++i) {
            const int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
            sockaddr_un address{};
            address.sun_family = AF_UNIX;
            std::strncpy(address.sun_path, pathList[i], sizeof address.sun_path - 1);
            if (s >= 0 && ::bind(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0
                && ::listen(s, 8) == 0) {
                fds[n++] = {s, POLLIN, 0};
                ++bound;
            } else if (s >= 0) {
                ::close(s);
            }
        }
        const int listeners = n;
        (void)!::write(report[1], &bound, sizeof bound);
        long total = 0;
        while (true) {
            if (::poll(fds, static_cast<nfds_t>(n), 60000) <= 0 || fds[0].revents != 0) {
                break; // stopped (or the test is gone)
            }
            for (int i = 1; i < n; ++i) {
                if (fds[i].revents == 0) {
                    continue;
                }
                if (i < listeners) {
                    const int client = ::accept(fds[i].fd, nullptr, nullptr);
                    if (client >= 0 && n < 24) {
                        fds[n++] = {client, POLLIN, 0};
                    }
                    continue;
                }
                char buffer[4096];
                const ssize_t got = ::read(fds[i].fd, buffer, sizeof buffer);
                if (got > 0) {
                    total += got;
                    (void)!::write(fds[i].fd, "k", 1); // "received": the victim exits happy
                } else {
                    ::close(fds[i].fd);
                    fds[i] = fds[--n];
                    --i;
                }
            }
        }
        for (int i = 0; i < count; ++i) {
            ::unlink(pathList[i]); // its own sockets only: the others it could not bind
        }
        (void)!::write(report[1], &total, sizeof total);
        return 0;
    });
    ::close(report[1]);
    ::close(stop[0]);
    listener.reportFd = report[0];
    listener.stopFd = stop[1];
    if (listener.pid < 0
        || ::read(report[0], &listener.bound, sizeof listener.bound) != sizeof listener.bound) {
        listener.bound = -1;
    }
}

} // namespace

class TestSecurity final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void demoIgnoresAFolderPlantedInTheSharedTemp();
    void demoListIsPrivate();
    void demoStartsAfreshAndCleansUp();
    void secondHaulSendsNothingToAnotherUsersListener();
    void handOffRefusesAListenerOfAnotherUid();
    void handedOverUrlOpensTheAddDialogInTheRunningHaul();
    void handedOverUrlsWaitForTheUser();
    void handedOverUrlsStartAtOnceWhenTheUserSaysSo();
    void restoredNamesStayInTheirFolder();
    void restoredRowsWithABadFolderAreRefused();

private:
    // The environment of a `haul` the test starts: its own settings, data and cache folders, a
    // private runtime folder, and TMPDIR = the shared folder the attacker plants in.
    QProcessEnvironment haulEnvironment() const;
    QString shared() const { return QDir(m_root.path()).filePath(QStringLiteral("shared-tmp")); }
    QString runtime() const { return m_runtime.path(); }

    std::unique_ptr<haul::server::HttpServer> m_server;
    QTemporaryDir m_root;    // 0755: the attacker can reach shared-tmp inside it
    QTemporaryDir m_runtime; // the victim's private XDG_RUNTIME_DIR (0700)
    QTemporaryDir m_victim;  // the victim's own files
    haul::test::Attacker m_attacker;
};

void TestSecurity::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    QVERIFY(m_root.isValid() && m_runtime.isValid() && m_victim.isValid());
    QVERIFY(::chmod(QFile::encodeName(m_root.path()).constData(), 0755) == 0);
    QVERIFY(QDir().mkpath(shared()));
    // Like /tmp: anyone may create names in it, only the owner of a name may remove it.
    QVERIFY(::chmod(QFile::encodeName(shared()).constData(), 01777) == 0);
    // This process's own single-instance sockets go to the private runtime folder too.
    qputenv("XDG_RUNTIME_DIR", m_runtime.path().toUtf8());
    m_server = haul::guitest::startServer();
    QVERIFY(m_server);
    m_attacker = haul::test::attacker();
}

void TestSecurity::cleanupTestCase()
{
    QSettings().clear();
    m_server.reset();
}

QProcessEnvironment TestSecurity::haulEnvironment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("HAUL_STORE_PATH"));
    env.insert(QStringLiteral("TMPDIR"), shared());
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime());
    for (const char* name : {"XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"}) {
        const QString folder = QDir(m_victim.path()).filePath(QString::fromLatin1(name));
        QDir().mkpath(folder);
        env.insert(QString::fromLatin1(name), folder);
    }
    return env;
}

// The attack: haul-attacker plants <tmp>/haul-demo as a symbolic link to a folder of the
// victim's. A Haul that uses that fixed name empties it at start (removeRecursively follows the
// link into the victim's folder) and downloads the demo's files into it.
void TestSecurity::demoIgnoresAFolderPlantedInTheSharedTemp()
{
    if (!m_attacker) {
        QSKIP(m_attacker.problem.c_str());
    }
    const QString victimFolder = QDir(m_victim.path()).filePath(QStringLiteral("thesis"));
    QVERIFY(QDir().mkpath(victimFolder));
    const QString precious = QDir(victimFolder).filePath(QStringLiteral("chapter1.tex"));
    {
        QFile file(precious);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("months of work");
    }
    const QByteArray target = QFile::encodeName(victimFolder);
    const QByteArray planted =
        QFile::encodeName(QDir(shared()).filePath(QStringLiteral("haul-demo")));
    const auto plant = [&target, &planted] {
        return ::symlink(target.constData(), planted.constData()) == 0 ? 0 : 1;
    };
    QCOMPARE(haul::test::asAttacker(m_attacker, plant), 0);
    // Root may remove another user's name in the sticky folder: the next test starts clean.
    const auto removePlanted = qScopeGuard([&planted] { ::unlink(planted.constData()); });

    QProcess haul;
    haul.setProcessEnvironment(haulEnvironment());
    haul.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    haul.start(QStringLiteral(HAUL_GUI_BINARY),
               {QStringLiteral("--demo"), QStringLiteral("--new-instance")});
    QVERIFY(haul.waitForStarted());
    QString list;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(list = openFileOf(haul.processId(), QStringLiteral("/demo-list.db"))).isEmpty(), kLong);
    const QString demoFolder = QFileInfo(list).absolutePath();

    QVERIFY2(QFileInfo::exists(precious), "the victim's file was deleted through the planted link");
    QCOMPARE(QDir(victimFolder).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
             QStringList{QStringLiteral("chapter1.tex")});
    QVERIFY2(!demoFolder.startsWith(victimFolder), qPrintable(demoFolder));
    QVERIFY2(demoFolder.startsWith(runtime() + QLatin1Char('/')), qPrintable(demoFolder));
    QCOMPARE(modeOf(demoFolder), mode_t{0700});
    QCOMPARE(QFile::symLinkTarget(QString::fromLocal8Bit(planted)), victimFolder); // not touched

    ::kill(static_cast<pid_t>(haul.processId()), SIGTERM);
    QVERIFY(haul.waitForFinished(kLong));
    QCOMPARE(haul.exitCode(), 0);
    QVERIFY(QFileInfo::exists(precious));
    QVERIFY2(!QFileInfo::exists(demoFolder), "the run's own folder is removed at exit");
}

// The attack: haul-attacker points <tmp>/haul-demo at a world-writable folder of its own. A Haul
// that uses that fixed name puts the demo's list (0644) and downloads there: the attacker reads
// the list, and could swap a .part for a link to any file of the victim's.
void TestSecurity::demoListIsPrivate()
{
    if (!m_attacker) {
        QSKIP(m_attacker.problem.c_str());
    }
    const QByteArray own = QFile::encodeName(QDir(shared()).filePath(QStringLiteral("attackers")));
    const QByteArray planted =
        QFile::encodeName(QDir(shared()).filePath(QStringLiteral("haul-demo")));
    const auto plant = [&own, &planted] {
        const bool made =
            ::mkdir(own.constData(), 0777) == 0 && ::chmod(own.constData(), 0777) == 0;
        return made && ::symlink(own.constData(), planted.constData()) == 0 ? 0 : 1;
    };
    QCOMPARE(haul::test::asAttacker(m_attacker, plant), 0);
    const auto removePlanted = qScopeGuard([&planted] { ::unlink(planted.constData()); });
    QProcess haul;
    haul.setProcessEnvironment(haulEnvironment());
    haul.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    haul.start(QStringLiteral(HAUL_GUI_BINARY),
               {QStringLiteral("--demo"), QStringLiteral("--new-instance")});
    QVERIFY(haul.waitForStarted());
    QString list;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(list = openFileOf(haul.processId(), QStringLiteral("/demo-list.db"))).isEmpty(), kLong);
    const QByteArray path = QFile::encodeName(list);
    const QByteArray folder = QFile::encodeName(QFileInfo(list).absolutePath());
    // 0: the attacker read a byte of the list; 1: refused (EACCES); 2: something else.
    const int read = haul::test::asAttacker(m_attacker, [&path] {
        const int fd = ::open(path.constData(), O_RDONLY);
        if (fd < 0) {
            return errno == EACCES ? 1 : 2;
        }
        char byte = 0;
        const bool got = ::read(fd, &byte, 1) == 1;
        ::close(fd);
        return got ? 0 : 2;
    });
    const int listed = haul::test::asAttacker(m_attacker, [&folder] {
        const int fd = ::open(folder.constData(), O_RDONLY | O_DIRECTORY);
        if (fd < 0) {
            return errno == EACCES ? 1 : 2;
        }
        ::close(fd);
        return 0;
    });
    ::kill(static_cast<pid_t>(haul.processId()), SIGTERM);
    QVERIFY(haul.waitForFinished(kLong));
    QVERIFY2(read == 1,
             qPrintable(QStringLiteral("haul-attacker opened %1 (%2)").arg(list).arg(read)));
    QVERIFY2(listed == 1, qPrintable(QStringLiteral("haul-attacker opened the folder %1")
                                         .arg(QString::fromLocal8Bit(folder))));
    QVERIFY(!QFileInfo(list).absolutePath().startsWith(shared()));
    const auto unplant = [&own] { return ::rmdir(own.constData()) == 0 ? 0 : 1; };
    QCOMPARE(haul::test::asAttacker(m_attacker, unplant), 0); // nothing of Haul's was in it
}

// What the user sees does not change: each `haul --demo` starts with the demo's files alone, and
// leaves nothing behind.
void TestSecurity::demoStartsAfreshAndCleansUp()
{
    const int demoFiles = static_cast<int>(haul::server::DemoCatalog::urls(1).size());
    QStringList folders;
    for (int run = 0; run < 2; ++run) {
        QProcess haul;
        haul.setProcessEnvironment(haulEnvironment());
        haul.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        haul.start(QStringLiteral(HAUL_GUI_BINARY),
                   {QStringLiteral("--demo"), QStringLiteral("--new-instance")});
        QVERIFY(haul.waitForStarted());
        QString list;
        QTRY_VERIFY_WITH_TIMEOUT(
            !(list = openFileOf(haul.processId(), QStringLiteral("/demo-list.db"))).isEmpty(),
            kLong);
        // The list holds this run's demo downloads and nothing of the run before.
        const auto recorded = [&list] {
            auto store = Store::open(list.toStdString());
            return store ? static_cast<int>(store->loadAll().size()) : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(recorded(), demoFiles, kLong);
        folders << QFileInfo(list).absolutePath();
        ::kill(static_cast<pid_t>(haul.processId()), SIGTERM);
        QVERIFY(haul.waitForFinished(kLong));
        QCOMPARE(haul.exitStatus(), QProcess::NormalExit);
        QCOMPARE(haul.exitCode(), 0);
        QVERIFY2(!QFileInfo::exists(folders.last()), qPrintable(folders.last()));
    }
    QVERIFY(folders.at(0) != folders.at(1));
}

// The attack: haul-attacker listens first where the victim's Haul looks for a running one (the
// old fixed name in the shared temporary folder, and the new path if it can get at it), then the
// victim runs `haul URL` with a password in the URL. A Haul that connects there sends the
// password and exits 0, and the download never happens.
void TestSecurity::secondHaulSendsNothingToAnotherUsersListener()
{
    if (!m_attacker) {
        QSKIP(m_attacker.problem.c_str());
    }
    std::vector<QByteArray> paths{QFile::encodeName(QDir(shared()).filePath(oldSocketName()))};
    const QString current = SingleInstance::defaultName();
    if (current.startsWith(QLatin1Char('/'))) {
        paths.push_back(QFile::encodeName(current));
    }
    Listener listener;
    startListener(listener, m_attacker, paths);
    QVERIFY2(listener.bound >= 0, "the attacker's listener did not start");

    QTemporaryDir downloads;
    QString url = QString::fromStdString(m_server->url("/two.bin"));
    url.replace(QStringLiteral("http://"), QStringLiteral("http://victim:s3cret@"));
    QProcess haul;
    haul.setProcessEnvironment(haulEnvironment());
    haul.setProcessChannelMode(QProcess::MergedChannels);
    haul.start(QStringLiteral(HAUL_GUI_BINARY), {QStringLiteral("--dir"), downloads.path(), url});
    QVERIFY(haul.waitForStarted());
    // It either handed the URL to "a running Haul" and exited, or runs itself: then it
    // downloads the file.
    const QString file = QDir(downloads.path()).filePath(QStringLiteral("two.bin"));
    QTRY_VERIFY_WITH_TIMEOUT(haul.state() == QProcess::NotRunning || QFileInfo::exists(file),
                             kLong);
    const long received = listener.finish();
    const QString output = QString::fromLocal8Bit(haul.readAll());
    if (haul.state() != QProcess::NotRunning) {
        ::kill(static_cast<pid_t>(haul.processId()), SIGTERM);
        QVERIFY(haul.waitForFinished(kLong));
    }
    QVERIFY2(received == 0, qPrintable(QStringLiteral("haul-attacker (listening on %1 of %2 "
                                                      "paths) received %3 bytes of the URL")
                                           .arg(listener.bound)
                                           .arg(paths.size())
                                           .arg(received)));
    QVERIFY2(QFileInfo::exists(file), qPrintable(output));
}

// The same attack where the attacker does get the socket path (a folder the victim was told to
// use that others can write): the listener's uid is checked before a byte is sent.
void TestSecurity::handOffRefusesAListenerOfAnotherUid()
{
    if (!m_attacker) {
        QSKIP(m_attacker.problem.c_str());
    }
    const QString path = QDir(shared()).filePath(
        QStringLiteral("haul-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(8)));
    Listener listener;
    startListener(listener, m_attacker, {QFile::encodeName(path)});
    QCOMPARE(listener.bound, 1);
    SingleInstance victim(path);
    QString detail;
    const QStringList urls{QStringLiteral("https://victim:s3cret@example.org/payslip.pdf")};
    QCOMPARE(victim.handOff(urls, 5000, &detail), SingleInstance::HandOff::Stranger);
    QVERIFY2(detail.contains(QString::number(m_attacker.uid)), qPrintable(detail));
    QVERIFY(!victim.sendToRunning(urls, 5000));
    // Nor does it take the attacker's socket for a leftover of its own and remove it.
    QString error;
    QVERIFY(!victim.listen(&error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QCOMPARE(listener.finish(), 0L);
    qInfo("handOff: %s; listen: %s", qPrintable(detail), qPrintable(error));
}

// The running `haul` opens the Add dialog for a URL another `haul URL` hands over, and starts
// nothing before the user confirms. Looked at from outside, through the X server's windows.
void TestSecurity::handedOverUrlOpensTheAddDialogInTheRunningHaul()
{
    QProcess windows;
    windows.start(QStringLiteral("xwininfo"), {QStringLiteral("-root"), QStringLiteral("-tree")});
    if (!windows.waitForFinished(kLong) || windows.exitCode() != 0) {
        QSKIP("looking at the windows needs xwininfo (Debian package x11-utils) and an X "
              "display (the test runs under xvfb-run)");
    }
    const auto dialogsOpen = [] {
        QProcess p;
        p.start(QStringLiteral("xwininfo"), {QStringLiteral("-root"), QStringLiteral("-tree")});
        p.waitForFinished(kLong);
        return QString::fromLocal8Bit(p.readAllStandardOutput())
            .count(QStringLiteral("\"Add Downloads\""));
    };
    const int before = dialogsOpen();
    QTemporaryDir downloads;
    QProcess first;
    first.setProcessEnvironment(haulEnvironment());
    first.setProcessChannelMode(QProcess::ForwardedChannels);
    first.start(QStringLiteral(HAUL_GUI_BINARY), {QStringLiteral("--dir"), downloads.path()});
    QVERIFY(first.waitForStarted());
    // Listening: a second one can hand over (the new path, or the old name in TMPDIR).
    const QString socketNew = SingleInstance::defaultName();
    const QString socketOld = QDir(shared()).filePath(oldSocketName());
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(socketNew).exists() || QFileInfo(socketOld).exists(), kLong);

    QProcess second;
    second.setProcessEnvironment(haulEnvironment());
    second.setProcessChannelMode(QProcess::ForwardedChannels);
    const QString url = QString::fromStdString(m_server->url("/two.bin"));
    second.start(QStringLiteral(HAUL_GUI_BINARY), {url});
    QVERIFY(second.waitForFinished(kLong));
    QCOMPARE(second.exitCode(), 0); // handed over

    QTRY_VERIFY_WITH_TIMEOUT(dialogsOpen() > before, kLong);
    const QString file = QDir(downloads.path()).filePath(QStringLiteral("two.bin"));
    QVERIFY2(!QFileInfo::exists(file) && !QFileInfo::exists(file + QStringLiteral(".part")),
             "the download started before the user confirmed");
    if (const QString shots = qEnvironmentVariable("HAUL_TEST_SCREENSHOTS"); !shots.isEmpty()) {
        QProcess::execute(QStringLiteral("import"),
                          {QStringLiteral("-window"), QStringLiteral("root"),
                           QDir(shots).filePath(QStringLiteral("handover-screen.png"))});
    }
    ::kill(static_cast<pid_t>(first.processId()), SIGTERM);
    QVERIFY(first.waitForFinished(kLong));
    QCOMPARE(first.exitCode(), 0);
}

void TestSecurity::handedOverUrlsWaitForTheUser()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.setDefaultDirectory(dir.path());
    window.show();
    SingleInstance running(
        QStringLiteral("haul-handover-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(8)));
    QVERIFY(running.listen());
    QVERIFY2(running.name().startsWith(runtime() + QLatin1Char('/')), qPrintable(running.name()));
    connect(&running, &SingleInstance::urlsReceived, &window,
            &MainWindow::offerUrlsFromOtherInstance);

    const QStringList urls{haul::guitest::url(*m_server, "/two.bin")};
    SingleInstance other(running.name());
    QVERIFY(other.sendToRunning(urls));
    QTRY_VERIFY(window.handOverDialog() && window.handOverDialog()->isVisible());
    AddDownloadsDialog* dialog = window.handOverDialog();
    QCOMPARE(dialog->urls(), urls);
    QCOMPARE(QDir::fromNativeSeparators(dialog->directory()), dir.path());
    QCOMPARE(window.model()->rowCount(), 0); // nothing added before the user says so

    // A second hand-over while the dialog is open joins it.
    const QStringList more{haul::guitest::url(*m_server, "/slow.bin")};
    QVERIFY(other.sendToRunning(more));
    QTRY_COMPARE(dialog->urls(), urls + more);
    QCOMPARE(window.handOverDialog(), dialog);
    QCOMPARE(window.model()->rowCount(), 0);

    if (const QString shots = qEnvironmentVariable("HAUL_TEST_SCREENSHOTS"); !shots.isEmpty()) {
        QVERIFY(dialog->grab().save(QDir(shots).filePath(QStringLiteral("handover-dialog.png"))));
    }
    auto* buttons = dialog->findChild<QDialogButtonBox*>();
    QVERIFY(buttons);
    QPushButton* download = buttons->button(QDialogButtonBox::Ok);
    QVERIFY(download && download->isEnabled());
    QTest::mouseClick(download, Qt::LeftButton);
    QTRY_COMPARE(window.model()->rowCount(), 2);
    QTRY_VERIFY(window.handOverDialog() == nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->stateAt(0), State::Completed, kLong);
    QVERIFY(QFileInfo::exists(QDir(dir.path()).filePath(QStringLiteral("two.bin"))));
}

void TestSecurity::handedOverUrlsStartAtOnceWhenTheUserSaysSo()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.setDefaultDirectory(dir.path());
    haul::ui::AppSettings settings = window.settings();
    QVERIFY(!settings.startHandedOver); // off unless the user turns it on
    {
        // The user turns it on in the Settings dialog.
        haul::ui::SettingsDialog dialog(settings, false);
        auto* box = dialog.findChild<QCheckBox*>(QStringLiteral("startHandedOver"));
        QVERIFY(box);
        QVERIFY(!box->isChecked());
        QCOMPARE(box->text(), QStringLiteral("Start handed-over downloads at once"));
        box->setChecked(true);
        settings = dialog.settings();
        if (const QString shots = qEnvironmentVariable("HAUL_TEST_SCREENSHOTS"); !shots.isEmpty()) {
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            QVERIFY(dialog.grab().save(QDir(shots).filePath(QStringLiteral("settings.png"))));
        }
    }
    QVERIFY(settings.startHandedOver);
    window.applySettings(settings);
    QVERIFY(haul::ui::AppSettings::load().startHandedOver);
    SingleInstance running(
        QStringLiteral("haul-handover-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(8)));
    QVERIFY(running.listen());
    connect(&running, &SingleInstance::urlsReceived, &window,
            &MainWindow::offerUrlsFromOtherInstance);
    SingleInstance other(running.name());
    QVERIFY(other.sendToRunning({haul::guitest::url(*m_server, "/two.bin")}));
    QTRY_COMPARE(window.model()->rowCount(), 1);
    QVERIFY(window.handOverDialog() == nullptr);
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->stateAt(0), State::Completed, kLong);
    settings.startHandedOver = false;
    window.applySettings(settings);
}

// The attack: a row in the list names "../escaped.bin" (or an absolute path) as its file. The
// GUI restores it and the engine writes where the name leads, out of the row's folder.
void TestSecurity::restoredNamesStayInTheirFolder()
{
    QTemporaryDir root;
    const QString folder = QDir(root.path()).filePath(QStringLiteral("downloads/sub"));
    QVERIFY(QDir().mkpath(folder));
    const QString listPath = QDir(root.path()).filePath(QStringLiteral("list/haul.db"));
    {
        std::string error;
        QVERIFY(Store::createParentDirectories(listPath.toStdString(), &error));
        auto store = Store::open(listPath.toStdString(), &error);
        QVERIFY2(store, error.c_str());
        for (const char* name : {"../escaped.bin", "/../../abs-escaped.bin"}) {
            DownloadRecord r;
            r.url = m_server->url("/two.bin") + "?name=" + std::to_string(std::strlen(name));
            r.directory = folder.toStdString();
            r.fileName = name;
            r.state = DownloadState::Queued; // restored and started at once
            QVERIFY(store->add(r));
        }
    }
    SessionOptions options;
    options.storePath = listPath.toStdString();
    EngineClient client(options);
    MainWindow window(&client);
    QTRY_VERIFY_WITH_TIMEOUT(window.isRestored(), kLong);
    QCOMPARE(window.model()->rowCount(), 2);
    for (int row = 0; row < 2; ++row) {
        QTRY_VERIFY_WITH_TIMEOUT(window.model()->stateAt(row) == State::Completed
                                     || window.model()->stateAt(row) == State::Failed,
                                 kLong);
    }
    QVERIFY2(
        !QFileInfo::exists(QDir(root.path()).filePath(QStringLiteral("downloads/escaped.bin"))),
        "written out of its folder through ../");
    QStringList inside = QDir(folder).entryList(QDir::Files);
    QCOMPARE(inside.size(), 2);
    for (int row = 0; row < 2; ++row) {
        QCOMPARE(window.model()->stateAt(row), State::Completed);
        const QString name =
            window.model()->index(row, 0).data(TransferListModel::NameRole).toString();
        QVERIFY2(!name.contains(QLatin1Char('/')) && !name.startsWith(QLatin1Char('.')),
                 qPrintable(name));
        QVERIFY2(inside.contains(name), qPrintable(name + QLatin1Char(' ') + inside.join(u' ')));
    }
}

// The attack: rows whose folder is relative (so: wherever the GUI was started), not a folder,
// missing or not writable. Each is refused in its row, with a sentence, and stays refused.
void TestSecurity::restoredRowsWithABadFolderAreRefused()
{
    QTemporaryDir root;
    QTemporaryDir startedIn; // the GUI's working folder
    const QString previous = QDir::currentPath();
    QVERIFY(QDir::setCurrent(startedIn.path()));
    QVERIFY(QDir().mkpath(QStringLiteral("relative-dir")));
    const QString plainFile = QDir(root.path()).filePath(QStringLiteral("a-file"));
    {
        QFile file(plainFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
    }
    const QString readOnly = QDir(root.path()).filePath(QStringLiteral("read-only"));
    QVERIFY(QDir().mkpath(readOnly));
    QVERIFY(::chmod(QFile::encodeName(readOnly).constData(), 0555) == 0);
    const bool rootUser = ::geteuid() == 0; // root may write into a 0555 folder

    struct Case {
        QString directory;
        QString says;
    };
    std::vector<Case> cases{
        {QStringLiteral("relative-dir"), QStringLiteral("not an absolute path")},
        {plainFile, QStringLiteral("is not a folder")},
        {QDir(root.path()).filePath(QStringLiteral("missing")), QStringLiteral("does not exist")}};
    if (!rootUser) {
        cases.push_back({readOnly, QStringLiteral("cannot write")});
    }
    const QString good = QDir(root.path()).filePath(QStringLiteral("good"));
    QVERIFY(QDir().mkpath(good));
    const QString listPath = QDir(root.path()).filePath(QStringLiteral("list/haul.db"));
    {
        std::string error;
        QVERIFY(Store::createParentDirectories(listPath.toStdString(), &error));
        auto store = Store::open(listPath.toStdString(), &error);
        QVERIFY2(store, error.c_str());
        int i = 0;
        for (const Case& c : cases) {
            DownloadRecord r;
            r.url = m_server->url("/two.bin") + "?case=" + std::to_string(i++);
            r.directory = c.directory.toStdString();
            r.fileName = "two.bin";
            r.state = DownloadState::Queued;
            QVERIFY(store->add(r));
        }
        DownloadRecord ok;
        ok.url = m_server->url("/two.bin") + "?case=good";
        ok.directory = good.toStdString();
        ok.fileName = "two.bin";
        ok.state = DownloadState::Queued;
        QVERIFY(store->add(ok));
    }
    SessionOptions options;
    options.storePath = listPath.toStdString();
    {
        EngineClient client(options);
        MainWindow window(&client);
        QTRY_VERIFY_WITH_TIMEOUT(window.isRestored(), kLong);
        TransferListModel* model = window.model();
        const int rows = static_cast<int>(cases.size()) + 1;
        QCOMPARE(model->rowCount(), rows);
        // The good row proves the restore started what it could.
        QTRY_COMPARE_WITH_TIMEOUT(model->stateAt(rows - 1), State::Completed, kLong);
        for (int row = 0; row < rows - 1; ++row) {
            const Case& c = cases[static_cast<std::size_t>(row)];
            QCOMPARE(model->stateAt(row), State::Failed);
            QCOMPARE(model->idAt(row), haul::engine::TransferId{0}); // never reached the engine
            const QString message =
                model->index(row, 0).data(TransferListModel::MessageRole).toString();
            QVERIFY2(message.contains(c.says) && message.contains(c.directory),
                     qPrintable(message));
            // Resume does not change that.
            QVERIFY(!window.actions()->startRow(row));
            QCOMPARE(model->idAt(row), haul::engine::TransferId{0});
            QCOMPARE(model->stateAt(row), State::Failed);
            qInfo("%s", qPrintable(message));
        }
        QCOMPARE(QDir(QStringLiteral("relative-dir")).entryList(QDir::Files), QStringList{});
    }
    QVERIFY(QDir::setCurrent(previous));
    ::chmod(QFile::encodeName(readOnly).constData(), 0755);
    if (rootUser) {
        qInfo("as root every folder is writable: the not-writable case runs as another user only");
    }
}

QTEST_MAIN(TestSecurity)
#include "tst_security.moc"
