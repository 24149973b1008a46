// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QRect>

class QWidget;

namespace haul::ui {

// Restores a top-level window's saved geometry (QWidget::saveGeometry) and then keeps it on one
// screen: never larger than that screen's available area and never partly off it. A geometry
// saved at another scale (QT_SCALE_FACTOR), on a larger or a missing monitor, comes back shrunk
// and moved to fit. Returns false when there was nothing to restore (the window keeps its
// size, clamped too). GUI thread only.
bool restoreGeometryOnScreen(QWidget* window, const QByteArray& saved);

// The part of available that a window of frame rect wants: its size at most available's, moved
// inside it. Pure; for restoreGeometryOnScreen and tests.
QRect fitRect(const QRect& frame, const QRect& available);

} // namespace haul::ui
