// SPDX-License-Identifier: MIT
#include "stresspanel.h"

#include "details/detailtab.h"
#include "engineclient.h"
#include "mainwindow.h"
#include "themedicon.h"
#include "transferlist/transferlistmodel.h"

#include <haul/server/httpserver.h>

#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <iterator>

namespace haul::demo {

using ui::DetailTab;
using ui::EngineClient;
using ui::MainWindow;

namespace {

constexpr int kMaxTabs = 12;
constexpr int kDrainTimeoutMs = 15000;
constexpr std::uint64_t kMiB = std::uint64_t{1024} * 1024;

struct StressResource {
    const char* path;
    std::uint64_t size;
    std::uint64_t rate;
    unsigned headerDelayMs;
    int status;
};

// Slow and fast bodies, a server that thinks before answering, and one that refuses: so random
// actions land in every state (queued, connecting, headers, body, done, failed).
constexpr std::array<StressResource, 5> kResources = {{
    {"/stress/slow.bin", 16 * kMiB, kMiB / 2, 0, 0},
    {"/stress/medium.bin", 8 * kMiB, 2 * kMiB, 0, 0},
    {"/stress/fast.bin", kMiB / 2, 0, 0, 0},
    {"/stress/thinking.bin", 4 * kMiB, 1 * kMiB, 300, 0},
    {"/stress/missing.bin", 1024, 0, 0, 404},
}};

// Names of the counters, in the order the panel and the report show them; the panel shows
// kLabels beside them, the report (`haul --stress`) these names.
const char* const kRows[] = {
    "Elapsed",
    "Downloads added",
    "Detail tabs opened / closed",
    "Cancels / pauses / resumes / removes",
    "Operations accepted / completions",
    "Events delivered by the engine",
    "Callbacks in flight",
    "Handles open (before the run)",
    "Events after Closed",
    "Events reaching a closed tab",
    "Ids with operations ≠ completions",
    "Ids never Closed",
};

const char* const kLabels[] = {
    QT_TRANSLATE_NOOP("haul::demo::StressPanel", "Time spent acting"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel", "Downloads started"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel", "Detail tabs opened / closed"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel", "Cancels / pauses / resumes / removals"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel",
                      "Starts accepted / operations ended (equal when all is well)"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel", "Messages the engine delivered"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel", "Messages still being delivered (should be 0)"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel",
                      "Downloads open in the engine now (before the run)"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel",
                      "Messages after their download was closed (should be 0)"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel",
                      "Messages that reached a closed detail tab (should be 0)"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel",
                      "Downloads whose operations did not each end once (should be 0)"),
    QT_TRANSLATE_NOOP("haul::demo::StressPanel", "Downloads never closed (should be 0)"),
};
static_assert(std::size(kRows) == std::size(kLabels));

bool darkPalette(const QWidget* widget)
{
    return widget->palette().color(QPalette::Window).lightness() < 128;
}

} // namespace

void StressPanel::install(MainWindow* window, EngineClient* client)
{
    QPointer<EngineClient> guard = client;
    window->addToolPage(
        QString::fromLatin1(kPageName), haul::ui::themedIcon("stress"), tr("Stress Test"),
        tr("Checks Haul itself: random cancels, pauses and removals on throwaway downloads from "
           "a local test server; your downloads are not touched"),
        [window, guard](QWidget* parent) -> QWidget* {
            return new StressPanel(guard.data(), window, parent);
        });
}

StressPanel* StressPanel::open(MainWindow* window)
{
    return qobject_cast<StressPanel*>(window->openToolPage(QString::fromLatin1(kPageName)));
}

StressPanel::StressPanel(EngineClient* client, MainWindow* window, QWidget* parent)
    : QWidget(parent), m_client(client), m_window(window),
      m_seed(QRandomGenerator::global()->generate())
{
    setObjectName(QStringLiteral("stressPanel"));
    m_rng.seed(m_seed);

    auto* config = new QGroupBox(tr("Run"), this);
    auto* configLayout = new QHBoxLayout(config);
    auto spin = [config](int min, int max, int value, const QString& suffix) {
        auto* box = new QSpinBox(config);
        box->setRange(min, max);
        box->setValue(value);
        box->setSuffix(suffix);
        return box;
    };
    m_downloads = spin(1, 200, 24, tr(" downloads"));
    m_duration = spin(1, 3600, 15, tr(" s"));
    m_rate = spin(1, 500, 25, tr(" actions/s"));
    m_startStop = new QPushButton(haul::ui::themedIcon("start"), tr("Start"), config);
    m_startStop->setObjectName(QStringLiteral("startStop"));
    configLayout->addWidget(m_downloads);
    configLayout->addWidget(new QLabel(tr("for"), config));
    configLayout->addWidget(m_duration);
    configLayout->addWidget(new QLabel(tr("at"), config));
    configLayout->addWidget(m_rate);
    configLayout->addStretch(1);
    configLayout->addWidget(m_startStop);

    auto* counters = new QGroupBox(this);
    counters->setObjectName(QStringLiteral("stressDetails"));
    auto* grid = new QFormLayout(counters);
    grid->setLabelAlignment(Qt::AlignRight);
    grid->setRowWrapPolicy(QFormLayout::WrapLongRows);
    for (std::size_t i = 0; i < std::size(kRows); ++i) {
        auto* value = new QLabel(QStringLiteral("0"), counters);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse);
        grid->addRow(tr(kLabels[i]) + QLatin1Char(':'), value);
        m_values.insert(QString::fromUtf8(kRows[i]), value);
    }
    counters->setVisible(false);
    m_detailsToggle = new QToolButton(this);
    m_detailsToggle->setObjectName(QStringLiteral("detailsToggle"));
    m_detailsToggle->setCheckable(true);
    m_detailsToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsToggle->setArrowType(Qt::RightArrow);
    m_detailsToggle->setAutoRaise(true);
    m_detailsToggle->setText(tr("Details"));
    m_detailsToggle->setToolTip(tr("The raw counters behind the summary"));
    m_details = counters;
    connect(m_detailsToggle, &QToolButton::toggled, this, [this](bool on) {
        m_details->setVisible(on);
        m_detailsToggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    });

    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_verdict = new QLabel(this);
    m_verdict->setObjectName(QStringLiteral("verdict"));
    m_verdict->setWordWrap(true);
    QFont big = m_verdict->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    m_verdict->setFont(big);
    m_verdict->setText(tr("Not run yet."));

    auto* about = new QLabel(
        tr("Checks that Haul stays correct when it is hammered. It downloads throwaway files "
           "from a slow test server on this computer (your downloads are not touched) and, at "
           "random moments, cancels, pauses, resumes and removes them and opens and closes "
           "their detail tabs in the background. Then it closes everything and checks that "
           "every download ended properly."),
        this);
    about->setWordWrap(true);
    about->setForegroundRole(QPalette::PlaceholderText);

    // Scrolls rather than growing the window past the screen once Details are open (800x600).
    auto* content = new QWidget(this);
    auto* layout = new QVBoxLayout(content);
    layout->addWidget(about);
    layout->addWidget(config);
    layout->addWidget(m_verdict);
    layout->addWidget(m_summary);
    layout->addWidget(m_detailsToggle, 0, Qt::AlignLeft);
    layout->addWidget(counters);
    layout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidgetResizable(true);
    scroll->setWidget(content);
    scroll->viewport()->setBackgroundRole(QPalette::Window);
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    m_refreshTimer.setInterval(200);
    m_drainTimer.setInterval(100);
    connect(&m_actionTimer, &QTimer::timeout, this, &StressPanel::act);
    connect(&m_drainTimer, &QTimer::timeout, this, &StressPanel::checkDrained);
    connect(&m_refreshTimer, &QTimer::timeout, this, &StressPanel::refresh);
    connect(m_startStop, &QPushButton::clicked, this,
            [this] { m_phase == Phase::Running ? stop() : static_cast<void>(start()); });
    if (m_client) {
        connect(m_client, &EngineClient::eventsArrived, this, &StressPanel::handleEvents);
    }
}

StressPanel::~StressPanel()
{
    // Disconnect first, then cancel: stop listening and acting, close what we opened, and
    // only then take the server away from under the transfers.
    if (m_client) {
        disconnect(m_client, nullptr, this, nullptr);
    }
    m_actionTimer.stop();
    m_drainTimer.stop();
    m_refreshTimer.stop();
    for (const engine::TransferId id : m_live) {
        if (m_window) {
            m_window->removeTransfer(id);
        } else if (m_client) {
            m_client->close(id);
        }
    }
    m_server.reset();
}

void StressPanel::setDownloads(int count)
{
    m_downloads->setValue(count);
}

void StressPanel::setActionsPerSecond(int rate)
{
    m_rate->setValue(rate);
}

bool StressPanel::start(int seconds)
{
    if (m_phase == Phase::Running || m_phase == Phase::Draining || !m_client || !m_window) {
        return false;
    }
    if (seconds > 0) {
        m_duration->setValue(seconds);
    }
    m_server = std::make_unique<server::HttpServer>();
    for (std::size_t i = 0; i < kResources.size(); ++i) {
        server::Resource r;
        r.size = kResources[i].size;
        r.seed = 0x57e55u + i;
        r.rateBytesPerSec = kResources[i].rate;
        r.headerDelayMs = kResources[i].headerDelayMs;
        r.status = kResources[i].status;
        m_server->addResource(kResources[i].path, r);
    }
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_server->start() || !m_dir->isValid()) {
        m_verdict->setText(tr("Cannot start: %1")
                               .arg(m_server->isRunning()
                                        ? tr("no temporary folder")
                                        : QString::fromStdString(m_server->error())));
        m_server.reset();
        return false;
    }

    m_tracks.clear();
    m_live.clear();
    m_tabs.clear();
    m_counters = {};
    const engine::Engine::Stats before = m_client->stats();
    m_counters.handlesBefore = before.openHandles;
    m_deliveredBefore = before.delivered;
    m_afterClosedBefore = m_client->eventsAfterClosed();
    m_tabAfterCloseBefore = DetailTab::deliveriesAfterClose();
    m_durationMs = m_duration->value() * 1000;
    m_passed = false;
    m_phase = Phase::Running;
    for (int i = 0; i < m_downloads->value(); ++i) {
        addDownload();
    }
    m_clock.start();
    m_actionTimer.start(std::max(1, 1000 / m_rate->value()));
    m_refreshTimer.start();
    m_startStop->setText(tr("Stop"));
    m_startStop->setIcon(haul::ui::themedIcon("cancel"));
    m_downloads->setEnabled(false);
    m_duration->setEnabled(false);
    m_rate->setEnabled(false);
    m_verdict->setStyleSheet({});
    m_verdict->setText(tr("Running…"));
    refresh();
    return true;
}

void StressPanel::stop()
{
    if (m_phase == Phase::Running) {
        beginDrain();
    }
}

void StressPanel::addDownload()
{
    const auto& resource = kResources[m_rng.bounded(static_cast<quint32>(kResources.size()))];
    const QString url = QString::fromStdString(m_server->url(resource.path));
    const QString name = QStringLiteral("stress-%1.bin").arg(++m_counters.downloadsAdded);
    const engine::TransferId id = m_client->add(url, m_dir->path(), name);
    if (id == 0) {
        return;
    }
    m_tracks[id] = {};
    m_live.push_back(id);
    startTransfer(id);
}

void StressPanel::startTransfer(engine::TransferId id)
{
    if (m_client->start(id)) {
        ++m_tracks[id].accepted;
        ++m_counters.operationsAccepted;
    }
}

engine::TransferId StressPanel::randomLive()
{
    if (m_live.empty()) {
        return 0;
    }
    return m_live[m_rng.bounded(static_cast<quint32>(m_live.size()))];
}

void StressPanel::act()
{
    if (m_phase != Phase::Running || !m_window) {
        return;
    }
    if (m_clock.elapsed() >= m_durationMs) {
        beginDrain();
        return;
    }
    m_tabs.removeAll(nullptr);
    const engine::TransferId id = randomLive();
    const quint32 dice = m_rng.bounded(100u);
    if (dice < 18 && id != 0 && m_tabs.size() < kMaxTabs) {
        // One tab per download, opened in the background: the user's current tab stays where
        // it is, and an open one is not counted again.
        if (DetailTab* tab = m_window->openDetails(id, false); tab && !m_tabs.contains(tab)) {
            m_tabs.append(tab);
            ++m_counters.tabsOpened;
        }
    } else if (dice < 36 && !m_tabs.isEmpty()) {
        const auto at = static_cast<qsizetype>(m_rng.bounded(static_cast<quint32>(m_tabs.size())));
        if (m_window->closeTab(m_tabs.takeAt(at))) {
            ++m_counters.tabsClosed;
        }
    } else if (dice < 52 && id != 0) {
        m_client->cancel(id);
        ++m_counters.cancels;
    } else if (dice < 68 && id != 0) {
        if (m_client->pause(id)) {
            ++m_counters.pauses;
        }
    } else if (dice < 88 && id != 0) {
        // start() is refused while an operation is pending or after completion: no event then.
        const qint64 before = m_counters.operationsAccepted;
        startTransfer(id);
        m_counters.resumes += m_counters.operationsAccepted > before ? 1 : 0;
    } else if (id != 0) {
        m_tracks[id].closeCalled = true;
        m_live.erase(std::find(m_live.begin(), m_live.end(), id));
        m_window->removeTransfer(id);
        ++m_counters.removes;
        addDownload();
    }
}

void StressPanel::handleEvents(const QList<haul::engine::Event>& events)
{
    for (const engine::Event& event : events) {
        const auto it = m_tracks.find(event.id);
        if (it == m_tracks.end()) {
            continue;
        }
        Track& track = it->second;
        if (engine::isCompletion(event.type)) {
            ++track.completions;
            ++m_counters.completions;
        } else if (event.type == engine::Closed) {
            track.closed = true;
        }
    }
}

void StressPanel::beginDrain()
{
    m_phase = Phase::Draining;
    m_actionTimer.stop();
    m_counters.elapsedMs = m_clock.elapsed();
    if (m_window) {
        for (const QPointer<DetailTab>& tab : std::as_const(m_tabs)) {
            if (tab && m_window->closeTab(tab)) {
                ++m_counters.tabsClosed;
            }
        }
    }
    m_tabs.clear();
    for (const engine::TransferId id : m_live) {
        m_tracks[id].closeCalled = true;
        if (m_window) {
            m_window->removeTransfer(id);
        }
    }
    m_live.clear();
    m_verdict->setText(tr("Closing everything and checking…"));
    m_drainClock.start();
    m_drainTimer.start();
}

void StressPanel::checkDrained()
{
    const bool allClosed = std::all_of(m_tracks.begin(), m_tracks.end(),
                                       [](const auto& entry) { return entry.second.closed; });
    const engine::Engine::Stats stats = m_client ? m_client->stats() : engine::Engine::Stats{};
    const bool quiet = stats.inFlight == 0 && stats.openHandles <= m_counters.handlesBefore;
    if ((allClosed && quiet) || m_drainClock.elapsed() > kDrainTimeoutMs) {
        finish();
    }
}

void StressPanel::finish()
{
    m_drainTimer.stop();
    m_refreshTimer.stop();
    m_phase = Phase::Done;
    for (const auto& [id, track] : m_tracks) {
        m_counters.unbalancedIds += track.accepted != track.completions ? 1 : 0;
        m_counters.unclosedIds += track.closed ? 0 : 1;
    }
    refresh();
    const Counters c = counters();
    m_passed = c.eventsAfterClosed == 0 && c.tabDeliveriesAfterClose == 0 && c.unbalancedIds == 0
               && c.unclosedIds == 0 && c.inFlight == 0 && c.openHandles <= c.handlesBefore;
    m_server.reset(); // every transfer that read from it is Closed (or timed out above)
    m_startStop->setText(tr("Start"));
    m_startStop->setIcon(haul::ui::themedIcon("start"));
    m_downloads->setEnabled(true);
    m_duration->setEnabled(true);
    m_rate->setEnabled(true);
    const bool dark = darkPalette(this);
    m_verdict->setStyleSheet(
        QStringLiteral("color: %1;")
            .arg(m_passed ? (dark ? QStringLiteral("#81c784") : QStringLiteral("#2e7d32"))
                          : (dark ? QStringLiteral("#ef9a9a") : QStringLiteral("#c02d3c"))));
    m_verdict->setText(m_passed ? tr("Passed: everything held.")
                                : tr("Failed: something did not hold."));
    emit finished(m_passed);
}

StressPanel::Counters StressPanel::counters() const
{
    Counters c = m_counters;
    if (m_phase == Phase::Running) {
        c.elapsedMs = m_clock.elapsed();
    }
    if (m_client) {
        const engine::Engine::Stats stats = m_client->stats();
        c.delivered = stats.delivered - std::min(stats.delivered, m_deliveredBefore);
        c.inFlight = stats.inFlight;
        c.openHandles = stats.openHandles;
        c.eventsAfterClosed = m_client->eventsAfterClosed() - m_afterClosedBefore;
    }
    c.tabDeliveriesAfterClose = DetailTab::deliveriesAfterClose() - m_tabAfterCloseBefore;
    return c;
}

void StressPanel::refresh()
{
    const Counters c = counters();
    const auto set = [this](const char* row, const QString& text) {
        if (QLabel* label = m_values.value(QString::fromUtf8(row))) {
            label->setText(text);
        }
    };
    const QString slash = QStringLiteral(" / ");
    set(kRows[0], tr("%1 s").arg(static_cast<double>(c.elapsedMs) / 1000.0, 0, 'f', 1));
    set(kRows[1], QString::number(c.downloadsAdded));
    set(kRows[2], QString::number(c.tabsOpened) + slash + QString::number(c.tabsClosed));
    set(kRows[3], QStringList{QString::number(c.cancels), QString::number(c.pauses),
                              QString::number(c.resumes), QString::number(c.removes)}
                      .join(slash));
    set(kRows[4], QString::number(c.operationsAccepted) + slash + QString::number(c.completions));
    set(kRows[5], QString::number(c.delivered));
    set(kRows[6], QString::number(c.inFlight));
    set(kRows[7], QStringLiteral("%1 (%2)").arg(c.openHandles).arg(c.handlesBefore));
    set(kRows[8], QString::number(c.eventsAfterClosed));
    set(kRows[9], QString::number(c.tabDeliveriesAfterClose));
    set(kRows[10], m_phase == Phase::Done ? QString::number(c.unbalancedIds) : tr("at the end"));
    set(kRows[11], m_phase == Phase::Done ? QString::number(c.unclosedIds) : tr("at the end"));
    m_summary->setText(summary());
}

QString StressPanel::summary() const
{
    const Counters c = counters();
    const int actions = c.cancels + c.pauses + c.resumes + c.removes;
    const QString seconds = QLocale().toString(static_cast<double>(c.elapsedMs) / 1000.0, 'f', 0);
    const QString tried =
        tr("Tried %1 cancels, pauses, resumes and removals at random moments on %2 downloads "
           "in %3 s, and opened and closed %4 detail tabs.")
            .arg(QLocale().toString(actions), QLocale().toString(c.downloadsAdded), seconds,
                 QLocale().toString(c.tabsOpened));
    if (m_phase == Phase::Idle) {
        return {};
    }
    if (m_phase != Phase::Done) {
        return tried.toHtmlEscaped();
    }
    const bool dark = darkPalette(this);
    const QString good = dark ? QStringLiteral("#81c784") : QStringLiteral("#2e7d32");
    const QString bad = dark ? QStringLiteral("#ef9a9a") : QStringLiteral("#c02d3c");
    QStringList checks;
    const auto check = [&](bool ok, const QString& held, const QString& broke) {
        checks << QStringLiteral("<span style='color:%1'>%2</span>&nbsp;%3")
                      .arg(ok ? good : bad, ok ? QStringLiteral("✔") : QStringLiteral("✘"),
                           (ok ? held : broke).toHtmlEscaped());
    };
    check(c.unbalancedIds == 0, tr("Every start, pause and cancel ended exactly once."),
          tr("%n download(s) had an action that did not end exactly once.", nullptr,
             c.unbalancedIds));
    check(c.eventsAfterClosed == 0, tr("Nothing arrived for a download after it was closed."),
          tr("%n message(s) arrived after their download was closed.", nullptr,
             static_cast<int>(c.eventsAfterClosed)));
    check(c.tabDeliveriesAfterClose == 0, tr("Nothing reached a detail tab after it was closed."),
          tr("%n message(s) reached a detail tab after it was closed.", nullptr,
             static_cast<int>(c.tabDeliveriesAfterClose)));
    check(c.unclosedIds == 0 && c.inFlight == 0 && c.openHandles <= c.handlesBefore,
          tr("Every download was closed and nothing was left running."),
          tr("Not everything was closed: %n download(s) never closed.", nullptr, c.unclosedIds));
    return QStringLiteral("<p>%1</p><p>%2</p><p>%3</p>")
        .arg(tried.toHtmlEscaped(), checks.join(QStringLiteral("<br>")),
             tr("Random seed: %1.").arg(m_seed).toHtmlEscaped());
}

QString StressPanel::report() const
{
    QStringList lines;
    for (const char* row : kRows) {
        const QLabel* label = m_values.value(QString::fromUtf8(row));
        lines << QStringLiteral("%1: %2").arg(QString::fromUtf8(row),
                                              label ? label->text() : QString());
    }
    lines << (m_phase != Phase::Done ? QStringLiteral("verdict: not finished")
              : m_passed             ? QStringLiteral("verdict: PASS (seed %1)").arg(m_seed)
                                     : QStringLiteral("verdict: FAIL (seed %1)").arg(m_seed));
    return lines.join(QLatin1Char('\n'));
}

} // namespace haul::demo
