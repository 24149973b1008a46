// SPDX-License-Identifier: MIT
#include "categories.h"

#include <QCoreApplication>
#include <QDir>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>

#include <algorithm>

namespace haul::ui {

namespace {

constexpr auto kGroup = "categories";
constexpr auto kSaved = "categories/saved";

} // namespace

Categories Categories::defaults()
{
    const auto list = [](const char* text) { return parseList(QString::fromLatin1(text)); };
    return Categories({
        {QCoreApplication::translate("haul::ui::Categories", "Video"),
         list("mp4, mkv, webm, avi, mov, wmv, flv, m4v, mpg, mpeg, 3gp, ts"),
         {},
         {}},
        {QCoreApplication::translate("haul::ui::Categories", "Music"),
         list("mp3, flac, ogg, opus, wav, m4a, aac, wma, alac, aiff"),
         {},
         {}},
        {QCoreApplication::translate("haul::ui::Categories", "Archives"),
         list("zip, 7z, rar, tar, tar.gz, tgz, tar.xz, txz, tar.bz2, tbz2, gz, xz, bz2, zst, iso"),
         {},
         {}},
        {QCoreApplication::translate("haul::ui::Categories", "Documents"),
         list("pdf, epub, doc, docx, odt, rtf, txt, xls, xlsx, ods, ppt, pptx, odp, csv, md"),
         {},
         {}},
        {QCoreApplication::translate("haul::ui::Categories", "Programs"),
         list("exe, msi, deb, rpm, appimage, dmg, pkg, apk, flatpak, snap, run"),
         {},
         {}},
    });
}

Categories Categories::load()
{
    QSettings s;
    if (!s.value(QLatin1String(kSaved), false).toBool()) {
        return defaults();
    }
    QList<DownloadCategory> list;
    const int n = s.beginReadArray(QLatin1String(kGroup));
    for (int i = 0; i < n; ++i) {
        s.setArrayIndex(i);
        DownloadCategory c;
        c.name = s.value(QStringLiteral("name")).toString().trimmed();
        c.extensions = parseList(s.value(QStringLiteral("extensions")).toString());
        c.hosts = parseList(s.value(QStringLiteral("hosts")).toString());
        c.folder = s.value(QStringLiteral("folder")).toString().trimmed();
        if (!c.name.isEmpty()) {
            list.append(c);
        }
    }
    s.endArray();
    return Categories(list);
}

void Categories::save() const
{
    QSettings s;
    s.remove(QLatin1String(kGroup));
    s.beginWriteArray(QLatin1String(kGroup), static_cast<int>(m_list.size()));
    for (int i = 0; i < m_list.size(); ++i) {
        s.setArrayIndex(i);
        const DownloadCategory& c = m_list[i];
        s.setValue(QStringLiteral("name"), c.name);
        s.setValue(QStringLiteral("extensions"), c.extensions.join(QStringLiteral(", ")));
        s.setValue(QStringLiteral("hosts"), c.hosts.join(QStringLiteral(", ")));
        s.setValue(QStringLiteral("folder"), c.folder);
    }
    s.endArray();
    s.setValue(QLatin1String(kSaved), true);
}

QStringList Categories::parseList(const QString& text)
{
    QStringList out;
    for (QString item :
         text.split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
        item = item.toLower();
        while (item.startsWith(QLatin1Char('.'))) {
            item.remove(0, 1);
        }
        if (!item.isEmpty() && !out.contains(item)) {
            out.append(item);
        }
    }
    return out;
}

bool Categories::hostMatches(const QString& host, const QString& pattern)
{
    if (pattern.isEmpty() || host.isEmpty()) {
        return false;
    }
    if (pattern.startsWith(QStringLiteral("*."))) {
        return host.endsWith(pattern.mid(1), Qt::CaseInsensitive);
    }
    return host.compare(pattern, Qt::CaseInsensitive) == 0
           || host.endsWith(QLatin1Char('.') + pattern, Qt::CaseInsensitive);
}

bool Categories::hasExtension(const QString& name, const QStringList& extensions)
{
    for (const QString& ext : extensions) {
        if (name.size() > ext.size() + 1 && name.endsWith(ext, Qt::CaseInsensitive)
            && name.at(name.size() - ext.size() - 1) == QLatin1Char('.')) {
            return true;
        }
    }
    return false;
}

int Categories::match(const QString& url, const QString& fileName) const
{
    if (m_list.isEmpty()) {
        return -1;
    }
    // Parsing the URL costs more than the rest: only when a rule or the name needs it (the
    // side list counts every row with this).
    const bool needHost = std::any_of(m_list.begin(), m_list.end(),
                                      [](const DownloadCategory& c) { return !c.hosts.isEmpty(); });
    QUrl parsed;
    if (needHost || fileName.isEmpty()) {
        parsed = QUrl(url.trimmed());
    }
    const QString host = parsed.host();
    const QString name = fileName.isEmpty() ? parsed.fileName() : fileName;
    for (int i = 0; i < m_list.size(); ++i) {
        const DownloadCategory& c = m_list[i];
        for (const QString& pattern : c.hosts) {
            if (hostMatches(host, pattern)) {
                return i;
            }
        }
        if (hasExtension(name, c.extensions)) {
            return i;
        }
    }
    return -1;
}

QString Categories::folderOf(const DownloadCategory& category, const QString& baseDirectory)
{
    if (!category.folder.isEmpty()) {
        return QDir::fromNativeSeparators(category.folder);
    }
    return QDir(baseDirectory).filePath(category.name);
}

QString Categories::folderFor(const QString& url, const QString& baseDirectory) const
{
    const int at = match(url);
    return at < 0 ? baseDirectory : folderOf(m_list[at], baseDirectory);
}

QStringList Categories::allExtensions() const
{
    QStringList out;
    for (const DownloadCategory& c : m_list) {
        for (const QString& ext : c.extensions) {
            if (!out.contains(ext)) {
                out.append(ext);
            }
        }
    }
    return out;
}

} // namespace haul::ui
