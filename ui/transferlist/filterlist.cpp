// SPDX-License-Identifier: MIT
#include "transferlist/filterlist.h"

#include <QSignalBlocker>

#include <algorithm>

namespace haul::ui {

namespace {

constexpr TransferFilterProxy::Category kCategories[] = {
    TransferFilterProxy::Category::All,       TransferFilterProxy::Category::Active,
    TransferFilterProxy::Category::Queued,    TransferFilterProxy::Category::Stopped,
    TransferFilterProxy::Category::Completed, TransferFilterProxy::Category::Failed,
};

QString itemText(const QString& name, int count)
{
    return QStringLiteral("%1  (%2)").arg(name).arg(count);
}

QString itemText(TransferFilterProxy::Category category, int count)
{
    return itemText(TransferFilterProxy::categoryName(category), count);
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
        item->setData(kFileCategoryRole, kStateItem);
        item->setSizeHint(QSize(0, fontMetrics().height() + 12));
        if (category == Category::Stopped) {
            item->setToolTip(tr("Paused and cancelled downloads"));
        }
    }
    setCurrentRow(0);
    connect(this, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0) {
            return;
        }
        const int file = item(row)->data(kFileCategoryRole).toInt();
        if (file == kHeading) {
            return;
        }
        emit categorySelected(file == kStateItem
                                  ? static_cast<Category>(item(row)->data(Qt::UserRole).toInt())
                                  : Category::All);
        emit fileCategorySelected(file == kStateItem ? -1 : file);
    });
}

FilterList::~FilterList() = default;

QSize FilterList::sizeHint() const
{
    // Room for the longest category name (in any language) with a four-digit count.
    int widest = 0;
    for (const auto category : kCategories) {
        widest = std::max(widest, fontMetrics().horizontalAdvance(itemText(category, 9999)));
    }
    return {widest + 40, 200};
}

void FilterList::setCounts(const TransferListModel::Counts& counts)
{
    for (int row = 0; row < count(); ++row) {
        QListWidgetItem* it = item(row);
        if (it->data(kFileCategoryRole).toInt() != kStateItem) {
            continue;
        }
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
        if (item(row)->data(kFileCategoryRole).toInt() == kStateItem
            && item(row)->data(Qt::UserRole).toInt() == static_cast<int>(category)) {
            setCurrentRow(row);
            return;
        }
    }
}

FilterList::Category FilterList::category() const
{
    const QListWidgetItem* it = currentItem();
    return it && it->data(kFileCategoryRole).toInt() == kStateItem
               ? static_cast<Category>(it->data(Qt::UserRole).toInt())
               : Category::All;
}

int FilterList::shownCount(Category category) const
{
    for (int row = 0; row < count(); ++row) {
        if (item(row)->data(kFileCategoryRole).toInt() == kStateItem
            && item(row)->data(Qt::UserRole).toInt() == static_cast<int>(category)) {
            return item(row)->data(kCountRole).toInt();
        }
    }
    return -1;
}

QListWidgetItem* FilterList::fileCategoryItem(int index) const
{
    for (int row = 0; row < count(); ++row) {
        if (index >= 0 && item(row)->data(kFileCategoryRole).toInt() == index) {
            return item(row);
        }
    }
    return nullptr;
}

void FilterList::setFileCategories(const QStringList& names)
{
    const int selected = fileCategory();
    QSignalBlocker blocker(this);
    for (int row = count() - 1; row >= 0; --row) {
        if (item(row)->data(kFileCategoryRole).toInt() != kStateItem) {
            delete takeItem(row);
        }
    }
    if (!names.isEmpty()) {
        auto* heading = new QListWidgetItem(tr("Categories"), this);
        heading->setFlags(Qt::NoItemFlags);
        heading->setData(kFileCategoryRole, kHeading);
        QFont bold = font();
        bold.setBold(true);
        heading->setFont(bold);
        heading->setSizeHint(QSize(0, fontMetrics().height() + 16));
        heading->setToolTip(tr("Rules by file type or site, edited in Settings"));
    }
    for (int i = 0; i < names.size(); ++i) {
        auto* it = new QListWidgetItem(itemText(names[i], 0), this);
        it->setData(Qt::UserRole, names[i]);
        it->setData(kCountRole, 0);
        it->setData(kFileCategoryRole, i);
        it->setSizeHint(QSize(0, fontMetrics().height() + 12));
    }
    if (selected >= 0) {
        setCurrentRow(0); // the rules changed: what the selection meant may be gone
        blocker.unblock();
        emit categorySelected(Category::All);
        emit fileCategorySelected(-1);
    }
}

void FilterList::setFileCategoryCounts(const QList<int>& counts)
{
    for (int i = 0; i < counts.size(); ++i) {
        QListWidgetItem* it = fileCategoryItem(i);
        if (it && it->data(kCountRole).toInt() != counts[i]) {
            it->setData(kCountRole, counts[i]);
            it->setText(itemText(it->data(Qt::UserRole).toString(), counts[i]));
        }
    }
}

void FilterList::setFileCategory(int index)
{
    if (QListWidgetItem* it = fileCategoryItem(index)) {
        setCurrentItem(it);
    } else {
        setCategory(Category::All);
    }
}

int FilterList::fileCategory() const
{
    const QListWidgetItem* it = currentItem();
    return it ? std::max(-1, it->data(kFileCategoryRole).toInt()) : -1;
}

int FilterList::shownFileCategoryCount(int index) const
{
    const QListWidgetItem* it = fileCategoryItem(index);
    return it ? it->data(kCountRole).toInt() : -1;
}

} // namespace haul::ui
