// SPDX-License-Identifier: MIT
#include "transferlist/columnlayout.h"

#include "humanformat.h"
#include "transferlist/celldelegate.h"
#include "transferlist/transferlistmodel.h"

#include <QAbstractProxyModel>
#include <QDateTime>
#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>
#include <QScrollBar>
#include <QSettings>
#include <QStyle>
#include <QTableView>

#include <algorithm>
#include <array>

namespace haul::ui {

namespace {

using M = TransferListModel;

constexpr auto kColumnsKey = "downloads/columns";
constexpr auto kSortKey = "downloads/sort";
constexpr auto kLimitChosenKey = "downloads/limitColumnChosen";

// Names kept in the settings, by column: stable across versions that reorder the enum.
constexpr std::array<const char*, M::ColumnCount> kKeys{
    "name",  "size",     "progress", "speed",       "eta",   "status",
    "added", "finished", "folder",   "connections", "limit", "host"};

bool hiddenByDefault(int column)
{
    return column == M::AddedColumn || column == M::FinishedColumn || column == M::FolderColumn
           || column == M::ConnectionsColumn || column == M::HostColumn || column == M::LimitColumn;
}

// Which columns give way first when the view is narrow: the least telling first, the numbers a
// user watches (size, speed) last.
constexpr std::array<int, M::ColumnCount - 1> kGiveWayOrder{
    M::HostColumn,        M::FolderColumn, M::AddedColumn, M::FinishedColumn,
    M::ConnectionsColumn, M::LimitColumn,  M::StateColumn, M::ProgressColumn,
    M::EtaColumn,         M::SizeColumn,   M::SpeedColumn};

int columnOfKey(const QString& key)
{
    for (int c = 0; c < M::ColumnCount; ++c) {
        if (key == QLatin1String(kKeys[static_cast<std::size_t>(c)])) {
            return c;
        }
    }
    return -1;
}

} // namespace

ColumnLayout::ColumnLayout(QTableView* view)
    : QObject(view), m_view(view), m_header(view->horizontalHeader()), m_menu(new QMenu(view))
{
    m_menu->setObjectName(QStringLiteral("columnMenu"));
    m_header->setStretchLastSection(false);
    m_header->setMinimumSectionSize(24);
    m_header->setSectionResizeMode(QHeaderView::Interactive);
    m_header->setSectionResizeMode(M::NameColumn, QHeaderView::Stretch);
    m_header->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);

    const QAbstractItemModel* model = m_view->model();
    for (int c = 0; c < M::ColumnCount; ++c) {
        auto* action = m_menu->addAction(model->headerData(c, Qt::Horizontal).toString());
        action->setObjectName(
            QStringLiteral("column-%1").arg(QLatin1String(kKeys[static_cast<std::size_t>(c)])));
        action->setCheckable(true);
        action->setChecked(true);
        action->setData(c);
        action->setEnabled(c != M::NameColumn); // the list without names means nothing
        connect(action, &QAction::triggered, this, [this, c] {
            if (c == M::LimitColumn && !m_limitChosen) {
                m_limitChosen = true;
                QSettings().setValue(QLatin1String(kLimitChosenKey), true);
            }
        });
        connect(action, &QAction::toggled, this, [this, c](bool on) { setColumnVisible(c, on); });
    }
    measure();
    restore();

    connect(m_header, &QWidget::customContextMenuRequested, this,
            [this](const QPoint& pos) { m_menu->popup(m_header->mapToGlobal(pos)); });
    connect(m_header, &QHeaderView::sectionResized, this, [this](int column, int, int width) {
        if (!m_fitting && column != M::NameColumn && width > 0) {
            m_preferred[column] = std::max(width, m_readable.value(column));
        }
    });
    connect(m_header, &QHeaderView::sortIndicatorChanged, this, &ColumnLayout::saveSort);
    const auto* proxy = qobject_cast<const QAbstractProxyModel*>(model);
    if (auto* transfers = qobject_cast<const M*>(proxy ? proxy->sourceModel() : model)) {
        connect(transfers, &M::rateLimitChanged, this, [this](int, qint64 limit) {
            if (limit > 0) {
                showLimitColumn();
            }
        });
    }
    // Through the view's model (the proxy): restored rows with limits come as inserted rows.
    connect(model, &QAbstractItemModel::rowsInserted, this,
            [this, model](const QModelIndex& parent, int first, int last) {
                if (parent.isValid() || m_limitChosen
                    || !m_header->isSectionHidden(M::LimitColumn)) {
                    return;
                }
                for (int r = first; r <= last; ++r) {
                    if (model->index(r, 0).data(M::RateLimitRole).toLongLong() > 0) {
                        showLimitColumn();
                        return;
                    }
                }
            });
    m_view->viewport()->installEventFilter(this);
    m_view->installEventFilter(this);
    fit();
}

ColumnLayout::~ColumnLayout() = default;

void ColumnLayout::showLimitColumn()
{
    if (!m_limitChosen && m_header->isSectionHidden(M::LimitColumn)) {
        setColumnVisible(M::LimitColumn, true);
    }
}

void ColumnLayout::measure()
{
    const QFontMetrics text = m_view->fontMetrics();
    const QFontMetrics title = m_header->fontMetrics();
    // The delegate's inset on both sides, and the style's own text margin inside it.
    const int margin = m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, m_view);
    const int pad = 2 * CellDelegate::kHorizontalPadding + 2 * (margin + 1) + 4;
    const QString date =
        QLocale().toString(QDateTime(QDate(2026, 12, 28), QTime(23, 58)), QLocale::ShortFormat);
    auto widest = [&text](std::initializer_list<QString> samples) {
        int w = 0;
        for (const QString& s : samples) {
            w = std::max(w, text.horizontalAdvance(s));
        }
        return w;
    };
    m_preferred.clear();
    m_readable.clear();
    m_minimum.clear();
    const QAbstractItemModel* model = m_view->model();
    for (int c = 0; c < M::ColumnCount; ++c) {
        int content = 0;
        switch (c) {
        case M::NameColumn: content = kNameMinimum; break;
        case M::SizeColumn:
            content = widest({humanformat::size((std::int64_t{1023} << 20) + (900 << 10))});
            break;
        case M::ProgressColumn: content = 100; break;
        case M::SpeedColumn:
        case M::LimitColumn:
            content = widest({humanformat::speed(1023.9 * 1024 * 1024),
                              humanformat::speed(1023.9 * 1024), TransferListModel::tr("None")});
            break;
        case M::EtaColumn:
            content =
                widest({humanformat::duration(59 * 60 + 58), TransferListModel::tr("stalled")});
            break;
        case M::StateColumn:
            // Room for a short reason: "Failed: Not found (404)".
            content = widest(
                {M::stateText(M::State::Downloading),
                 TransferListModel::tr("Failed: %1").arg(QStringLiteral("Not found (404)"))});
            break;
        case M::AddedColumn:
        case M::FinishedColumn: content = widest({date}); break;
        case M::FolderColumn: content = 180; break;
        case M::ConnectionsColumn: content = widest({QStringLiteral("16")}); break;
        case M::HostColumn: content = 140; break;
        default: break;
        }
        // The title and the sort arrow must fit; the content may elide below its width.
        const int least = title.horizontalAdvance(model->headerData(c, Qt::Horizontal).toString())
                          + 2 * CellDelegate::kHorizontalPadding + 2;
        // What still reads well (a number cut short says nothing): every column gives way to
        // this first, and only then, in the same order, down to its title.
        int readable = 0;
        switch (c) {
        case M::ProgressColumn: readable = 64; break;
        case M::SizeColumn: readable = widest({humanformat::size(999 << 20)}) + pad; break;
        case M::SpeedColumn:
        case M::LimitColumn: readable = widest({humanformat::speed(999.9 * 1024)}) + pad; break;
        case M::EtaColumn: readable = widest({humanformat::duration(9 * 60 + 58)}) + pad; break;
        case M::StateColumn:
            // Whichever state is longest in the language shown ("Downloading", "Abgeschlossen").
            readable = widest({M::stateText(M::State::Downloading),
                               M::stateText(M::State::Completed), M::stateText(M::State::Paused),
                               M::stateText(M::State::Cancelled), M::stateText(M::State::Failed)})
                       + pad;
            break;
        case M::AddedColumn:
        case M::FinishedColumn: readable = widest({date}) + pad; break;
        case M::FolderColumn:
        case M::HostColumn: readable = 90; break;
        case M::ConnectionsColumn: readable = widest({QStringLiteral("16")}) + pad; break;
        default: break;
        }
        m_minimum.append(least);
        m_readable.append(std::max(least, readable));
        m_preferred.append(std::max(content + pad, m_readable.last()));
    }
}

int ColumnLayout::preferredWidth(int column) const
{
    return m_preferred.value(column);
}

int ColumnLayout::readableWidth(int column) const
{
    return m_readable.value(column);
}

int ColumnLayout::minimumWidth(int column) const
{
    return m_minimum.value(column);
}

void ColumnLayout::fit()
{
    if (m_fitting) {
        return;
    }
    m_fitting = true;
    int available = m_view->viewport()->width();
    if (!m_view->isVisible()) {
        available = std::max(available, m_view->width() - 2 * m_view->frameWidth());
    }
    const int budget = available - std::min(kNameMinimum, available / 3);
    int preferred = 0;
    for (int c = 0; c < M::ColumnCount; ++c) {
        if (c != M::NameColumn && !m_header->isSectionHidden(c)) {
            preferred += m_preferred[c];
        }
    }
    // Each column at its preference; while too wide, the next one in kGiveWayOrder gives up
    // what it has above what still reads well, then, once all have, above its title's width.
    QList<int> widths = m_preferred;
    int excess = preferred - budget;
    for (const QList<int>* floor : {&m_readable, &m_minimum}) {
        for (const int c : kGiveWayOrder) {
            if (excess <= 0) {
                break;
            }
            if (m_header->isSectionHidden(c)) {
                continue;
            }
            const int give = std::min(excess, widths[c] - (*floor)[c]);
            if (give > 0) {
                widths[c] -= give;
                excess -= give;
            }
        }
    }
    for (int c = 0; c < M::ColumnCount; ++c) {
        if (c != M::NameColumn && !m_header->isSectionHidden(c)
            && m_header->sectionSize(c) != widths[c]) {
            m_header->resizeSection(c, widths[c]);
        }
    }
    m_fitting = false;
}

void ColumnLayout::setColumnVisible(int column, bool visible)
{
    if (column <= M::NameColumn || column >= M::ColumnCount) {
        return;
    }
    const auto actions = m_menu->actions();
    if (QAction* action = actions.value(column); action && action->isChecked() != visible) {
        action->setChecked(visible); // comes back here through toggled
        return;
    }
    if (m_header->isSectionHidden(column) == !visible) {
        return;
    }
    m_header->setSectionHidden(column, !visible);
    fit();
    saveColumns();
}

void ColumnLayout::restore()
{
    const QSettings settings;
    m_limitChosen = settings.value(QLatin1String(kLimitChosenKey), false).toBool();
    const QVariant stored = settings.value(QLatin1String(kColumnsKey));
    QList<int> shown;
    if (stored.isValid()) {
        for (const QString& key : stored.toStringList()) {
            if (const int c = columnOfKey(key); c >= 0) {
                shown.append(c);
            }
        }
    }
    const auto actions = m_menu->actions();
    for (int c = 1; c < M::ColumnCount; ++c) {
        const bool visible = stored.isValid() ? shown.contains(c) : !hiddenByDefault(c);
        m_header->setSectionHidden(c, !visible);
        const QSignalBlocker blocker(actions[c]);
        actions[c]->setChecked(visible);
    }
    const QStringList sort =
        settings.value(QLatin1String(kSortKey)).toString().split(QLatin1Char(':'));
    const int column = columnOfKey(sort.value(0));
    if (column >= 0) {
        m_header->setSortIndicator(column, sort.value(1) == QLatin1String("desc")
                                               ? Qt::DescendingOrder
                                               : Qt::AscendingOrder);
    }
}

void ColumnLayout::saveColumns() const
{
    QStringList shown;
    for (int c = 0; c < M::ColumnCount; ++c) {
        if (!m_header->isSectionHidden(c)) {
            shown.append(QLatin1String(kKeys[static_cast<std::size_t>(c)]));
        }
    }
    QSettings().setValue(QLatin1String(kColumnsKey), shown);
}

void ColumnLayout::saveSort() const
{
    const int column = m_header->sortIndicatorSection();
    QSettings settings;
    if (column < 0 || column >= M::ColumnCount) {
        settings.remove(QLatin1String(kSortKey));
        return;
    }
    settings.setValue(
        QLatin1String(kSortKey),
        QStringLiteral("%1:%2").arg(QLatin1String(kKeys[static_cast<std::size_t>(column)]),
                                    m_header->sortIndicatorOrder() == Qt::DescendingOrder
                                        ? QStringLiteral("desc")
                                        : QStringLiteral("asc")));
}

bool ColumnLayout::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::Resize:
    case QEvent::Show: fit(); break;
    case QEvent::FontChange:
    case QEvent::StyleChange:
        if (watched == m_view) {
            measure();
            fit();
        }
        break;
    default: break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace haul::ui
