// SPDX-License-Identifier: MIT
#pragma once

#include <QPalette>

namespace haul::ui {

// The look the user picks in Settings → Window: the platform's style and palette (System), or
// the Fusion style with Qt's standard light palette (Light) or a dark palette (Dark). GUI thread
// only; applyTheme changes the whole application at once, and every widget (and themedIcon,
// which reads QApplication::palette()) follows without a restart.
enum class Theme { System = 0, Light = 1, Dark = 2 };

// Sets the application's style and palette for theme. The platform's style and palette are
// remembered on the first call so System brings them back later.
void applyTheme(Theme theme);

// The Fusion dark palette Theme::Dark uses (Active, Inactive and Disabled groups).
QPalette darkPalette();

} // namespace haul::ui
