// SPDX-License-Identifier: MIT
#include "privatefolder.h"

#include <haul/text.h>

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QStandardPaths>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>
#include <unistd.h>

namespace haul::app::privatefolder {

namespace {

QString octal(mode_t mode)
{
    return QStringLiteral("%1").arg(static_cast<uint>(mode & 07777), 4, 8, QLatin1Char('0'));
}

} // namespace

bool isPrivate(const QString& path, QString* why)
{
    const auto say = [why](const QString& sentence) {
        if (why) {
            *why = sentence;
        }
        return false;
    };
    struct stat info {};
    // lstat: a symbolic link could be repointed by whoever owns the folder it sits in.
    if (::lstat(QFile::encodeName(path).constData(), &info) != 0) {
        return say(QCoreApplication::translate("haul", "%1 cannot be used: %2.")
                       .arg(path, QString::fromLocal8Bit(engine::errorText(errno).c_str())));
    }
    if (!S_ISDIR(info.st_mode)) {
        return say(
            QCoreApplication::translate("haul", "%1 is not a folder (it may be a symbolic link).")
                .arg(path));
    }
    if (info.st_uid != ::geteuid()) {
        return say(QCoreApplication::translate("haul", "%1 belongs to another user (uid %2).")
                       .arg(path)
                       .arg(info.st_uid));
    }
    if ((info.st_mode & 077) != 0) {
        return say(QCoreApplication::translate("haul", "%1 is open to other users (mode %2).")
                       .arg(path, octal(info.st_mode)));
    }
    return true;
}

QString base(QString* error)
{
    const QString runtime = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (runtime.startsWith(QLatin1Char('/')) && isPrivate(runtime)) {
        return QDir::cleanPath(runtime);
    }
    // No private runtime folder (no login session, or a wrong one): the cache folder is the
    // user's own, on a disk rather than in memory, and so is what Haul makes in it.
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation);
    if (!cache.startsWith(QLatin1Char('/')) || !QDir().mkpath(cache)) {
        if (error) {
            *error =
                QCoreApplication::translate(
                    "haul", "There is no private folder for Haul: XDG_RUNTIME_DIR is not a private "
                            "folder and the cache folder %1 cannot be created.")
                    .arg(cache);
        }
        return {};
    }
    QString folder = QDir(cache).filePath(QStringLiteral("haul"));
    const QByteArray encoded = QFile::encodeName(folder);
    // 0700 from the start: a folder made with the umask's mode and narrowed afterwards would
    // be open for a moment.
    if (::mkdir(encoded.constData(), 0700) != 0 && errno != EEXIST) {
        if (error) {
            *error =
                QCoreApplication::translate("haul", "The private folder %1 cannot be created: %2.")
                    .arg(folder, QString::fromLocal8Bit(engine::errorText(errno).c_str()));
        }
        return {};
    }
    struct stat info {};
    if (::lstat(encoded.constData(), &info) == 0 && S_ISDIR(info.st_mode)
        && info.st_uid == ::geteuid() && (info.st_mode & 077) != 0) {
        ::chmod(encoded.constData(), 0700); // one of the user's own, left open by someone
    }
    QString why;
    if (!isPrivate(folder, &why)) {
        if (error) {
            *error = QCoreApplication::translate(
                         "haul", "The folder Haul keeps its private files in is not private: %1")
                         .arg(why);
        }
        return {};
    }
    return folder;
}

} // namespace haul::app::privatefolder
