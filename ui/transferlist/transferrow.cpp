// SPDX-License-Identifier: MIT
#include "transferlist/transferrow.h"

#include <haul/recordmapping.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QUrl>

#include <algorithm>
#include <cmath>

namespace haul::ui {

QString TransferRow::nameFromUrl(const QString& url)
{
    const QUrl parsed(url);
    QString name = parsed.fileName();
    if (name.isEmpty()) {
        name = parsed.host();
    }
    return name.isEmpty() ? url : name;
}

TransferRow TransferRow::fromRecord(const engine::DownloadRecord& record)
{
    using engine::DownloadState;
    TransferRow row;
    row.key = record.storeKey();
    row.url = QString::fromStdString(record.url);
    row.directory = QString::fromStdString(record.directory);
    row.name = QString::fromStdString(record.fileName);
    if (row.name.isEmpty()) {
        row.name = nameFromUrl(row.url);
    }
    row.bytes = std::max<std::int64_t>(0, record.bytesDone);
    row.total = record.totalSize;
    row.request = engine::requestFor(record);
    row.addedAtMs = record.createdAtMs;
    row.finishedAtMs = record.finishedAtMs;
    switch (record.state) {
    case DownloadState::Queued:
    case DownloadState::Running: row.state = State::Queued; break;
    case DownloadState::Paused: row.state = State::Paused; break;
    case DownloadState::Completed:
        row.state = State::Completed;
        row.path = QDir(row.directory).filePath(row.name);
        break;
    case DownloadState::Failed:
        row.state = State::Failed;
        row.message =
            record.errorText.empty()
                ? QCoreApplication::translate("haul::ui::TransferListModel", "The download failed.")
                : QString::fromStdString(record.errorText);
        break;
    case DownloadState::Cancelled: row.state = State::Cancelled; break;
    }
    return row;
}

std::int64_t TransferRow::etaSeconds() const
{
    if (total < 0 || !(speed > 0)) {
        return -1;
    }
    const double remaining = static_cast<double>(std::max<std::int64_t>(0, total - bytes));
    return static_cast<std::int64_t>(std::ceil(remaining / speed));
}

bool TransferRow::stalled() const
{
    return state == State::Downloading && etaSeconds() > kStalledEtaSeconds;
}

QString TransferRow::host() const
{
    return QUrl(url).host();
}

double TransferRow::fraction() const
{
    if (state == State::Completed) {
        return 1.0;
    }
    if (total <= 0) {
        return total == 0 ? 1.0 : -1.0;
    }
    return std::clamp(static_cast<double>(bytes) / static_cast<double>(total), 0.0, 1.0);
}

bool TransferRow::apply(const engine::Event& event)
{
    using namespace haul::engine;
    switch (event.type) {
    case Resolving:
    case Connecting:
    case Connected:
    case RequestSent:
        if (state != State::Downloading) {
            state = State::Connecting;
        }
        return true;
    case Redirect:
        message = QCoreApplication::translate("haul::ui::TransferListModel", "Redirected to %1")
                      .arg(QString::fromStdString(event.url));
        return true;
    case HeadersReceived:
        state = State::Downloading;
        httpCode = event.httpCode;
        message.clear();
        // The length of an error page is not the size of the file.
        if (event.total >= 0 && event.httpCode < 400) {
            total = event.total;
        }
        bytes = std::max<std::int64_t>(0, event.bytes);
        if (!event.file.empty()) {
            const QString fileName = QFileInfo(QString::fromStdString(event.file)).fileName();
            if (!fileName.isEmpty()) {
                name = fileName;
            }
        }
        return true;
    case Progress:
        state = State::Downloading;
        bytes = event.bytes;
        if (event.total >= 0) {
            total = event.total;
        }
        speed = event.speed;
        return true;
    case Requeued: // "downloads at once" was lowered: waiting for a slot, bytes kept
        state = State::Queued;
        speed = 0;
        if (event.bytes > 0) {
            bytes = event.bytes;
        }
        return true;
    case Retrying:
        state = State::Retrying;
        speed = 0;
        message = QCoreApplication::translate("haul::ui::TransferListModel", "Retrying: %1")
                      .arg(QString::fromStdString(event.reason));
        return true;
    case Completed:
        state = State::Completed;
        speed = 0;
        message.clear();
        if (finishedAtMs == 0) {
            finishedAtMs = QDateTime::currentMSecsSinceEpoch();
        }
        if (event.bytes > 0) {
            bytes = event.bytes;
        }
        if (total < 0 || bytes > total) {
            total = bytes;
        }
        if (!event.file.empty()) {
            path = QString::fromStdString(event.file);
            const QString fileName = QFileInfo(path).fileName();
            if (!fileName.isEmpty()) {
                name = fileName;
            }
        }
        return true;
    case Failed:
        state = State::Failed;
        speed = 0;
        if (event.httpCode != 0) {
            httpCode = event.httpCode;
        }
        message = event.reason.empty() ? QCoreApplication::translate("haul::ui::TransferListModel",
                                                                     "The download failed.")
                                       : QString::fromStdString(event.reason);
        return true;
    case Cancelled:
        state = State::Cancelled;
        speed = 0;
        return true;
    case Paused:
        state = State::Paused;
        speed = 0;
        if (event.bytes > 0) {
            bytes = event.bytes;
        }
        return true;
    case Closed: closed = true; return true;
    }
    return false;
}

} // namespace haul::ui
