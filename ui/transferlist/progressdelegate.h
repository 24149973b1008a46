// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace haul::ui {

// ProgressDelegate: paints the Progress column of TransferListModel as a flat bar with the
// percentage inside; colour follows the row's state (blue running, green done, red failed,
// grey paused or cancelled). It reads FractionRole / StateRole only; no per-row widgets.
// GUI thread only.
class ProgressDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProgressDelegate)

public:
    explicit ProgressDelegate(QObject* parent = nullptr);
    ~ProgressDelegate() override;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace haul::ui
