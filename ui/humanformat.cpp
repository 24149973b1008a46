// SPDX-License-Identifier: MIT
#include "humanformat.h"

#include <haul/text.h>

#include <QCoreApplication>

#include <cmath>
#include <string_view>

namespace haul::ui::humanformat {

QString unknown()
{
    const std::string_view text = engine::unknownText();
    return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size()));
}

QString size(std::int64_t bytes)
{
    if (bytes < 0) {
        return unknown();
    }
    return QString::fromStdString(engine::formatBytes(static_cast<double>(bytes)));
}

QString speed(double bytesPerSecond)
{
    if (!(bytesPerSecond > 0)) {
        return {};
    }
    return QCoreApplication::translate("haul::ui::humanformat", "%1/s")
        .arg(size(static_cast<std::int64_t>(std::llround(bytesPerSecond))));
}

QString duration(std::int64_t seconds)
{
    if (seconds < 0) {
        return unknown();
    }
    if (seconds < 60) {
        return QCoreApplication::translate("haul::ui::humanformat", "%1 s").arg(seconds);
    }
    if (seconds < 3600) {
        const auto s = seconds % 60;
        return s == 0 ? QCoreApplication::translate("haul::ui::humanformat", "%1 min")
                            .arg(seconds / 60)
                      : QCoreApplication::translate("haul::ui::humanformat", "%1 min %2 s")
                            .arg(seconds / 60)
                            .arg(s);
    }
    if (seconds < 86400) {
        const auto m = (seconds % 3600) / 60;
        return m == 0 ? QCoreApplication::translate("haul::ui::humanformat", "%1 h")
                            .arg(seconds / 3600)
                      : QCoreApplication::translate("haul::ui::humanformat", "%1 h %2 min")
                            .arg(seconds / 3600)
                            .arg(m);
    }
    const auto h = (seconds % 86400) / 3600;
    return h == 0
               ? QCoreApplication::translate("haul::ui::humanformat", "%1 d").arg(seconds / 86400)
               : QCoreApplication::translate("haul::ui::humanformat", "%1 d %2 h")
                     .arg(seconds / 86400)
                     .arg(h);
}

} // namespace haul::ui::humanformat
