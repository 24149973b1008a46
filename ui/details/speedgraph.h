// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QWidget>

namespace haul::ui {

// SpeedGraph: a line-and-area chart of speed samples (one a second, oldest first), painted with
// QPainter. It shows the last windowSeconds() seconds; the y axis scales to the highest sample
// in view, rounded up to a readable value. GUI thread only; it holds values only.
class SpeedGraph final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpeedGraph)

public:
    explicit SpeedGraph(QWidget* parent = nullptr);
    ~SpeedGraph() override;

    void setSamples(const QList<double>& samples);
    const QList<double>& samples() const { return m_samples; }
    void setWindowSeconds(int seconds);
    int windowSeconds() const { return m_windowSeconds; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // The top of the y axis for a highest sample: 1, 2 or 5 times a power of 1024-based units.
    static double niceCeiling(double value);
    // How many grid steps divide an axis of that top into round labels: 5 for a top of 5
    // (1, 2, 3, 4, 5 MiB/s), else 4 (a top of 2: 0.5, 1, 1.5, 2; of 1: 256, 512, 768 KiB/s).
    static int gridSteps(double top);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QList<double> m_samples;
    int m_windowSeconds = 60;
};

} // namespace haul::ui
