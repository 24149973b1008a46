// SPDX-License-Identifier: MIT
#include "dialogs/userurl.h"

#include <QRegularExpression>

namespace haul::ui {

QString UserUrl::complete(const QString& text)
{
    QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.contains(QLatin1String("://"))) {
        return trimmed;
    }
    // host.name[:port][/...], localhost[:port][/...], or an IPv4 address; no spaces, no "x:y"
    // scheme-like prefix (mailto:, ftp:) other than a port.
    static const QRegularExpression hostLike(QStringLiteral(
        R"(^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+|localhost)(?::[0-9]{1,5})?(?:[/?#]\S*)?$)"));
    if (!hostLike.match(trimmed).hasMatch()) {
        return trimmed;
    }
    return QStringLiteral("https://") + trimmed;
}

} // namespace haul::ui
