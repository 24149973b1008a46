// SPDX-License-Identifier: MIT
#include "transferlist/filterlist.h"

namespace haul::ui {

namespace {

constexpr TransferFilterProxy::Category kCategories[] = {
    TransferFilterProxy::Category::All,       TransferFilterProxy::Category::Active,
    TransferFilterProxy::Category::Queued,    TransferFilterProxy::Category::Stopped,
    TransferFilterProxy::Category::Completed, TransferFilterProxy::Category::Failed,
};

QString itemText(TransferFilterProxy::Category category, int count)
{
    return QStringLiteral("%1  (%2)").arg(TransferFilterProxy::categoryName(category)).arg(count);
}

} // namespace

FilterList::FilterList(QWidget* parent) : QListWidget(parent)
{
    setObjectName(QStringLiteral("filterList"));
    setSelectionMode(QAbstractItemView::SingleSelection);
    setFrameShape(QFrame::NoFrame);
    setSpacing(1);
    setUniformItemSizes(true);
    for (const Category category : kCategories) {
        auto* item = new QListWidgetItem(itemText(category, 0), this);
        item->setData(Qt::UserRole, static_cast<int>(category));
        item->setData(kCountRole, 0);
        item->setSizeHint(QSize(0, fontMetrics().height() + 12));
        if (category == Category::Stopped) {
            item->setToolTip(tr("Paused and cancelled downloads"));
        }
    }
    setCurrentRow(0);
    connect(this, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) {
            emit categorySelected(static_cast<Category>(item(row)->data(Qt::UserRole).toInt()));
        }
    });
}

FilterList::~FilterList() = default;

QSize FilterList::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(QStringLiteral("Completed  (9999)")) + 40, 200};
}

void FilterList::setCounts(const TransferListModel::Counts& counts)
{
    for (int row = 0; row < count(); ++row) {
        QListWidgetItem* it = item(row);
        const auto category = static_cast<Category>(it->data(Qt::UserRole).toInt());
        const int n = TransferFilterProxy::count(category, counts);
        if (it->data(kCountRole).toInt() != n) {
            it->setData(kCountRole, n);
            it->setText(itemText(category, n));
        }
    }
}

void FilterList::setCategory(Category category)
{
    for (int row = 0; row < count(); ++row) {
        if (item(row)->data(Qt::UserRole).toInt() == static_cast<int>(category)) {
            setCurrentRow(row);
            return;
        }
    }
}

FilterList::Category FilterList::category() const
{
    const QListWidgetItem* it = currentItem();
    return it ? static_cast<Category>(it->data(Qt::UserRole).toInt()) : Category::All;
}

int FilterList::shownCount(Category category) const
{
    for (int row = 0; row < count(); ++row) {
        if (item(row)->data(Qt::UserRole).toInt() == static_cast<int>(category)) {
            return item(row)->data(kCountRole).toInt();
        }
    }
    return -1;
}

} // namespace haul::ui
