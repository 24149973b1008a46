// SPDX-License-Identifier: MIT
#include "transferlist/progressdelegate.h"

#include "transferlist/transferlistmodel.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace haul::ui {

namespace {

using State = TransferListModel::State;

QColor fillColor(State state)
{
    switch (state) {
    case State::Completed: return QColor(0x2e, 0xa0, 0x43); // green
    case State::Failed: return QColor(0xd7, 0x3a, 0x49);    // red
    case State::Paused:
    case State::Cancelled: return QColor(0x9a, 0xa0, 0xa6); // grey
    case State::Queued:
    case State::Connecting:
    case State::Retrying:
    case State::Downloading: return QColor(0x25, 0x6f, 0xd8); // blue
    }
    return QColor(0x25, 0x6f, 0xd8);
}

} // namespace

ProgressDelegate::ProgressDelegate(QObject* parent) : QStyledItemDelegate(parent) {}

ProgressDelegate::~ProgressDelegate() = default;

void ProgressDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    // Background, selection and focus come from the style so the row looks like its neighbours.
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const auto state = static_cast<State>(index.data(TransferListModel::StateRole).toInt());
    const double fraction = index.data(TransferListModel::FractionRole).toDouble();

    const int vMargin = std::max(3, (opt.rect.height() - 18) / 2);
    const QRectF bar = QRectF(opt.rect.adjusted(6, vMargin, -6, -vMargin));
    if (bar.width() < 4 || bar.height() < 4) {
        return;
    }
    const qreal radius = 3.0;

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);

    const QColor fill = fillColor(state);
    // On a selected row the highlight is itself blue: a light trough keeps the bar readable.
    const bool selected = opt.state.testFlag(QStyle::State_Selected);
    QColor trough = selected ? QColor(255, 255, 255, 225) : fill;
    if (!selected) {
        trough.setAlphaF(0.16f);
    }
    QPainterPath troughPath;
    troughPath.addRoundedRect(bar, radius, radius);
    painter->fillPath(troughPath, trough);

    QRectF filled = bar;
    if (fraction >= 0) {
        filled.setWidth(bar.width() * std::clamp(fraction, 0.0, 1.0));
        QPainterPath fillPath;
        fillPath.addRoundedRect(bar, radius, radius);
        painter->save();
        painter->setClipRect(filled);
        painter->fillPath(fillPath, fill);
        painter->restore();
    } else {
        filled.setWidth(0);
    }

    if (!text.isEmpty()) {
        QFont font = opt.font;
        font.setPointSizeF(std::max(7.0, font.pointSizeF() * 0.9));
        painter->setFont(font);
        // Text over the fill is white, over the trough dark: draw twice, clipped.
        const QColor dark = selected ? QColor(0x20, 0x24, 0x2c) : opt.palette.color(QPalette::Text);
        painter->setClipRect(bar.adjusted(filled.width(), 0, 0, 0));
        painter->setPen(dark);
        painter->drawText(bar, Qt::AlignCenter, text);
        if (filled.width() > 0) {
            painter->setClipRect(filled);
            painter->setPen(Qt::white);
            painter->drawText(bar, Qt::AlignCenter, text);
        }
    }
    painter->restore();
}

QSize ProgressDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize hint = QStyledItemDelegate::sizeHint(option, index);
    hint.setWidth(std::max(hint.width(), 120));
    hint.setHeight(std::max(hint.height(), 26));
    return hint;
}

} // namespace haul::ui
