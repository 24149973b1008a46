// SPDX-License-Identifier: MIT
#include "details/segmentmapwidget.h"

#include <QPainter>
#include <QPalette>

namespace haul::ui {

SegmentMapWidget::SegmentMapWidget(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

SegmentMapWidget::~SegmentMapWidget() = default;

void SegmentMapWidget::setMap(std::optional<engine::SegmentMap> map)
{
    m_map = std::move(map);
    update();
}

double SegmentMapWidget::doneFraction() const
{
    if (!m_map || m_map->total <= 0) {
        return 0;
    }
    return static_cast<double>(m_map->bytesDone()) / static_cast<double>(m_map->total);
}

QSize SegmentMapWidget::sizeHint() const
{
    return {400, fontMetrics().height() * 2};
}

QSize SegmentMapWidget::minimumSizeHint() const
{
    return {120, fontMetrics().height() * 2};
}

void SegmentMapWidget::paintEvent(QPaintEvent* /*event*/)
{
    QPainter p(this);
    const QPalette& pal = palette();
    const QRectF bar = QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5);
    p.setPen(QPen(pal.color(QPalette::Mid), 1));
    p.setBrush(pal.color(QPalette::Base));
    p.drawRect(bar);

    if (!m_map || m_map->total <= 0) {
        p.setPen(pal.color(QPalette::PlaceholderText));
        p.drawText(bar, Qt::AlignCenter,
                   !m_map ? tr("No segment map") : tr("The size is not known yet"));
        return;
    }
    const QRectF inner = bar.adjusted(1, 1, -1, -1);
    const double scale = inner.width() / static_cast<double>(m_map->total);
    const auto x = [&](std::int64_t offset) {
        return inner.left() + scale * static_cast<double>(offset);
    };
    // A range narrower than a pixel still shows as one.
    const auto span = [&](std::int64_t start, std::int64_t end) {
        const double left = x(start);
        return QRectF(left, inner.top(), std::max(1.0, x(end) - left), inner.height());
    };

    const QColor accent = pal.color(QPalette::Highlight);
    for (const engine::SegmentMap::Range& r : m_map->done) {
        p.fillRect(span(r.start, r.end), accent);
    }
    QColor pending = accent;
    pending.setAlphaF(0.25);
    const QColor ink = pal.color(QPalette::Text);
    const QFontMetrics fm = fontMetrics();
    int number = 0;
    for (const engine::SegmentMap::Connection& c : m_map->connections) {
        ++number;
        const std::int64_t end = c.end >= 0 ? c.end : m_map->total;
        const QRectF range = span(c.start, end);
        const QRectF left = span(c.position, end);
        p.fillRect(left, pending);
        p.setPen(QPen(ink, 1));
        p.setBrush(Qt::NoBrush);
        p.drawRect(range.adjusted(0.5, 0.5, -0.5, -0.5));
        const double at = x(c.position);
        p.setPen(QPen(ink, 2));
        p.drawLine(QPointF(at, inner.top()), QPointF(at, inner.bottom()));
        const QString label = QString::number(number);
        if (left.width() > fm.horizontalAdvance(label) + 8) {
            p.setPen(ink);
            p.drawText(left, Qt::AlignCenter, label);
        }
    }
}

} // namespace haul::ui
