// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

#include <optional>

namespace haul::ui {

// CellDelegate: the transfer table's default delegate. It paints like QStyledItemDelegate but
// keeps the text kHorizontalPadding pixels away from the cell's edges, so a right-aligned number
// does not run into the next column's left-aligned text. GUI thread only.
class CellDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CellDelegate)

public:
    static constexpr int kHorizontalPadding = 8;

    // elide: how text that does not fit is shortened; the view's mode when not given.
    explicit CellDelegate(QObject* parent = nullptr, std::optional<Qt::TextElideMode> elide = {});
    ~CellDelegate() override;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

private:
    std::optional<Qt::TextElideMode> m_elide;
};

} // namespace haul::ui
