// SPDX-License-Identifier: MIT
#pragma once

#include "transferlist/transferfilterproxy.h"

#include <QListWidget>

namespace haul::ui {

// FilterList: the side list of categories (All, Active, Queued, Stopped, Completed, Failed),
// each with its count. Selecting one emits categorySelected(). GUI thread only.
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

    QSize sizeHint() const override;

signals:
    void categorySelected(haul::ui::TransferFilterProxy::Category category);

private:
    static constexpr int kCountRole = Qt::UserRole + 1;
};

} // namespace haul::ui
