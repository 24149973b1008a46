// SPDX-License-Identifier: MIT
#pragma once

#include <haul/engine.h>
#include <haul/events.h>

#include <QElapsedTimer>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_set>
#include <vector>

Q_DECLARE_METATYPE(haul::engine::Event)

namespace haul::ui {

// EngineClient: the Qt adapter, and the only QObject the engine ever talks to.
//
// Ownership: it owns the engine, an engine::Engine (engine.h): the local one (a Session, made by
// engine::makeLocalEngine) unless the application's factory makes another; nothing here depends
// on which. Its life encloses the engine's: the destructor first unsubscribes (which
// synchronizes with a callback running on the engine thread), then shuts the engine down (for
// the local one: joins the engine thread), and only then do the members die.
//
// Threads: create, use and destroy it on the GUI thread. Every public function must be called
// on the GUI thread. The engine callback runs on the engine thread and does nothing but append
// the Event value to a mutex-protected queue and, when no flush is pending, post one flush to
// this object (queued, with `this` as context, so it dies with this object).
//
// Delivery: eventsArrived() is emitted on the GUI thread, at most about kMaxFlushesPerSecond
// times a second whatever the number of transfers (rule 11). Within one batch, only the latest
// Progress of each transfer is kept (it sits where that latest Progress was); every other event
// is kept, in engine order. Receivers connect on the GUI thread; Qt's disconnect-on-destroy
// means a receiver deleted while events are queued here never sees them (rule 10).
//
// The synchronous signals transferAdded / transferStarted are emitted from add() / start()
// before they return, so a model learns about a row before any of its events can be delivered.
class EngineClient final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EngineClient)

public:
    static constexpr int kMaxFlushesPerSecond = 25;

    // Makes the engine from the options (on the calling thread, before anything else).
    using EngineFactory =
        std::function<std::unique_ptr<engine::Engine>(const engine::SessionOptions& options)>;

    // The local engine (engine::makeLocalEngine) with default or the given options.
    explicit EngineClient(QObject* parent = nullptr);
    explicit EngineClient(const engine::SessionOptions& options, QObject* parent = nullptr);
    // The engine factory makes from options; null: the local one.
    EngineClient(const engine::SessionOptions& options, const EngineFactory& factory,
                 QObject* parent = nullptr);
    // Takes an engine created elsewhere (tests with special options). Must not be null.
    // options should be the ones the engine was made with: applyLiveOptions() starts from them.
    explicit EngineClient(std::unique_ptr<engine::Engine> engine,
                          const engine::SessionOptions& options = {}, QObject* parent = nullptr);
    ~EngineClient() override;

    // Creates a transfer (idle; call start()). Returns its id, or 0 with *error set to a
    // sentence for the user when the engine refused it (no event follows a refusal).
    // An empty fileName lets the engine derive one from the URL.
    engine::TransferId add(const QString& url, const QString& directory,
                           const QString& fileName = {}, QString* error = nullptr);
    // The same with every field of the request; request.storeKey != 0 continues that record of
    // the store (a restored download), and transferAdded carries the key.
    engine::TransferId add(const engine::TransferRequest& request, QString* error = nullptr);

    // Forwarded to the engine; false is a synchronous refusal (no event follows).
    bool start(engine::TransferId id);
    // start() past the "downloads at once" limit (Engine::forceStart): begins now and does not
    // count against the limit until its operation ends. Emits transferStarted when accepted.
    bool forceStart(engine::TransferId id);
    bool pause(engine::TransferId id);
    bool cancel(engine::TransferId id);
    bool close(engine::TransferId id);
    // Removes the download from the engine's list (Engine::remove): closes it (a pending
    // operation ends Cancelled), forgets its record before Closed and, with deleteFiles, deletes
    // its files. The only way the GUI changes the list: it never writes the store itself.
    bool remove(engine::TransferId id, bool deleteFiles = false);
    // Forgets a record of the list that no transfer holds (Engine::forgetRecord): a restored
    // row that never reaches the engine (its folder was refused).
    bool forgetRecord(engine::StoreKey key);
    // Bytes per second, 0 = none; applies at once, also to a running transfer.
    bool setRateLimit(engine::TransferId id, qint64 bytesPerSecond);
    // The limit for all downloads together (bytes per second, 0 = none), at once; kept for
    // later applyLiveOptions() calls until one gives another.
    void setGlobalRateLimit(qint64 bytesPerSecond);
    qint64 globalRateLimit() const { return m_options.rateLimit; }
    // One place earlier (delta < 0) or later in the queue, and in the store's list.
    bool moveInQueue(engine::TransferId id, int delta);
    // A new address for a transfer with nothing pending; false with *error (a sentence for the
    // user) for a bad URL or while an operation is pending. Emits urlChanged when accepted.
    bool setUrl(engine::TransferId id, const QString& url, QString* error = nullptr);
    // The store's key of the transfer's record; 0 without a store or until the engine thread
    // recorded it (shortly after add()).
    engine::StoreKey storeKey(engine::TransferId id) const;
    // Which bytes are there and what each connection fetches (Engine::segmentMap, a copy made
    // at once); nullopt for an unknown or closed id, or once the engine is shut down.
    std::optional<engine::SegmentMap> segmentMap(engine::TransferId id) const;
    // The SQLite file the engine records downloads in; empty = none (nothing is restored).
    QString storePath() const { return QString::fromStdString(m_options.storePath); }

    // Unsubscribes and shuts the engine down (the local one joins its thread); events still
    // queued are dropped. Idempotent; the destructor calls it.
    void shutdown();

    // Settings that can change while the engine runs (Engine::updateOptions): downloads at
    // once, retries and connections for operations that start from then on, the speed limit and
    // the proxy at once.
    struct LiveOptions {
        int maxConcurrent = 8;
        int connectionsPerDownload = 1;
        qint64 rateLimitBytesPerSec = 0; // 0 = unlimited
        int retries = 0;
        qint64 maxFileSizeBytes = 0; // 0 = none
        QString proxy;               // empty = none
    };
    // Returns the names (for the user) of the settings it could not apply: none, unless the
    // engine is already shut down.
    QStringList applyLiveOptions(const LiveOptions& options);

    // For tests and diagnostics.
    engine::Engine::Stats stats() const;
    int flushCount() const { return m_flushCount; }
    // Events that reached the GUI thread for an id after that id's Closed (rule 4 says none).
    qint64 eventsAfterClosed() const { return m_eventsAfterClosed; }
    std::size_t openTransfers() const { return m_openIds.size(); }
    qint64 eventsReceived() const { return m_eventsReceived; }

signals:
    // A batch of events in engine order, Progress coalesced per transfer.
    void eventsArrived(const QList<haul::engine::Event>& events);
    // add() accepted a transfer; emitted before add() returns.
    // storeKey is the request's (0 for a new download: ask storeKey(id) later).
    void transferAdded(haul::engine::TransferId id, const QString& url, const QString& directory,
                       const QString& fileName, haul::engine::StoreKey storeKey);
    // start() accepted an operation; emitted before start() returns.
    void transferStarted(haul::engine::TransferId id);
    // setUrl() accepted a new address; emitted before setUrl() returns.
    void urlChanged(haul::engine::TransferId id, const QString& url);

private:
    void handleEngineEvent(const engine::Event& event); // engine thread
    void scheduleFlush();                               // GUI thread
    void flush();                                       // GUI thread
    static QList<engine::Event> coalesce(std::vector<engine::Event> events);

    std::unique_ptr<engine::Engine> m_session;
    engine::SessionOptions m_options; // what the engine runs with (updated live)
    engine::SubscriptionId m_subscription = 0;

    std::mutex m_mutex; // guards m_pending and m_flushPosted
    std::vector<engine::Event> m_pending;
    bool m_flushPosted = false;

    QTimer m_flushTimer;        // GUI thread only
    QElapsedTimer m_sinceFlush; // GUI thread only
    int m_flushCount = 0;       // GUI thread only
    // Added and not yet Closed (so the set stays as small as the list of open downloads).
    std::unordered_set<engine::TransferId> m_openIds; // GUI thread only
    qint64 m_eventsAfterClosed = 0;                   // GUI thread only
    qint64 m_eventsReceived = 0;                      // GUI thread only
};

} // namespace haul::ui
