// SPDX-License-Identifier: MIT
#pragma once

#include "categories.h"
#include "transferlist/transferlistmodel.h"

#include <QCollator>
#include <QSortFilterProxyModel>

namespace haul::ui {

// TransferFilterProxy: sorts TransferListModel by SortRole and shows the rows of one category
// (a state, and optionally one of the download categories of ui/categories.h, matched by the
// row's URL and name) whose name or URL contains the search text (case-insensitive).
//
// dynamicSortFilter stays on: a row that changes state moves to or out of the current category
// and re-sorts as its speed changes, with selection and current index kept through the
// persistent indexes QSortFilterProxyModel maintains. The source emits one dataChanged per
// batch (about 25 a second at most), so re-sorting costs O(n log n) at that rate, no more.
// setSortHeld(true) stops that while the user points at the list (DownloadsPage holds it while
// the pointer is over the rows or a menu of theirs is open), so a row does not move away under
// a click; releasing it sorts and filters once, at once. Names sort as a person reads them
// (QCollator, numeric mode: "file 2" before "file 10", case and accents aside).
// GUI thread only.
class TransferFilterProxy final : public QSortFilterProxyModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferFilterProxy)

public:
    enum class Category { All, Active, Queued, Stopped, Completed, Failed };

    explicit TransferFilterProxy(QObject* parent = nullptr);
    ~TransferFilterProxy() override;

    void setCategory(Category category);
    Category category() const { return m_category; }
    void setSearchText(const QString& text);
    // The rules setFileCategory() indexes; a changed list shows every category again.
    void setCategories(const Categories& categories);
    const Categories& categories() const { return m_categories; }
    // Only rows the rule at index matches first (Categories::match); -1: no such filter.
    void setFileCategory(int index);
    int fileCategory() const { return m_fileCategory; }
    // How many of model's rows each rule matches first, one entry per rule.
    static QList<int> categoryCounts(const Categories& categories, const TransferListModel& model);
    // While held, rows keep their places (no re-sort, no re-filter on data changes); rows
    // added or removed still come and go. Releasing sorts and filters again.
    void setSortHeld(bool held);
    bool isSortHeld() const { return m_sortHeld; }

    static bool matches(Category category, TransferListModel::State state);
    // How many rows of counts fall in category.
    static int count(Category category, const TransferListModel::Counts& counts);
    static QString categoryName(Category category);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QCollator m_collator;
    bool m_sortHeld = false;
    Category m_category = Category::All;
    QString m_search;
    Categories m_categories;
    int m_fileCategory = -1;
};

} // namespace haul::ui
