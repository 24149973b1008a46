// SPDX-License-Identifier: MIT
#include "dialogs/schedulewidget.h"

#include <QCheckBox>
#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSpinBox>
#include <QTimeEdit>
#include <QVBoxLayout>

namespace haul::ui {

ScheduleWidget::ScheduleWidget(const ScheduleSettings& settings, QWidget* parent) : QWidget(parent)
{
    auto* hours = new QGroupBox(tr("Download hours"), this);
    auto* hoursLayout = new QVBoxLayout(hours);
    m_limitHours = new QCheckBox(tr("Download only during these hours"), hours);
    m_limitHours->setObjectName(QStringLiteral("limitHours"));
    m_limitHours->setChecked(settings.limitHours);
    m_run = makeWindowEditor(settings.runWindow, QStringLiteral("run"));
    auto* hoursNote =
        new QLabel(tr("Outside them, running and queued downloads are paused, keeping their "
                      "bytes, and resume when the hours begin. A download you start yourself "
                      "runs anyway. An end earlier than the start runs past midnight."),
                   hours);
    hoursNote->setWordWrap(true);
    hoursNote->setForegroundRole(QPalette::PlaceholderText);
    hoursLayout->addWidget(m_limitHours);
    hoursLayout->addWidget(m_run.row);
    hoursLayout->addWidget(hoursNote);

    auto* alt = new QGroupBox(tr("Alternative speed limit"), this);
    auto* altLayout = new QVBoxLayout(alt);
    m_altSpeed = new QCheckBox(tr("Limit all downloads to"), alt);
    m_altSpeed->setObjectName(QStringLiteral("altSpeed"));
    m_altSpeed->setChecked(settings.altSpeed);
    m_altSpeedKiB = new QSpinBox(alt);
    m_altSpeedKiB->setObjectName(QStringLiteral("altSpeedKiB"));
    m_altSpeedKiB->setRange(0, 10 * 1024 * 1024);
    m_altSpeedKiB->setSingleStep(64);
    m_altSpeedKiB->setSuffix(tr(" KiB/s"));
    m_altSpeedKiB->setSpecialValueText(tr("Unlimited"));
    m_altSpeedKiB->setValue(settings.altSpeedKiB);
    auto* altTop = new QHBoxLayout;
    altTop->addWidget(m_altSpeed);
    altTop->addWidget(m_altSpeedKiB);
    altTop->addWidget(new QLabel(tr("during these hours"), alt));
    altTop->addStretch(1);
    m_alt = makeWindowEditor(settings.altWindow, QStringLiteral("alt"));
    auto* altNote = new QLabel(tr("It replaces the global speed limit while it applies."), alt);
    altNote->setWordWrap(true);
    altNote->setForegroundRole(QPalette::PlaceholderText);
    altLayout->addLayout(altTop);
    altLayout->addWidget(m_alt.row);
    altLayout->addWidget(altNote);

    m_whenDone = new QComboBox(this);
    m_whenDone->setObjectName(QStringLiteral("whenDone"));
    m_whenDone->addItem(tr("Do nothing"));
    m_whenDone->addItem(tr("Quit Haul"));
    m_whenDone->setCurrentIndex(settings.whenDone == ScheduleSettings::WhenDone::Quit ? 1 : 0);
    auto* doneRow = new QHBoxLayout;
    doneRow->addWidget(new QLabel(tr("When all downloads are done:"), this));
    doneRow->addWidget(m_whenDone);
    doneRow->addStretch(1);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(hours);
    layout->addWidget(alt);
    layout->addLayout(doneRow);
    layout->addStretch(1);

    connect(m_limitHours, &QCheckBox::toggled, this, &ScheduleWidget::updateEnabled);
    connect(m_altSpeed, &QCheckBox::toggled, this, &ScheduleWidget::updateEnabled);
    updateEnabled();
}

ScheduleWidget::~ScheduleWidget() = default;

ScheduleWidget::WindowEditor ScheduleWidget::makeWindowEditor(const TimeWindow& window,
                                                              const QString& name)
{
    WindowEditor e;
    e.row = new QWidget(this);
    auto* rows = new QVBoxLayout(e.row);
    rows->setContentsMargins(0, 0, 0, 0);
    auto* row = new QHBoxLayout;
    rows->addLayout(row);
    const QLocale locale;
    for (int day = 1; day <= 7; ++day) {
        auto* button = new QCheckBox(e.row);
        button->setObjectName(QStringLiteral("%1Day%2").arg(name).arg(day));
        button->setText(locale.dayName(day, QLocale::ShortFormat));
        button->setToolTip(locale.dayName(day, QLocale::LongFormat));
        button->setCheckable(true);
        button->setChecked(window.opensOn(day));
        row->addWidget(button);
        e.days[static_cast<std::size_t>(day - 1)] = button;
    }
    row->addStretch(1);
    row = new QHBoxLayout;
    rows->addLayout(row);
    const auto timeEdit = [&](const QTime& time, const QString& suffix) {
        auto* edit = new QTimeEdit(time, e.row);
        edit->setObjectName(name + suffix);
        edit->setDisplayFormat(QStringLiteral("HH:mm"));
        return edit;
    };
    e.from = timeEdit(window.from, QStringLiteral("From"));
    e.to = timeEdit(window.to, QStringLiteral("To"));
    row->addWidget(new QLabel(tr("From"), e.row));
    row->addWidget(e.from);
    row->addWidget(new QLabel(tr("to"), e.row));
    row->addWidget(e.to);
    row->addStretch(1);
    return e;
}

TimeWindow ScheduleWidget::windowOf(const WindowEditor& editor)
{
    TimeWindow w;
    w.days = 0;
    for (std::size_t i = 0; i < editor.days.size(); ++i) {
        w.days |= editor.days[i]->isChecked() ? 1 << i : 0;
    }
    w.from = editor.from->time();
    w.to = editor.to->time();
    return w;
}

void ScheduleWidget::updateEnabled()
{
    m_run.row->setEnabled(m_limitHours->isChecked());
    m_alt.row->setEnabled(m_altSpeed->isChecked());
    m_altSpeedKiB->setEnabled(m_altSpeed->isChecked());
}

ScheduleSettings ScheduleWidget::settings() const
{
    ScheduleSettings s;
    s.limitHours = m_limitHours->isChecked();
    s.runWindow = windowOf(m_run);
    s.altSpeed = m_altSpeed->isChecked();
    s.altWindow = windowOf(m_alt);
    s.altSpeedKiB = m_altSpeedKiB->value();
    s.whenDone = m_whenDone->currentIndex() == 1 ? ScheduleSettings::WhenDone::Quit
                                                 : ScheduleSettings::WhenDone::Nothing;
    return s;
}

} // namespace haul::ui
