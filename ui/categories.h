// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace haul::ui {

// DownloadCategory: one rule that sorts new downloads into a folder by the file's type (its
// extension) or by the site it comes from (host patterns: "example.com" also matches its
// subdomains, "*.example.com" only them). A plain value.
struct DownloadCategory {
    QString name;
    QStringList extensions; // lower case, without the dot: "zip", "tar.gz"
    QStringList hosts;      // lower case host patterns
    QString folder;         // absolute; empty: a folder named `name` inside the download folder

    bool operator==(const DownloadCategory&) const = default;
};

// Categories: the ordered list of rules and what they decide: the first that matches a
// download wins. Pure functions over values (no QSettings but load() and save(), which run on
// the GUI thread); any thread otherwise.
class Categories {
public:
    Categories() = default;
    explicit Categories(QList<DownloadCategory> list) : m_list(std::move(list)) {}

    // Video, Music, Archives, Documents, Programs with their usual extensions.
    static Categories defaults();
    // From QSettings (the defaults when none were ever saved); save() writes them back.
    static Categories load();
    void save() const;

    const QList<DownloadCategory>& list() const { return m_list; }
    bool isEmpty() const { return m_list.isEmpty(); }
    qsizetype size() const { return m_list.size(); }

    // The index of the first rule that matches a download of url named fileName (the URL's
    // last path segment when empty), else -1. The host rules and the extension rules of one
    // category are alternatives: either matching is enough.
    int match(const QString& url, const QString& fileName = {}) const;
    // The folder a new download of url goes to: the first matching rule's folder (its name
    // inside baseDirectory when the rule has none), else baseDirectory.
    QString folderFor(const QString& url, const QString& baseDirectory) const;
    static QString folderOf(const DownloadCategory& category, const QString& baseDirectory);
    // Every extension of every rule, in order, without repeats.
    QStringList allExtensions() const;

    // "zip, ISO , .tar.gz" -> {"zip", "iso", "tar.gz"}; also for host lists.
    static QStringList parseList(const QString& text);
    // Whether host matches pattern (see DownloadCategory::hosts).
    static bool hostMatches(const QString& host, const QString& pattern);
    // Whether name ends in ".ext" for one of extensions (case-insensitive).
    static bool hasExtension(const QString& name, const QStringList& extensions);

    bool operator==(const Categories&) const = default;

private:
    QList<DownloadCategory> m_list;
};

} // namespace haul::ui
