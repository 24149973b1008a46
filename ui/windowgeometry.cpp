// SPDX-License-Identifier: MIT
#include "windowgeometry.h"

#include <QGuiApplication>
#include <QScreen>
#include <QWidget>

#include <algorithm>

namespace haul::ui {

QRect fitRect(const QRect& frame, const QRect& available)
{
    QRect fitted = frame;
    fitted.setWidth(std::min(frame.width(), available.width()));
    fitted.setHeight(std::min(frame.height(), available.height()));
    fitted.moveLeft(std::clamp(fitted.left(), available.left(),
                               available.left() + available.width() - fitted.width()));
    fitted.moveTop(std::clamp(fitted.top(), available.top(),
                              available.top() + available.height() - fitted.height()));
    return fitted;
}

bool restoreGeometryOnScreen(QWidget* window, const QByteArray& saved)
{
    const bool restored = !saved.isEmpty() && window->restoreGeometry(saved);
    if (window->isMaximized() || window->isFullScreen()) {
        return restored;
    }
    QScreen* screen = QGuiApplication::screenAt(window->geometry().center());
    if (!screen) {
        screen = window->screen() ? window->screen() : QGuiApplication::primaryScreen();
    }
    if (!screen) {
        return restored;
    }
    // Before the window is shown its frame is not known: the title bar and borders are
    // estimated from the style, so the whole window fits, not only its inside.
    const QRect inner = window->geometry();
    QRect frame = window->frameGeometry();
    if (frame == inner) {
        frame = inner.adjusted(-4, -32, 4, 4);
    }
    const QMargins margins(inner.left() - frame.left(), inner.top() - frame.top(),
                           frame.right() - inner.right(), frame.bottom() - inner.bottom());
    const QRect fitted = fitRect(frame, screen->availableGeometry()) - margins;
    if (fitted != inner) {
        window->setGeometry(fitted);
    }
    return restored;
}

} // namespace haul::ui
