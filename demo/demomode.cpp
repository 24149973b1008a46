// SPDX-License-Identifier: MIT
#include "demomode.h"

#include <haul/server/democatalog.h>
#include <haul/text.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace haul::demo {

DemoMode::DemoMode() = default;

DemoMode::~DemoMode()
{
    m_server.stop();
    if (m_removeAtExit) {
        removeDirectory();
    }
}

bool DemoMode::start(const QString& base)
{
    if (m_directory.isEmpty()) {
        QByteArray pattern =
            QFile::encodeName(QDir(base).filePath(QStringLiteral("haul-demo-XXXXXX")));
        if (::mkdtemp(pattern.data()) == nullptr) {
            m_error = QCoreApplication::translate("haul", "The demo's folder cannot be created "
                                                          "in %1: %2.")
                          .arg(base, QString::fromLocal8Bit(engine::errorText(errno).c_str()));
            return false;
        }
        struct stat info {};
        if (::lstat(pattern.constData(), &info) == 0) {
            m_device = info.st_dev;
            m_inode = info.st_ino;
        }
        m_directory = QFile::decodeName(pattern);
    }
    server::DemoCatalog::registerOn(m_server);
    if (!m_server.start()) {
        m_error = QString::fromStdString(m_server.error());
        ::rmdir(QFile::encodeName(m_directory).constData()); // still empty: nothing used it
        m_directory.clear();
        return false;
    }
    return true;
}

QString DemoMode::error() const
{
    return m_error;
}

QStringList DemoMode::urls() const
{
    QStringList result;
    for (const std::string& url : server::DemoCatalog::urls(m_server.port())) {
        result.append(QString::fromStdString(url));
    }
    return result;
}

void DemoMode::removeDirectory()
{
    if (m_directory.isEmpty()) {
        return;
    }
    const QByteArray path = QFile::encodeName(m_directory);
    // O_NOFOLLOW and the identity check: if the name no longer leads to the folder this run
    // made, nothing is removed.
    const int dir = ::open(path.constData(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0) {
        return;
    }
    struct stat info {};
    if (::fstat(dir, &info) != 0 || info.st_dev != m_device || info.st_ino != m_inode) {
        ::close(dir);
        return;
    }
    // Nobody else can write into a 0700 folder of this user, so every entry in it was made by
    // this run (the list, its -wal and -shm, the downloads and their .part files). unlinkat
    // removes a symbolic link itself, never what it points to; a folder (the demo makes none)
    // is left, and with it the folder itself.
    if (DIR* entries = ::fdopendir(::dup(dir))) {
        while (const dirent* entry = ::readdir(entries)) {
            const char* name = entry->d_name;
            if (std::strcmp(name, ".") == 0 || std::strcmp(name, "..") == 0) {
                continue;
            }
            struct stat entryInfo {};
            if (::fstatat(dir, name, &entryInfo, AT_SYMLINK_NOFOLLOW) == 0
                && !S_ISDIR(entryInfo.st_mode)) {
                ::unlinkat(dir, name, 0);
            }
        }
        ::closedir(entries);
    }
    ::close(dir);
    ::rmdir(path.constData()); // only when empty; rmdir never follows a link
}

} // namespace haul::demo
