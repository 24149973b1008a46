// SPDX-License-Identifier: MIT
#include "engineclient.h"

#include <algorithm>
#include <unordered_set>
#include <utility>

namespace haul::ui {

namespace {

constexpr qint64 kFlushIntervalMs = 1000 / EngineClient::kMaxFlushesPerSecond;

void registerMetaTypes()
{
    qRegisterMetaType<haul::engine::Event>();
    qRegisterMetaType<QList<haul::engine::Event>>();
    qRegisterMetaType<haul::engine::TransferId>("haul::engine::TransferId");
}

} // namespace

EngineClient::EngineClient(QObject* parent)
    : EngineClient(engine::SessionOptions{}, EngineFactory{}, parent)
{
}

EngineClient::EngineClient(const engine::SessionOptions& options, QObject* parent)
    : EngineClient(options, EngineFactory{}, parent)
{
}

EngineClient::EngineClient(const engine::SessionOptions& options, const EngineFactory& factory,
                           QObject* parent)
    : EngineClient(factory ? factory(options) : engine::makeLocalEngine(options), options, parent)
{
}

EngineClient::EngineClient(std::unique_ptr<engine::Engine> engine,
                           const engine::SessionOptions& options, QObject* parent)
    : QObject(parent), m_session(std::move(engine)), m_options(options)
{
    registerMetaTypes();
    Q_ASSERT(m_session);

    m_flushTimer.setSingleShot(true);
    m_flushTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_flushTimer, &QTimer::timeout, this, &EngineClient::flush);

    if (m_session) {
        m_subscription = m_session->subscribe(
            engine::kAllEvents, [this](const engine::Event& event) { handleEngineEvent(event); });
    }
}

EngineClient::~EngineClient()
{
    shutdown();
}

void EngineClient::shutdown()
{
    if (!m_session) {
        return;
    }
    // Disconnect first, then cancel: after unsubscribe() returns no callback into this object
    // runs or will start, so shutdown's Cancelled/Closed events go nowhere.
    m_session->unsubscribe(m_subscription);
    m_subscription = 0;
    m_session->shutdown();
    m_session.reset();
    m_flushTimer.stop();
    const std::lock_guard lock(m_mutex);
    m_pending.clear();
}

engine::TransferId EngineClient::add(const QString& url, const QString& directory,
                                     const QString& fileName, QString* error)
{
    engine::TransferRequest request;
    request.url = url.trimmed().toStdString();
    request.directory = directory.isEmpty() ? std::string(".") : directory.toStdString();
    request.fileName = fileName.toStdString();
    return add(request, error);
}

engine::TransferId EngineClient::add(const engine::TransferRequest& request, QString* error)
{
    const QString url = QString::fromStdString(request.url);
    if (!m_session) {
        if (error) {
            *error = tr("Haul is shutting down; the download was not added.");
        }
        return 0;
    }
    engine::Refusal refusal;
    const engine::TransferId id = m_session->create(request, &refusal);
    if (id == 0) {
        if (error) {
            *error = refusal.message.empty() ? tr("The download could not be added: %1").arg(url)
                                             : QString::fromStdString(refusal.message);
        }
        return 0;
    }
    m_openIds.insert(id);
    emit transferAdded(id, url, QString::fromStdString(request.directory),
                       QString::fromStdString(request.fileName), request.recordKey());
    return id;
}

bool EngineClient::start(engine::TransferId id)
{
    if (!m_session || !m_session->start(id)) {
        return false;
    }
    emit transferStarted(id);
    return true;
}

bool EngineClient::forceStart(engine::TransferId id)
{
    if (!m_session || !m_session->forceStart(id)) {
        return false;
    }
    emit transferStarted(id);
    return true;
}

bool EngineClient::pause(engine::TransferId id)
{
    return m_session && m_session->pause(id);
}

bool EngineClient::cancel(engine::TransferId id)
{
    return m_session && m_session->cancel(id);
}

bool EngineClient::close(engine::TransferId id)
{
    return m_session && m_session->close(id);
}

bool EngineClient::remove(engine::TransferId id, bool deleteFiles)
{
    return m_session && m_session->remove(id, {.deleteFiles = deleteFiles});
}

bool EngineClient::forgetRecord(engine::StoreKey key)
{
    return m_session && m_session->forgetRecord(key);
}

bool EngineClient::setRateLimit(engine::TransferId id, qint64 bytesPerSecond)
{
    return m_session && m_session->setRateLimit(id, std::max<qint64>(0, bytesPerSecond));
}

bool EngineClient::moveInQueue(engine::TransferId id, int delta)
{
    return m_session && delta != 0 && m_session->moveInQueue(id, delta);
}

bool EngineClient::setUrl(engine::TransferId id, const QString& url, QString* error)
{
    if (!m_session) {
        if (error) {
            *error = tr("Haul is shutting down; the address was not changed.");
        }
        return false;
    }
    engine::Refusal refusal;
    const QString trimmed = url.trimmed();
    if (!m_session->setUrl(id, trimmed.toStdString(), &refusal)) {
        if (error) {
            *error = refusal.message.empty()
                         ? tr("The address can be changed only while the download is stopped.")
                         : QString::fromStdString(refusal.message);
        }
        return false;
    }
    emit urlChanged(id, trimmed);
    return true;
}

engine::StoreKey EngineClient::storeKey(engine::TransferId id) const
{
    return m_session ? m_session->recordKey(id) : engine::StoreKey{};
}

std::optional<engine::SegmentMap> EngineClient::segmentMap(engine::TransferId id) const
{
    return m_session ? m_session->segmentMap(id) : std::nullopt;
}

void EngineClient::setGlobalRateLimit(qint64 bytesPerSecond)
{
    m_options.rateLimit = std::max<qint64>(0, bytesPerSecond);
    if (m_session) {
        m_session->setGlobalRateLimit(m_options.rateLimit);
    }
}

QStringList EngineClient::applyLiveOptions(const LiveOptions& options)
{
    if (!m_session) {
        return {tr("every setting (Haul is shutting down)")};
    }
    m_options.maxConcurrent = std::max(1, options.maxConcurrent);
    m_options.connections = std::max(1, options.connectionsPerDownload);
    m_options.rateLimit = std::max<qint64>(0, options.rateLimitBytesPerSec);
    m_options.maxRetries = std::max(0, options.retries);
    m_options.maxFileSize = std::max<qint64>(0, options.maxFileSizeBytes);
    m_options.proxy = options.proxy.trimmed().toStdString();
    m_session->updateOptions(m_options);
    return {};
}

engine::Engine::Stats EngineClient::stats() const
{
    return m_session ? m_session->stats() : engine::Engine::Stats{};
}

void EngineClient::handleEngineEvent(const engine::Event& event)
{
    bool post = false;
    {
        const std::lock_guard lock(m_mutex);
        m_pending.push_back(event);
        post = !std::exchange(m_flushPosted, true);
    }
    if (post) {
        // `this` is the context: the posted call dies with this object. It cannot outlive the
        // subscription anyway, because the destructor unsubscribes before anything else.
        QMetaObject::invokeMethod(
            this, [this] { scheduleFlush(); }, Qt::QueuedConnection);
    }
}

void EngineClient::scheduleFlush()
{
    if (m_flushTimer.isActive()) {
        return;
    }
    const qint64 elapsed = m_sinceFlush.isValid() ? m_sinceFlush.elapsed() : kFlushIntervalMs;
    if (elapsed >= kFlushIntervalMs) {
        flush();
    } else {
        m_flushTimer.start(static_cast<int>(kFlushIntervalMs - elapsed));
    }
}

void EngineClient::flush()
{
    std::vector<engine::Event> events;
    {
        const std::lock_guard lock(m_mutex);
        events.swap(m_pending);
        m_flushPosted = false;
    }
    m_sinceFlush.start();
    if (events.empty()) {
        return;
    }
    ++m_flushCount;
    for (const engine::Event& event : events) {
        ++m_eventsReceived;
        // Ids are never reused and every one of ours was made by add(): an id that is not open
        // is one whose Closed already came.
        if (m_openIds.count(event.id) == 0) {
            ++m_eventsAfterClosed;
            qWarning("haul: event %d for transfer %llu after its Closed", int(event.type),
                     static_cast<unsigned long long>(event.id));
        } else if (event.type == engine::Closed) {
            m_openIds.erase(event.id);
        }
    }
    emit eventsArrived(coalesce(std::move(events)));
}

QList<engine::Event> EngineClient::coalesce(std::vector<engine::Event> events)
{
    // Walk backwards so the first Progress met for an id is its latest; earlier ones are
    // superseded. Everything else keeps its place and order.
    std::unordered_set<engine::TransferId> seenProgress;
    std::vector<bool> keep(events.size(), true);
    for (std::size_t i = events.size(); i-- > 0;) {
        if (events[i].type == engine::Progress && !seenProgress.insert(events[i].id).second) {
            keep[i] = false;
        }
    }
    QList<engine::Event> result;
    result.reserve(static_cast<qsizetype>(events.size()));
    for (std::size_t i = 0; i < events.size(); ++i) {
        if (keep[i]) {
            result.append(std::move(events[i]));
        }
    }
    return result;
}

} // namespace haul::ui
