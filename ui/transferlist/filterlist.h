// SPDX-License-Identifier: MIT
#pragma once

#include "transferlist/transferfilterproxy.h"

#include <QListWidget>

namespace haul::ui {

// FilterList: the side list of states (All, Active, Queued, Stopped, Completed, Failed), then
// under a "Categories" heading the download categories (ui/categories.h), each with its count.
// Selecting a state emits categorySelected(state) and fileCategorySelected(-1); selecting a
// download category emits categorySelected(All) and fileCategorySelected(its index). GUI thread
// only.
class FilterList final : public QListWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterList)

public:
    using Category = TransferFilterProxy::Category;

    explicit FilterList(QWidget* parent = nullptr);
    ~FilterList() override;

    void setCounts(const TransferListModel::Counts& counts);
    void setCategory(Category category);
    Category category() const;
    // The count shown for category (for tests).
    int shownCount(Category category) const;

    // Replaces the download categories shown (names from categories, counts 0).
    void setFileCategories(const QStringList& names);
    void setFileCategoryCounts(const QList<int>& counts);
    // Selects the download category at index (-1: the state All).
    void setFileCategory(int index);
    int fileCategory() const;
    // The count shown for the download category at index, -1 when there is none.
    int shownFileCategoryCount(int index) const;

    QSize sizeHint() const override;

signals:
    void categorySelected(haul::ui::TransferFilterProxy::Category category);
    void fileCategorySelected(int index);

private:
    static constexpr int kCountRole = Qt::UserRole + 1;
    // -1: a state (Qt::UserRole holds it); -2: the heading; >= 0: a download category's index.
    static constexpr int kFileCategoryRole = Qt::UserRole + 2;
    static constexpr int kStateItem = -1;
    static constexpr int kHeading = -2;
    QListWidgetItem* fileCategoryItem(int index) const;
};

} // namespace haul::ui
