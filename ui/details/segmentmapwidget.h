// SPDX-License-Identifier: MIT
#pragma once

#include <haul/segmentmap.h>

#include <QWidget>

#include <optional>

namespace haul::ui {

// SegmentMapWidget: a bar that is the whole file, left to right. The bytes already there are
// filled (the palette's highlight); each open connection's range is outlined, what it has still
// to fetch lightly filled, its position marked by a line and its number (its place in the map's
// list, as in the connections table) written inside when there is room. Without a map or a
// known size it says so in words. GUI thread only; it holds a value (engine::SegmentMap) and
// nothing of the engine.
class SegmentMapWidget final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SegmentMapWidget)

public:
    explicit SegmentMapWidget(QWidget* parent = nullptr);
    ~SegmentMapWidget() override;

    // nullopt: nothing to show (the download is gone from the engine).
    void setMap(std::optional<engine::SegmentMap> map);
    const std::optional<engine::SegmentMap>& map() const { return m_map; }
    // The share of the file that is there, 0..1; 0 while the size is unknown.
    double doneFraction() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::optional<engine::SegmentMap> m_map;
};

} // namespace haul::ui
