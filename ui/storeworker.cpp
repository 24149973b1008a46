// SPDX-License-Identifier: MIT
#include "storeworker.h"

#include <haul/text.h>

#include <QFile>
#include <QMetaObject>
#include <QSet>
#include <QTimer>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <iterator>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

namespace haul::ui {

struct StoreWorker::Shared {
    std::string path;
    std::unique_ptr<engine::Store> store;
    std::string error;

    // Opens on first use; later calls reuse the connection. Worker thread.
    engine::Store* open()
    {
        if (!store && error.empty()) {
            if (engine::Store::createParentDirectories(path, &error)) {
                store = engine::Store::open(path, &error);
            }
            if (!store && error.empty()) {
                error = "The download list could not be opened.";
            }
        }
        return store.get();
    }
};

StoreWorker::StoreWorker(const QString& path, QObject* parent)
    : QObject(parent), m_path(path), m_shared(std::make_shared<Shared>())
{
    m_shared->path = path.toStdString();
    m_pool.setMaxThreadCount(1);
}

StoreWorker::~StoreWorker()
{
    m_closing = true;
    // The connection closes on the worker too: closing may checkpoint the WAL (disk I/O).
    m_pool.start([shared = m_shared] { shared->store.reset(); });
    // After this no worker call can post to `this` any more; what it posted already dies with
    // this object (Qt drops the posted events of a deleted receiver).
    m_pool.waitForDone();
}

void StoreWorker::load(int chunkSize)
{
    if (m_loading || m_closing) {
        return;
    }
    m_loading = true;
    m_chunkSize = std::max(1, chunkSize);
    m_pool.start([this, shared = m_shared] {
        auto records = std::make_shared<std::vector<engine::DownloadRecord>>();
        QString error;
        if (engine::Store* store = shared->open()) {
            *records = store->loadAll();
            if (records->empty() && !store->error().empty()) {
                error = QString::fromStdString(store->error());
            }
        } else {
            error = QString::fromStdString(shared->error);
        }
        // A list usually names a handful of folders, however many records it has.
        QSet<QString> checked;
        QHash<QString, QString> refused;
        for (const engine::DownloadRecord& record : *records) {
            const QString folder = QString::fromStdString(record.directory);
            if (checked.contains(folder)) {
                continue;
            }
            checked.insert(folder);
            if (QString problem = folderProblem(folder); !problem.isEmpty()) {
                refused.insert(folder, problem);
            }
        }
        // `this` outlives every worker call: the destructor waits for them.
        QMetaObject::invokeMethod(
            this, [this, records, refused, error] { handleLoaded(records, refused, error); },
            Qt::QueuedConnection);
    });
}

void StoreWorker::handleLoaded(std::shared_ptr<std::vector<engine::DownloadRecord>> records,
                               const QHash<QString, QString>& refusedFolders, const QString& error)
{
    m_records = std::move(records);
    m_refusedFolders = refusedFolders;
    m_next = 0;
    m_error = error;
    deliverChunk();
}

void StoreWorker::deliverChunk()
{
    if (m_closing || !m_records) {
        return;
    }
    const std::size_t size = m_records->size();
    if (m_next < size) {
        const std::size_t end = std::min(size, m_next + static_cast<std::size_t>(m_chunkSize));
        std::vector<engine::DownloadRecord> chunk(
            std::make_move_iterator(m_records->begin() + static_cast<std::ptrdiff_t>(m_next)),
            std::make_move_iterator(m_records->begin() + static_cast<std::ptrdiff_t>(end)));
        m_next = end;
        emit recordsLoaded(chunk, m_refusedFolders);
    }
    if (m_next < size) {
        // A zero-time single shot is a posted call: events posted meanwhile (input, paint,
        // the engine's flushes) and due timers run before the next chunk.
        QTimer::singleShot(0, this, &StoreWorker::deliverChunk);
        return;
    }
    m_records.reset();
    m_loading = false;
    emit loadFinished(static_cast<int>(size), m_error);
}

QString StoreWorker::folderProblem(const QString& directory)
{
    const QString advice = tr(" Remove this download from the list and add it again.");
    if (!directory.startsWith(QLatin1Char('/'))) {
        return tr("Not restored: the folder “%1” in the download list is not an "
                  "absolute path.")
                   .arg(directory)
               + advice;
    }
    const QByteArray path = QFile::encodeName(directory);
    struct stat info {};
    if (::stat(path.constData(), &info) != 0) {
        return (errno == ENOENT || errno == ENOTDIR
                    ? tr("Not restored: the folder “%1” from the download list does "
                         "not exist.")
                          .arg(directory)
                    : tr("Not restored: the folder “%1” from the download list cannot "
                         "be checked (%2).")
                          .arg(directory, QString::fromLocal8Bit(engine::errorText(errno).c_str())))
               + advice;
    }
    if (!S_ISDIR(info.st_mode)) {
        return tr("Not restored: “%1” from the download list is not a folder.").arg(directory)
               + advice;
    }
    // With the effective ids, as the kernel checks them when the .part is created.
    if (::faccessat(AT_FDCWD, path.constData(), W_OK | X_OK, AT_EACCESS) != 0) {
        return tr("Not restored: you cannot write to the folder “%1” from the "
                  "download list.")
                   .arg(directory)
               + advice;
    }
    return {};
}

bool StoreWorker::waitForIdle(int msecs)
{
    return m_pool.waitForDone(msecs);
}

} // namespace haul::ui
