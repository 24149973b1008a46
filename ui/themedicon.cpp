// SPDX-License-Identifier: MIT
#include "themedicon.h"

#include <QApplication>
#include <QFile>
#include <QIconEngine>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QPixmapCache>
#include <QSvgRenderer>

#include <array>
#include <utility>

namespace haul::ui {

namespace {

// The colours the SVG files are drawn with (resources/icons/*.svg).
constexpr auto kNeutral = "#4a5261";
struct Accent {
    const char* light; // in the file, for a light palette
    const char* dark;  // on a dark palette
};
constexpr std::array<Accent, 3> kAccents{{
    {"#256fd8", "#58a6ff"}, // blue
    {"#2ea043", "#3fb950"}, // green
    {"#d73a49", "#ff7b72"}, // red
}};

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Active, QPalette::Window).lightness()
           < palette.color(QPalette::Active, QPalette::WindowText).lightness();
}

class ThemedIconEngine final : public QIconEngine {
public:
    explicit ThemedIconEngine(QString path) : m_path(std::move(path))
    {
        QFile file(m_path);
        if (file.open(QIODevice::ReadOnly)) {
            m_svg = file.readAll();
        }
    }

    QIconEngine* clone() const override { return new ThemedIconEngine(*this); }
    QString key() const override { return QStringLiteral("HaulThemedIcon"); }
    bool isNull() override { return m_svg.isEmpty(); }
    QSize actualSize(const QSize& size, QIcon::Mode /*mode*/, QIcon::State /*state*/) override
    {
        return size;
    }

    void paint(QPainter* painter, const QRect& rect, QIcon::Mode mode, QIcon::State state) override
    {
        const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
        QPixmap pm = pixmap(rect.size() * dpr, mode, state);
        pm.setDevicePixelRatio(dpr);
        painter->drawPixmap(rect, pm);
    }

    QPixmap pixmap(const QSize& size, QIcon::Mode mode, QIcon::State /*state*/) override
    {
        if (m_svg.isEmpty() || size.isEmpty()) {
            return {};
        }
        const QPalette palette = QApplication::palette();
        const QColor neutral = themedIconColor(palette, mode);
        const bool dark = isDark(palette);
        const QString cacheKey = QStringLiteral("haul-icon:%1:%2x%3:%4:%5:%6")
                                     .arg(m_path)
                                     .arg(size.width())
                                     .arg(size.height())
                                     .arg(static_cast<int>(mode))
                                     .arg(neutral.name(QColor::HexArgb))
                                     .arg(dark ? 1 : 0);
        QPixmap pm;
        if (QPixmapCache::find(cacheKey, &pm)) {
            return pm;
        }
        QByteArray svg = m_svg;
        svg.replace(kNeutral, neutral.name().toLatin1());
        for (const Accent& accent : kAccents) {
            const QByteArray to = mode == QIcon::Disabled ? neutral.name().toLatin1()
                                  : dark                  ? QByteArray(accent.dark)
                                                          : QByteArray(accent.light);
            svg.replace(accent.light, to);
        }
        QSvgRenderer renderer(svg);
        QImage image(size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter p(&image);
            if (mode == QIcon::Disabled && neutral.alphaF() < 1.0) {
                p.setOpacity(neutral.alphaF());
            }
            renderer.render(&p, QRectF(QPointF(0, 0), QSizeF(size)));
        }
        pm = QPixmap::fromImage(image);
        QPixmapCache::insert(cacheKey, pm);
        return pm;
    }

private:
    ThemedIconEngine(const ThemedIconEngine&) = default;

    QString m_path;
    QByteArray m_svg;
};

} // namespace

QColor themedIconColor(const QPalette& palette, QIcon::Mode mode)
{
    switch (mode) {
    case QIcon::Disabled: {
        // Some palettes give disabled text the enabled colour; fade it then.
        QColor c = palette.color(QPalette::Disabled, QPalette::ButtonText);
        if (c == palette.color(QPalette::Active, QPalette::ButtonText)) {
            c.setAlphaF(0.45f);
        }
        return c;
    }
    case QIcon::Selected: return palette.color(QPalette::Active, QPalette::HighlightedText);
    case QIcon::Normal:
    case QIcon::Active: break;
    }
    return palette.color(QPalette::Active, QPalette::ButtonText);
}

QIcon themedIcon(const char* name)
{
    return QIcon(new ThemedIconEngine(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name))));
}

} // namespace haul::ui
