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
constexpr auto kStartHandedOver = "downloads/startHandedOver";
constexpr auto kConfirmRemove = "confirm/remove";
constexpr auto kConfirmQuit = "confirm/quit";
constexpr auto kAddConnections = "add/connections";

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
    a.startHandedOver = s.value(QLatin1String(kStartHandedOver), d.startHandedOver).toBool();
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
    s.setValue(QLatin1String(kStartHandedOver), startHandedOver);
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

QString AppSettings::storePath()
{
    QString fromEnvironment = qEnvironmentVariable("HAUL_STORE_PATH");
    if (!fromEnvironment.isEmpty()) {
        return fromEnvironment;
    }
    return QString::fromStdString(engine::Store::defaultPath());
}

} // namespace haul::ui
