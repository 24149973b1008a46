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
constexpr auto kCategoryFolders = "downloads/categoryFolders";
constexpr auto kClipboardMonitor = "clipboard/monitor";
constexpr auto kClipboardExtensions = "clipboard/extensions";

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
    a.categories = Categories::load();
    a.categoryFolders = s.value(QLatin1String(kCategoryFolders), d.categoryFolders).toBool();
    a.clipboardMonitor = s.value(QLatin1String(kClipboardMonitor), d.clipboardMonitor).toBool();
    a.clipboardExtensions =
        Categories::parseList(s.value(QLatin1String(kClipboardExtensions)).toString());
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
    categories.save();
    s.setValue(QLatin1String(kCategoryFolders), categoryFolders);
    s.setValue(QLatin1String(kClipboardMonitor), clipboardMonitor);
    s.setValue(QLatin1String(kClipboardExtensions), clipboardExtensions.join(QStringLiteral(", ")));
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
