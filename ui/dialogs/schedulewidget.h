// SPDX-License-Identifier: MIT
#pragma once

#include "scheduler.h"

#include <QWidget>

#include <array>

class QCheckBox;
class QComboBox;
class QSpinBox;
class QTimeEdit;

namespace haul::ui {

// ScheduleWidget: the Settings dialog's Schedule page: the download hours (days of the week,
// from, to), the alternative speed limit and its hours, and what to do when every download is
// done. Edits a ScheduleSettings value. GUI thread only.
class ScheduleWidget final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScheduleWidget)

public:
    explicit ScheduleWidget(const ScheduleSettings& settings, QWidget* parent = nullptr);
    ~ScheduleWidget() override;

    ScheduleSettings settings() const;

private:
    // One window's editors: a check box per day, from and to.
    struct WindowEditor {
        std::array<QCheckBox*, 7> days{};
        QTimeEdit* from = nullptr;
        QTimeEdit* to = nullptr;
        QWidget* row = nullptr; // enabled with its check box
    };
    WindowEditor makeWindowEditor(const TimeWindow& window, const QString& name);
    static TimeWindow windowOf(const WindowEditor& editor);
    void updateEnabled();

    QCheckBox* m_limitHours = nullptr;
    WindowEditor m_run;
    QCheckBox* m_altSpeed = nullptr;
    WindowEditor m_alt;
    QSpinBox* m_altSpeedKiB = nullptr;
    QComboBox* m_whenDone = nullptr;
};

} // namespace haul::ui
