// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>
#include <QString>

class QPalette;

namespace haul::ui {

// The window's SVG icons (resources/icons/NAME.svg) drawn in the colours of the palette in use,
// so they stay visible on a dark one and a disabled action looks disabled: the icons' neutral
// grey becomes the palette's ButtonText (of the Disabled group in QIcon::Disabled mode,
// HighlightedText in QIcon::Selected), their blue, green and red accents lighter variants on a
// dark palette and the disabled text colour when disabled. The palette is read when a pixmap is
// asked for (QApplication::palette()), so a palette changed while running is followed. GUI
// thread only (it renders with QSvgRenderer into a QPixmap).
QIcon themedIcon(const char* name);

// What themedIcon draws the icons' neutral grey in, for mode and palette (for tests).
QColor themedIconColor(const QPalette& palette, QIcon::Mode mode);

} // namespace haul::ui
