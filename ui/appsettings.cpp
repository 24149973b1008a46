// SPDX-License-Identifier: MIT
#include "appsettings.h"

#include <haul/store.h>

#include <QSettings>

#include <algorithm>

namespace haul::ui {

namespace {

constexpr auto kDirectory = "downloads/directory"; // shared with the Add dialog's memory
constexpr auto kMaxConcurrent = "engine/maxConcurrent";
constexpr auto kConnections = "engine/connectionsPerDownload";
constexpr auto kSpeedLimit = "engine/speedLimitKiB";
constexpr auto kRetries = "engine/retries";
constexpr auto kMaxFileSize = "engine/maxFileSizeMiB";
constexpr auto kProxy = "engine/proxy";
constexpr auto kCloseToTray = "window/closeToTray";
constexpr auto kNotify = "window/notify";
constexpr auto kTheme = "window/theme"; // "system", "light" or "dark"
constexpr auto kStartHandedOver = "downloads/startHandedOver";
constexpr auto kConfirmRemove = "confirm/remove";
constexpr auto kConfirmQuit = "confirm/quit";
constexpr auto kAddConnections = "add/connections";
constexpr auto kCategoryFolders = "downloads/categoryFolders";
constexpr auto kClipboardMonitor = "clipboard/monitor";
constexpr auto kClipboardExtensions = "clipboard/extensions";
constexpr auto kLimitHours = "schedule/limitHours";
constexpr auto kRunDays = "schedule/runDays";
constexpr auto kRunFrom = "schedule/runFrom";
constexpr auto kRunTo = "schedule/runTo";
constexpr auto kAltSpeed = "schedule/altSpeed";
constexpr auto kAltDays = "schedule/altDays";
constexpr auto kAltFrom = "schedule/altFrom";
constexpr auto kAltTo = "schedule/altTo";
constexpr auto kAltSpeedKiB = "schedule/altSpeedKiB";
constexpr auto kWhenDone = "schedule/whenDone"; // "nothing" or "quit"

TimeWindow loadWindow(const QSettings& s, const char* days, const char* from, const char* to,
                      const TimeWindow& d)
{
    TimeWindow w;
    w.days = s.value(QLatin1String(days), d.days).toInt() & TimeWindow::kEveryDay;
    const auto time = [&s](const char* key, const QTime& fallback) {
        const QTime t = QTime::fromString(s.value(QLatin1String(key)).toString(), Qt::ISODate);
        return t.isValid() ? QTime(t.hour(), t.minute()) : fallback;
    };
    w.from = time(from, d.from);
    w.to = time(to, d.to);
    return w;
}

void saveWindow(QSettings& s, const TimeWindow& w, const char* days, const char* from,
                const char* to)
{
    s.setValue(QLatin1String(days), w.days);
    s.setValue(QLatin1String(from), w.from.toString(QStringLiteral("HH:mm")));
    s.setValue(QLatin1String(to), w.to.toString(QStringLiteral("HH:mm")));
}

} // namespace

AppSettings AppSettings::load()
{
    const QSettings s;
    const AppSettings d;
    AppSettings a;
    a.directory = s.value(QLatin1String(kDirectory), d.directory).toString();
    a.maxConcurrent =
        std::clamp(s.value(QLatin1String(kMaxConcurrent), d.maxConcurrent).toInt(), 1, 64);
    a.connectionsPerDownload =
        std::clamp(s.value(QLatin1String(kConnections), d.connectionsPerDownload).toInt(), 1, 16);
    a.speedLimitKiB = std::max(0, s.value(QLatin1String(kSpeedLimit), d.speedLimitKiB).toInt());
    a.retries = std::clamp(s.value(QLatin1String(kRetries), d.retries).toInt(), 0, 20);
    a.maxFileSizeMiB = std::max(0, s.value(QLatin1String(kMaxFileSize), d.maxFileSizeMiB).toInt());
    a.proxy = s.value(QLatin1String(kProxy), d.proxy).toString().trimmed();
    a.closeToTray = s.value(QLatin1String(kCloseToTray), d.closeToTray).toBool();
    a.notify = s.value(QLatin1String(kNotify), d.notify).toBool();
    const QString theme = s.value(QLatin1String(kTheme)).toString();
    a.theme = theme == QLatin1String("dark")    ? Theme::Dark
              : theme == QLatin1String("light") ? Theme::Light
                                                : Theme::System;
    a.startHandedOver = s.value(QLatin1String(kStartHandedOver), d.startHandedOver).toBool();
    a.categories = Categories::load();
    a.categoryFolders = s.value(QLatin1String(kCategoryFolders), d.categoryFolders).toBool();
    a.clipboardMonitor = s.value(QLatin1String(kClipboardMonitor), d.clipboardMonitor).toBool();
    a.clipboardExtensions =
        Categories::parseList(s.value(QLatin1String(kClipboardExtensions)).toString());
    const ScheduleSettings& ds = d.schedule;
    ScheduleSettings& sc = a.schedule;
    sc.limitHours = s.value(QLatin1String(kLimitHours), ds.limitHours).toBool();
    sc.runWindow = loadWindow(s, kRunDays, kRunFrom, kRunTo, ds.runWindow);
    sc.altSpeed = s.value(QLatin1String(kAltSpeed), ds.altSpeed).toBool();
    sc.altWindow = loadWindow(s, kAltDays, kAltFrom, kAltTo, ds.altWindow);
    sc.altSpeedKiB = std::max(0, s.value(QLatin1String(kAltSpeedKiB), ds.altSpeedKiB).toInt());
    sc.whenDone = s.value(QLatin1String(kWhenDone)).toString() == QLatin1String("quit")
                      ? ScheduleSettings::WhenDone::Quit
                      : ScheduleSettings::WhenDone::Nothing;
    a.confirmRemove = s.value(QLatin1String(kConfirmRemove), d.confirmRemove).toBool();
    a.confirmQuit = s.value(QLatin1String(kConfirmQuit), d.confirmQuit).toBool();
    a.addConnections =
        std::clamp(s.value(QLatin1String(kAddConnections), d.addConnections).toInt(), 0, 16);
    return a;
}

void AppSettings::save() const
{
    QSettings s;
    s.setValue(QLatin1String(kDirectory), directory);
    s.setValue(QLatin1String(kMaxConcurrent), maxConcurrent);
    s.setValue(QLatin1String(kConnections), connectionsPerDownload);
    s.setValue(QLatin1String(kSpeedLimit), speedLimitKiB);
    s.setValue(QLatin1String(kRetries), retries);
    s.setValue(QLatin1String(kMaxFileSize), maxFileSizeMiB);
    s.setValue(QLatin1String(kProxy), proxy);
    s.setValue(QLatin1String(kCloseToTray), closeToTray);
    s.setValue(QLatin1String(kNotify), notify);
    s.setValue(QLatin1String(kTheme), theme == Theme::Dark    ? QStringLiteral("dark")
                                      : theme == Theme::Light ? QStringLiteral("light")
                                                              : QStringLiteral("system"));
    s.setValue(QLatin1String(kStartHandedOver), startHandedOver);
    categories.save();
    s.setValue(QLatin1String(kCategoryFolders), categoryFolders);
    s.setValue(QLatin1String(kClipboardMonitor), clipboardMonitor);
    s.setValue(QLatin1String(kClipboardExtensions), clipboardExtensions.join(QStringLiteral(", ")));
    s.setValue(QLatin1String(kLimitHours), schedule.limitHours);
    saveWindow(s, schedule.runWindow, kRunDays, kRunFrom, kRunTo);
    s.setValue(QLatin1String(kAltSpeed), schedule.altSpeed);
    saveWindow(s, schedule.altWindow, kAltDays, kAltFrom, kAltTo);
    s.setValue(QLatin1String(kAltSpeedKiB), schedule.altSpeedKiB);
    s.setValue(QLatin1String(kWhenDone), schedule.whenDone == ScheduleSettings::WhenDone::Quit
                                             ? QStringLiteral("quit")
                                             : QStringLiteral("nothing"));
    s.setValue(QLatin1String(kConfirmRemove), confirmRemove);
    s.setValue(QLatin1String(kConfirmQuit), confirmQuit);
    s.setValue(QLatin1String(kAddConnections), addConnections);
}

QString AppSettings::confirmRemoveKey()
{
    return QLatin1String(kConfirmRemove);
}

QString AppSettings::confirmQuitKey()
{
    return QLatin1String(kConfirmQuit);
}

engine::SessionOptions AppSettings::sessionOptions() const
{
    engine::SessionOptions options;
    options.maxConcurrent = maxConcurrent;
    options.connections = connectionsPerDownload;
    options.rateLimit = static_cast<std::int64_t>(speedLimitKiB) * 1024;
    options.maxRetries = retries;
    options.maxFileSize = static_cast<std::int64_t>(maxFileSizeMiB) * 1024 * 1024;
    options.proxy = proxy.toStdString();
    options.storePath = storePath().toStdString();
    return options;
}

QStringList AppSettings::watchedExtensions() const
{
    return clipboardExtensions.isEmpty() ? categories.allExtensions() : clipboardExtensions;
}

QString AppSettings::storePath()
{
    QString fromEnvironment = qEnvironmentVariable("HAUL_STORE_PATH");
    if (!fromEnvironment.isEmpty()) {
        return fromEnvironment;
    }
    return QString::fromStdString(engine::Store::defaultPath());
}

} // namespace haul::ui
