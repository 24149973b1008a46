// SPDX-License-Identifier: MIT
#pragma once

#include <haul/store.h>

#include <QHash>
#include <QObject>
#include <QString>
#include <QThreadPool>

#include <memory>
#include <vector>

namespace haul::ui {

// StoreWorker: the GUI's reading of the download list (engine::Store, the SQLite file shared
// with the engine and haul-cli) at start. It never writes a record: the list is the engine's
// (removing a download is EngineClient::remove). Every Store call runs on one worker thread of
// its own, never on the GUI thread: a call may wait for the disk or for another process's lock
// (up to the store's busy timeout).
//
// Threads: create, use and destroy it on the GUI thread. Calls run on the worker in the order
// they were made. Results come back as signals on the GUI thread, posted with `this` as the
// context.
//
// Loading: load() opens the file and reads every record (loadAll) on the worker, then hands the
// records to the GUI thread in chunks: recordsLoaded() once per chunk, one chunk per turn of
// the event loop (so input, painting and timers run in between), then loadFinished() once.
//
// Trust: the list is not trusted (anyone who could write the file wrote it). Its names are
// sanitized by the Store itself; its folders are checked here, on the worker, once per distinct
// folder (folderProblem()), and each refused one comes with every chunk, so its rows can be
// shown refused instead of being downloaded into it.
//
// Lifetime: the destructor stops handing out chunks, waits for the worker's current call (the
// loadAll in progress; no new call starts) and closes the store on the worker.
class StoreWorker final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StoreWorker)

public:
    explicit StoreWorker(const QString& path, QObject* parent = nullptr);
    ~StoreWorker() override;

    QString path() const { return m_path; }

    // Opens the store (creating it and its folder when missing) and loads it. Call once;
    // chunkSize >= 1.
    void load(int chunkSize);

    // Blocks until every call made so far has run on the worker (tests). false on timeout.
    bool waitForIdle(int msecs);

    // Why a folder from the list cannot be downloaded into: not an absolute path, missing, not a
    // folder, or not writable by this user; a sentence for the row. Empty when it can. Any
    // thread; it looks at the disk (stat, access), so not on the GUI thread for many folders.
    static QString folderProblem(const QString& directory);

signals:
    // Records in queue order; the first chunk comes in a later turn of the event loop than
    // load(). refusedFolders: folder -> folderProblem() for every refused folder of the list.
    void recordsLoaded(const std::vector<haul::engine::DownloadRecord>& records,
                       const QHash<QString, QString>& refusedFolders);
    // Every chunk was delivered. error is a sentence for the user when the store could not be
    // opened or read (then no chunk came), else empty.
    void loadFinished(int count, const QString& error);

private:
    struct Shared; // worker thread only, after construction
    void handleLoaded(std::shared_ptr<std::vector<engine::DownloadRecord>> records,
                      const QHash<QString, QString>& refusedFolders, const QString& error);
    void deliverChunk();

    const QString m_path;
    std::shared_ptr<Shared> m_shared;
    QThreadPool m_pool; // one thread: calls run one at a time, in order
    bool m_loading = false;
    bool m_closing = false;
    int m_chunkSize = 1;
    std::shared_ptr<std::vector<engine::DownloadRecord>> m_records; // GUI thread
    std::size_t m_next = 0;                                         // GUI thread
    QHash<QString, QString> m_refusedFolders;                       // GUI thread
    QString m_error;                                                // GUI thread
};

} // namespace haul::ui
