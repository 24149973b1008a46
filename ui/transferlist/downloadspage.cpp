// SPDX-License-Identifier: MIT
#include "transferlist/downloadspage.h"

#include "transferlist/celldelegate.h"
#include "transferlist/columnlayout.h"
#include "transferlist/filterlist.h"
#include "transferlist/progressdelegate.h"
#include "transferlist/transferfilterproxy.h"
#include "transferlist/transferlistmodel.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace haul::ui {

DownloadsPage::DownloadsPage(TransferListModel* model, QWidget* parent)
    : QWidget(parent), m_model(model), m_proxy(new TransferFilterProxy(this))
{
    setObjectName(QStringLiteral("downloadsPage"));
    m_proxy->setSourceModel(m_model);

    m_filters = new FilterList(this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("searchBox"));
    m_search->setPlaceholderText(tr("Search by name or URL"));
    m_search->setClearButtonEnabled(true);
    createView();

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->setSpacing(4);
    rightLayout->addWidget(m_search);
    rightLayout->addWidget(m_view, 1);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_filters);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    splitter->setSizes({m_filters->sizeHint().width(), 800});
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);

    connect(m_filters, &FilterList::categorySelected, m_proxy, &TransferFilterProxy::setCategory);
    connect(m_filters, &FilterList::fileCategorySelected, m_proxy,
            &TransferFilterProxy::setFileCategory);
    // Names change once per download (the server's name); rows come and go in bursts: a
    // recount soon after rows come or go, and at most every 2 s while events change rows.
    m_recount.setSingleShot(true);
    connect(&m_recount, &QTimer::timeout, this, &DownloadsPage::recountCategories);
    const auto soon = [this] {
        if (!m_recount.isActive() || m_recount.remainingTime() > 200) {
            m_recount.start(200);
        }
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, soon);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, soon);
    connect(m_model, &QAbstractItemModel::modelReset, this, soon);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (!m_recount.isActive()) {
            m_recount.start(2000);
        }
    });
    connect(m_search, &QLineEdit::textChanged, m_proxy, &TransferFilterProxy::setSearchText);
    connect(m_model, &TransferListModel::countsChanged, this, [this] {
        m_filters->setCounts(m_model->counts());
        updatePlaceholder();
    });
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &DownloadsPage::updatePlaceholder);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &DownloadsPage::updatePlaceholder);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &DownloadsPage::updatePlaceholder);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &DownloadsPage::updatePlaceholder);
    m_filters->setCounts(m_model->counts());
    updatePlaceholder();
}

DownloadsPage::~DownloadsPage() = default;

void DownloadsPage::createView()
{
    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("transferView"));
    m_view->setModel(m_proxy);
    m_view->setItemDelegate(new CellDelegate(m_view));
    // "Failed: why" keeps its start when it does not fit.
    m_view->setItemDelegateForColumn(TransferListModel::StateColumn,
                                     new CellDelegate(m_view, Qt::ElideRight));
    m_view->setItemDelegateForColumn(TransferListModel::ProgressColumn,
                                     new ProgressDelegate(m_view));
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->setDefaultSectionSize(
        std::max(28, m_view->fontMetrics().height() + 12));
    m_view->setSortingEnabled(true);

    QHeaderView* header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    // Titles line up with the cells' text, which CellDelegate insets.
    header->setStyleSheet(
        QStringLiteral("QHeaderView::section { padding-left: %1px; padding-right: %1px; }")
            .arg(CellDelegate::kHorizontalPadding - 1));
    header->setSortIndicatorClearable(true);
    header->setSortIndicator(-1, Qt::AscendingOrder); // insertion order until the user sorts
    m_columns = new ColumnLayout(m_view);
    // Rows stay where they are while the user points at them (or at a menu of theirs).
    m_view->viewport()->installEventFilter(this);

    // An empty list explains itself instead of showing a blank grid.
    m_placeholder = new QLabel(m_view->viewport());
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    auto* overlay = new QVBoxLayout(m_view->viewport());
    overlay->addWidget(m_placeholder);

    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        if (m_view->indexAt(pos).isValid()) {
            emit contextMenuRequested(m_view->viewport()->mapToGlobal(pos));
            // A menu opened on a row: the rows stay put until it closes.
            holdWhilePopupOpen();
        }
    });
    // activated: double-click, or Enter on the current row.
    connect(m_view, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid()) {
            emit detailsRequested(source.row());
        }
    });
}

void DownloadsPage::updatePlaceholder()
{
    if (m_model->rowCount() == 0) {
        m_placeholder->setText(
            tr("<p style='font-size:large'>No downloads yet</p>"
               "<p>Press <b>%1</b> or drop links here to add some.</p>")
                .arg(QKeySequence(QKeySequence::New).toString(QKeySequence::NativeText)));
    } else {
        m_placeholder->setText(tr("<p style='font-size:large'>Nothing matches</p>"
                                  "<p>Choose another category or clear the search.</p>"));
    }
    m_placeholder->setVisible(m_proxy->rowCount() == 0);
}

void DownloadsPage::setCategories(const Categories& categories)
{
    if (categories == m_categories) {
        return;
    }
    m_categories = categories;
    QStringList names;
    for (const DownloadCategory& c : categories.list()) {
        names.append(c.name);
    }
    m_proxy->setCategories(categories);
    m_filters->setFileCategories(names);
    recountCategories();
}

void DownloadsPage::recountCategories()
{
    m_recount.stop();
    m_filters->setFileCategoryCounts(TransferFilterProxy::categoryCounts(m_categories, *m_model));
}

void DownloadsPage::updateSortHold()
{
    const bool popup = !m_popup.isNull() && m_popup->isVisible();
    m_proxy->setSortHeld(m_pointerInside || m_buttonDown || popup);
}

void DownloadsPage::holdWhilePopupOpen()
{
    QWidget* popup = QApplication::activePopupWidget();
    if (!popup || popup == m_popup) {
        return;
    }
    if (m_popup) {
        m_popup->removeEventFilter(this);
    }
    m_popup = popup;
    popup->installEventFilter(this);
    updateSortHold();
}

bool DownloadsPage::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_view->viewport()) {
        switch (event->type()) {
        case QEvent::Enter: m_pointerInside = true; break;
        case QEvent::Leave: m_pointerInside = false; break;
        case QEvent::MouseButtonPress: m_buttonDown = true; break;
        case QEvent::MouseButtonRelease: m_buttonDown = false; break;
        case QEvent::Hide: m_pointerInside = m_buttonDown = false; break;
        default: return QWidget::eventFilter(watched, event);
        }
        updateSortHold();
    } else if (watched == m_popup && event->type() == QEvent::Hide) {
        m_popup->removeEventFilter(this);
        m_popup = nullptr;
        // The pointer may be back over the rows: Enter says so when it is.
        m_pointerInside = m_view->viewport()->underMouse();
        updateSortHold();
    }
    return QWidget::eventFilter(watched, event);
}

QList<int> DownloadsPage::selectedRows() const
{
    QList<int> rows;
    const QModelIndexList selected = m_view->selectionModel()->selectedRows();
    rows.reserve(selected.size());
    for (const QModelIndex& index : selected) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid()) {
            rows.append(source.row());
        }
    }
    return rows;
}

} // namespace haul::ui
