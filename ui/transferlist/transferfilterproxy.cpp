// SPDX-License-Identifier: MIT
#include "transferlist/transferfilterproxy.h"

namespace haul::ui {

TransferFilterProxy::TransferFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TransferListModel::SortRole);
    setDynamicSortFilter(true);
    // Qt compares code points, ignoring every option, for the C locale (LANG=C.UTF-8, common
    // on minimal systems): collate as English there, the closest to "no language".
    if (m_collator.locale().language() == QLocale::C) {
        m_collator.setLocale(QLocale(QLocale::English, QLocale::UnitedStates));
    }
    m_collator.setNumericMode(true);
    m_collator.setCaseSensitivity(Qt::CaseInsensitive);
}

void TransferFilterProxy::setSortHeld(bool held)
{
    if (held == m_sortHeld) {
        return;
    }
    m_sortHeld = held;
    setDynamicSortFilter(!held);
    if (!held) {
        // What changed meanwhile: rows that left the category, and the order.
        invalidateFilter();
    }
}

bool TransferFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    if (left.column() == TransferListModel::NameColumn) {
        const int order =
            m_collator.compare(left.data(sortRole()).toString(), right.data(sortRole()).toString());
        if (order != 0) {
            return order < 0;
        }
        return left.row() < right.row();
    }
    return QSortFilterProxyModel::lessThan(left, right);
}

TransferFilterProxy::~TransferFilterProxy() = default;

void TransferFilterProxy::setCategory(Category category)
{
    if (category == m_category) {
        return;
    }
    m_category = category;
    invalidateFilter();
}

void TransferFilterProxy::setSearchText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search) {
        return;
    }
    m_search = trimmed;
    invalidateFilter();
}

void TransferFilterProxy::setCategories(const Categories& categories)
{
    if (categories == m_categories) {
        return;
    }
    m_categories = categories;
    m_fileCategory = -1;
    invalidateFilter();
}

void TransferFilterProxy::setFileCategory(int index)
{
    if (index >= m_categories.size()) {
        index = -1;
    }
    if (index == m_fileCategory) {
        return;
    }
    m_fileCategory = index;
    invalidateFilter();
}

QList<int> TransferFilterProxy::categoryCounts(const Categories& categories,
                                               const TransferListModel& model)
{
    QList<int> counts(categories.size(), 0);
    if (categories.isEmpty()) {
        return counts;
    }
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        const int at = categories.match(index.data(TransferListModel::UrlRole).toString(),
                                        index.data(TransferListModel::NameRole).toString());
        if (at >= 0) {
            ++counts[at];
        }
    }
    return counts;
}

bool TransferFilterProxy::matches(Category category, TransferListModel::State state)
{
    using S = TransferListModel::State;
    switch (category) {
    case Category::All: return true;
    case Category::Active:
        return state == S::Connecting || state == S::Retrying || state == S::Downloading;
    case Category::Queued: return state == S::Queued;
    case Category::Stopped: return state == S::Paused || state == S::Cancelled;
    case Category::Completed: return state == S::Completed;
    case Category::Failed: return state == S::Failed;
    }
    return true;
}

int TransferFilterProxy::count(Category category, const TransferListModel::Counts& c)
{
    switch (category) {
    case Category::All:
        return c.active + c.queued + c.paused + c.completed + c.failed + c.cancelled;
    case Category::Active: return c.active;
    case Category::Queued: return c.queued;
    case Category::Stopped: return c.paused + c.cancelled;
    case Category::Completed: return c.completed;
    case Category::Failed: return c.failed;
    }
    return 0;
}

QString TransferFilterProxy::categoryName(Category category)
{
    switch (category) {
    case Category::All: return tr("All");
    case Category::Active: return tr("Active");
    case Category::Queued: return tr("Queued");
    case Category::Stopped: return tr("Stopped");
    case Category::Completed: return tr("Completed");
    case Category::Failed: return tr("Failed");
    }
    return {};
}

bool TransferFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto state =
        static_cast<TransferListModel::State>(index.data(TransferListModel::StateRole).toInt());
    if (!matches(m_category, state)) {
        return false;
    }
    if (m_fileCategory >= 0
        && m_categories.match(index.data(TransferListModel::UrlRole).toString(),
                              index.data(TransferListModel::NameRole).toString())
               != m_fileCategory) {
        return false;
    }
    if (m_search.isEmpty()) {
        return true;
    }
    return index.data(TransferListModel::NameRole)
               .toString()
               .contains(m_search, Qt::CaseInsensitive)
           || index.data(TransferListModel::UrlRole)
                  .toString()
                  .contains(m_search, Qt::CaseInsensitive);
}

} // namespace haul::ui
