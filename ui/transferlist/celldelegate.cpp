// SPDX-License-Identifier: MIT
#include "transferlist/celldelegate.h"

#include <QApplication>
#include <QPainter>

namespace haul::ui {

CellDelegate::CellDelegate(QObject* parent, std::optional<Qt::TextElideMode> elide)
    : QStyledItemDelegate(parent), m_elide(elide)
{
}

CellDelegate::~CellDelegate() = default;

void CellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                         const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (m_elide) {
        opt.textElideMode = *m_elide;
    }
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();

    // Background, selection and focus over the whole cell; then the text in an inset rect.
    // Selection is painted twice over the inset part, which changes nothing visible.
    QStyleOptionViewItem background = opt;
    background.text.clear();
    background.icon = QIcon();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    opt.rect.adjust(kHorizontalPadding, 0, -kHorizontalPadding, 0);
    opt.state &= ~QStyle::State_HasFocus;
    opt.backgroundBrush = Qt::NoBrush;
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
}

QSize CellDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize hint = QStyledItemDelegate::sizeHint(option, index);
    hint.rwidth() += 2 * kHorizontalPadding;
    return hint;
}

} // namespace haul::ui
