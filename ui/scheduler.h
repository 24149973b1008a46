// SPDX-License-Identifier: MIT
#pragma once

#include <QDateTime>
#include <QObject>
#include <QTime>
#include <QTimer>

#include <functional>

namespace haul::ui {

// A weekly time window: the days it opens on and the hours. from == to is the whole day; to
// earlier than from runs over midnight into the next day (22:00–06:00 on Friday holds on
// Saturday at 03:00, not on Friday at 03:00).
struct TimeWindow {
    static constexpr int kEveryDay = 0x7F;
    int days = kEveryDay; // bit (Qt::DayOfWeek - 1): Monday = bit 0 … Sunday = bit 6
    QTime from{8, 0};
    QTime to{18, 0};

    bool opensOn(int dayOfWeek) const { return (days >> (dayOfWeek - 1) & 1) != 0; }
    bool contains(const QDateTime& at) const;
    bool operator==(const TimeWindow&) const = default;
};

// The scheduler's settings (part of AppSettings).
struct ScheduleSettings {
    enum class WhenDone { Nothing, Quit };
    bool limitHours = false; // downloads run only inside runWindow
    TimeWindow runWindow{TimeWindow::kEveryDay, QTime(1, 0), QTime(7, 0)};
    bool altSpeed = false; // altSpeedKiB replaces the global limit inside altWindow
    TimeWindow altWindow{0x1F, QTime(8, 0), QTime(18, 0)}; // working days
    int altSpeedKiB = 512;                                 // 0 = unlimited
    WhenDone whenDone = WhenDone::Nothing;
    bool operator==(const ScheduleSettings&) const = default;
};

// Scheduler: decides, from its settings and a clock, whether downloads may run now and whether
// the alternative speed limit applies, and says when either changes; it also tells when every
// download is done (whenDone = Quit). It decides only; the window acts on its signals (pauses
// and resumes the queue, sets the limit, quits). The clock is a parameter so that tests give
// it any moment and call check() instead of waiting for real time; the timer calls check()
// every 20 s. GUI thread only.
class Scheduler final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Scheduler)

public:
    using Clock = std::function<QDateTime()>;
    // clock empty: QDateTime::currentDateTime.
    explicit Scheduler(Clock clock = {}, QObject* parent = nullptr);
    ~Scheduler() override;

    // Takes new settings and checks at once (the signals say what changed).
    void setSettings(const ScheduleSettings& settings);
    const ScheduleSettings& settings() const { return m_settings; }

    bool downloadsAllowed() const { return m_allowed; }
    bool altSpeedActive() const { return m_altActive; }
    // The global limit in KiB/s (0 = none) to use now, given the normal one.
    int speedLimitKiB(int normalKiB) const
    {
        return m_altActive ? m_settings.altSpeedKiB : normalKiB;
    }

    // Looks at the clock: emits downloadsAllowedChanged / altSpeedChanged when the answer
    // changed since the last check.
    void check();
    // How many downloads are unfinished (running or queued). When that falls to 0 from more
    // and whenDone is Quit, allDone() is emitted, once per fall. Downloads paused by the
    // schedule count as unfinished.
    void noteUnfinished(int count);

signals:
    void downloadsAllowedChanged(bool allowed);
    void altSpeedChanged(bool active);
    void allDone();

private:
    Clock m_clock;
    ScheduleSettings m_settings;
    QTimer m_timer;
    bool m_allowed = true;
    bool m_altActive = false;
    int m_unfinished = 0;
};

} // namespace haul::ui
