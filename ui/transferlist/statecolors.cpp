// SPDX-License-Identifier: MIT
#include "transferlist/statecolors.h"

#include <QPalette>

#include <algorithm>
#include <cmath>

namespace haul::ui::statecolors {

namespace {

double channel(double c)
{
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double luminance(const QColor& c)
{
    const QColor rgb = c.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF())
           + 0.0722 * channel(rgb.blueF());
}

} // namespace

double contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor failedText(const QPalette& palette)
{
    // 4.5: WCAG's AA level for text of ordinary size.
    constexpr double kEnough = 4.5;
    static const QColor kReds[] = {QColor(0xb3, 0x1d, 0x28), QColor(0x9c, 0x15, 0x1f),
                                   QColor(0xff, 0x7b, 0x72), QColor(0xff, 0xa1, 0x98),
                                   QColor(0xff, 0xc1, 0xba)};
    const QColor base = palette.color(QPalette::Active, QPalette::Base);
    const QColor alternate = palette.color(QPalette::Active, QPalette::AlternateBase);
    QColor best = kReds[0];
    double bestContrast = 0;
    for (const QColor& red : kReds) {
        const double worst = std::min(contrast(red, base), contrast(red, alternate));
        if (worst >= kEnough) {
            return red;
        }
        if (worst > bestContrast) {
            bestContrast = worst;
            best = red;
        }
    }
    return best;
}

} // namespace haul::ui::statecolors
