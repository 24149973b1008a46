// SPDX-License-Identifier: MIT
#pragma once

#include "categories.h"

#include <haul/events.h>

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;

namespace haul::ui {

class ColumnLayout;
class FilterList;
class TransferFilterProxy;
class TransferListModel;

// DownloadsPage: the first tab of the main window: the category list on the left (states, then
// the download categories with their counts, recounted at most every couple of seconds while
// rows change), a search box and the transfer table (over a TransferFilterProxy) on the right. It
// only shows; commands stay with MainWindow. While the pointer is over the rows (or their menu
// is open) the list does not re-sort or re-filter itself (TransferFilterProxy::setSortHeld), so
// a click lands on the row that was under it. GUI thread only; the model must outlive the page.
class DownloadsPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadsPage)

public:
    explicit DownloadsPage(TransferListModel* model, QWidget* parent = nullptr);
    ~DownloadsPage() override;

    QTableView* view() const { return m_view; }
    TransferFilterProxy* proxy() const { return m_proxy; }
    FilterList* filterList() const { return m_filters; }
    QLineEdit* searchBox() const { return m_search; }
    ColumnLayout* columns() const { return m_columns; }

    // The download categories of the side list and the filter.
    void setCategories(const Categories& categories);
    // Counts the rows of each download category now (the side list does it by itself soon
    // after rows change).
    void recountCategories();

    // The model's rows of the selection, in view order.
    QList<int> selectedRows() const;

signals:
    // Double-click or Enter on a row; row is the model's.
    void detailsRequested(int row);
    // Right-click on a row; pos is global.
    void contextMenuRequested(const QPoint& globalPos);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void createView();
    void updatePlaceholder();
    // The proxy's sort is held while the pointer is over the rows, a button is down on them or
    // a popup opened from them (the row menu) is open.
    void updateSortHold();
    void holdWhilePopupOpen();

    TransferListModel* m_model = nullptr;
    TransferFilterProxy* m_proxy = nullptr;
    FilterList* m_filters = nullptr;
    QLineEdit* m_search = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_placeholder = nullptr;
    Categories m_categories;
    QTimer m_recount;
    ColumnLayout* m_columns = nullptr;
    QPointer<QWidget> m_popup; // the row menu while it is open
    bool m_pointerInside = false;
    bool m_buttonDown = false;
};

} // namespace haul::ui
