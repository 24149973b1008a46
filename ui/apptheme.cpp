// SPDX-License-Identifier: MIT
#include "apptheme.h"

#include <QApplication>
#include <QStyle>
#include <QStyleFactory>

namespace haul::ui {

namespace {

struct PlatformLook {
    bool saved = false;
    QString style;
    QPalette palette;
};

PlatformLook& platformLook()
{
    static PlatformLook look;
    return look;
}

void setStyle(const QString& name)
{
    if (QApplication::style()->name().compare(name, Qt::CaseInsensitive) != 0) {
        QApplication::setStyle(QStyleFactory::create(name));
    }
}

} // namespace

QPalette darkPalette()
{
    const QColor window(0x2b, 0x2d, 0x31);
    const QColor base(0x1e, 0x1f, 0x22);
    const QColor alternate(0x26, 0x28, 0x2c);
    const QColor text(0xe6, 0xe8, 0xeb);
    const QColor disabledText(0x7c, 0x80, 0x87);
    const QColor button(0x35, 0x38, 0x3d);
    const QColor highlight(0x2f, 0x6f, 0xd0);

    QPalette p;
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, alternate);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9e, 0xa6));
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x7b, 0x72));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4e, 0x55));
    p.setColor(QPalette::Midlight, QColor(0x3f, 0x42, 0x48));
    p.setColor(QPalette::Mid, QColor(0x50, 0x54, 0x5b));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1c));
    p.setColor(QPalette::Shadow, QColor(0x0b, 0x0b, 0x0d));
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x58, 0xa6, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xbc, 0x8c, 0xff));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x43));
    p.setColor(QPalette::ToolTipText, text);

    // Inactive stays as Active (as in Fusion's light palette): the segment map and the speed
    // graph draw in Highlight and would fade whenever another window has the focus.

    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText,
                            QPalette::PlaceholderText, QPalette::HighlightedText}) {
        p.setColor(QPalette::Disabled, role, disabledText);
    }
    p.setColor(QPalette::Disabled, QPalette::Button, QColor(0x2f, 0x31, 0x35));
    p.setColor(QPalette::Disabled, QPalette::Base, window);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x44, 0x47, 0x4d));
    p.setColor(QPalette::Disabled, QPalette::Light, QColor(0x35, 0x38, 0x3d));
    return p;
}

void applyTheme(Theme theme)
{
    PlatformLook& look = platformLook();
    if (!look.saved) {
        look.saved = true;
        look.style = QApplication::style()->name();
        look.palette = QApplication::palette();
    }
    switch (theme) {
    case Theme::System:
        setStyle(look.style);
        QApplication::setPalette(look.palette);
        break;
    case Theme::Light:
        setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(QApplication::style()->standardPalette());
        break;
    case Theme::Dark:
        setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(darkPalette());
        break;
    }
}

} // namespace haul::ui
