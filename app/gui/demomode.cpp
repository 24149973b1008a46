// SPDX-License-Identifier: MIT
#include "demomode.h"

#include <haul/server/democatalog.h>

#include <QDir>
#include <QStandardPaths>

namespace haul::app {

DemoMode::DemoMode() = default;

DemoMode::~DemoMode()
{
    m_server.stop();
}

bool DemoMode::start()
{
    server::DemoCatalog::registerOn(m_server);
    return m_server.start();
}

QString DemoMode::error() const
{
    return QString::fromStdString(m_server.error());
}

QStringList DemoMode::urls() const
{
    QStringList result;
    for (const std::string& url : server::DemoCatalog::urls(m_server.port())) {
        result.append(QString::fromStdString(url));
    }
    return result;
}

QString DemoMode::directory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::TempLocation))
        .filePath(QStringLiteral("haul-demo"));
}

} // namespace haul::app
