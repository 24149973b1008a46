// SPDX-License-Identifier: MIT
#include "details/speedgraph.h"

#include "humanformat.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace haul::ui {

SpeedGraph::SpeedGraph(QWidget* parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

SpeedGraph::~SpeedGraph() = default;

void SpeedGraph::setSamples(const QList<double>& samples)
{
    m_samples = samples;
    update();
}

void SpeedGraph::setWindowSeconds(int seconds)
{
    m_windowSeconds = std::max(2, seconds);
    update();
}

QSize SpeedGraph::sizeHint() const
{
    return {480, 180};
}

QSize SpeedGraph::minimumSizeHint() const
{
    return {200, 100};
}

double SpeedGraph::niceCeiling(double value)
{
    if (!(value > 0)) {
        return 1024.0; // an idle graph still has a scale: 1 KiB/s
    }
    // Steps of 1, 2, 5 within a 1024-based unit read well next to "KiB/s" labels.
    double unit = 1.0;
    while (value > unit * 1000.0) {
        unit *= 1024.0;
    }
    for (const double step : {1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1000.0}) {
        if (value <= step * unit) {
            return step * unit;
        }
    }
    return 1024.0 * unit;
}

int SpeedGraph::gridSteps(double top)
{
    double unit = 1.0;
    while (top > unit * 1000.0) {
        unit *= 1024.0;
    }
    double step = top / unit;
    while (step >= 10.0) {
        step /= 10.0;
    }
    return std::abs(step - 5.0) < 0.01 ? 5 : 4;
}

void SpeedGraph::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));

    const QFontMetrics fm = fontMetrics();
    const int labelWidth = fm.horizontalAdvance(QStringLiteral("999.9 MiB/s")) + 8;
    const QRectF plot =
        QRectF(rect()).adjusted(labelWidth, fm.height() / 2.0 + 4, -10, -(fm.height() + 8));
    if (plot.width() < 10 || plot.height() < 10) {
        return;
    }

    const qsizetype first = std::max<qsizetype>(0, m_samples.size() - m_windowSeconds);
    double top = 0;
    for (qsizetype i = first; i < m_samples.size(); ++i) {
        top = std::max(top, m_samples[i]);
    }
    top = niceCeiling(top);
    const int steps = gridSteps(top);

    QColor grid = pal.color(QPalette::Text);
    grid.setAlpha(40);
    QColor label = pal.color(QPalette::PlaceholderText);
    p.setFont(font());
    for (int i = 0; i <= steps; ++i) {
        const double y = plot.bottom() - plot.height() * i / steps;
        p.setPen(QPen(grid, 1));
        p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        p.setPen(label);
        const QString text = i == 0 ? QStringLiteral("0") : humanformat::speed(top * i / steps);
        p.drawText(QRectF(0, y - fm.height() / 2.0, labelWidth - 6, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, text);
    }
    // Time labels: the window's start, its middle and "now".
    const auto ago = [](int seconds) {
        if (seconds == 0) {
            return tr("now");
        }
        return seconds % 60 == 0 ? tr("-%1 min").arg(seconds / 60) : tr("-%1 s").arg(seconds);
    };
    p.setPen(label);
    const double textY = plot.bottom() + 4;
    p.drawText(QRectF(plot.left(), textY, plot.width() / 3, fm.height()),
               Qt::AlignLeft | Qt::AlignTop, ago(m_windowSeconds));
    p.drawText(QRectF(plot.left() + plot.width() / 3, textY, plot.width() / 3, fm.height()),
               Qt::AlignHCenter | Qt::AlignTop, ago(m_windowSeconds / 2));
    p.drawText(QRectF(plot.right() - plot.width() / 3, textY, plot.width() / 3, fm.height()),
               Qt::AlignRight | Qt::AlignTop, ago(0));

    const qsizetype count = m_samples.size() - first;
    if (count < 1) {
        p.setPen(label);
        p.drawText(plot, Qt::AlignCenter, tr("No samples yet"));
        return;
    }
    // The newest sample sits at the right edge; one pixel column per second of the window.
    const double step = plot.width() / (m_windowSeconds - 1);
    const auto pointAt = [&](qsizetype i) {
        const double x = plot.right() - step * static_cast<double>(m_samples.size() - 1 - i);
        const double y = plot.bottom() - plot.height() * std::clamp(m_samples[i] / top, 0.0, 1.0);
        return QPointF(x, y);
    };
    QPainterPath line;
    line.moveTo(pointAt(first));
    for (qsizetype i = first + 1; i < m_samples.size(); ++i) {
        line.lineTo(pointAt(i));
    }
    QPainterPath area = line;
    area.lineTo(QPointF(pointAt(m_samples.size() - 1).x(), plot.bottom()));
    area.lineTo(QPointF(pointAt(first).x(), plot.bottom()));
    area.closeSubpath();

    QColor accent = pal.color(QPalette::Highlight);
    QColor fill = accent;
    fill.setAlpha(60);
    p.fillPath(area, fill);
    p.setPen(QPen(accent, 2));
    p.drawPath(line);
    if (count == 1) {
        p.setBrush(accent);
        p.drawEllipse(pointAt(first), 2.5, 2.5);
    }
}

} // namespace haul::ui
