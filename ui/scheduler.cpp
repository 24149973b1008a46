// SPDX-License-Identifier: MIT
#include "scheduler.h"

namespace haul::ui {

bool TimeWindow::contains(const QDateTime& at) const
{
    const QTime time = at.time();
    const int day = at.date().dayOfWeek();
    if (from == to) {
        return opensOn(day);
    }
    if (from < to) {
        return opensOn(day) && time >= from && time < to;
    }
    // Over midnight: the evening part belongs to today, the morning part to yesterday's window.
    if (time >= from) {
        return opensOn(day);
    }
    const int yesterday = day == 1 ? 7 : day - 1;
    return time < to && opensOn(yesterday);
}

Scheduler::Scheduler(Clock clock, QObject* parent) : QObject(parent), m_clock(std::move(clock))
{
    if (!m_clock) {
        m_clock = [] { return QDateTime::currentDateTime(); };
    }
    m_timer.setInterval(20 * 1000);
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::check);
    m_timer.start();
}

Scheduler::~Scheduler() = default;

void Scheduler::setSettings(const ScheduleSettings& settings)
{
    m_settings = settings;
    check();
}

void Scheduler::check()
{
    const QDateTime now = m_clock();
    const bool allowed = !m_settings.limitHours || m_settings.runWindow.contains(now);
    const bool alt = m_settings.altSpeed && m_settings.altWindow.contains(now);
    if (alt != m_altActive) {
        m_altActive = alt;
        emit altSpeedChanged(alt);
    }
    if (allowed != m_allowed) {
        m_allowed = allowed;
        emit downloadsAllowedChanged(allowed);
    }
}

void Scheduler::noteUnfinished(int count)
{
    const bool fell = m_unfinished > 0 && count == 0;
    m_unfinished = count;
    if (fell && m_settings.whenDone == ScheduleSettings::WhenDone::Quit) {
        emit allDone();
    }
}

} // namespace haul::ui
