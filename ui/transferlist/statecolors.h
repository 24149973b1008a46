// SPDX-License-Identifier: MIT
#pragma once

#include <QColor>

class QPalette;

namespace haul::ui::statecolors {

// The colours the download list gives a state's text, picked for the palette in use so they
// stay readable on both Base and AlternateBase rows, light or dark. Pure functions; any thread
// (the list calls them on the GUI thread).

// WCAG 2 contrast ratio of two colours, 1 (none) to 21 (black on white).
double contrast(const QColor& a, const QColor& b);

// Red for "Failed": the first of a few reds, dark to light, with a contrast of at least 4.5
// against both Base and AlternateBase of palette's Active group; else the one with the best.
QColor failedText(const QPalette& palette);

} // namespace haul::ui::statecolors
