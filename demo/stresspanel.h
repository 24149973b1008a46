// SPDX-License-Identifier: MIT
#pragma once

#include <haul/engine.h>
#include <haul/events.h>

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimer>
#include <QWidget>

#include <memory>
#include <unordered_map>
#include <vector>

class QLabel;
class QPushButton;
class QSpinBox;
class QTemporaryDir;
class QToolButton;

namespace haul::server {
class HttpServer;
}

namespace haul::ui {
class DetailTab;
class EngineClient;
class MainWindow;
} // namespace haul::ui

namespace haul::demo {

// StressPanel: a tab (Tools → Stress Test) that abuses the GUI the way an impatient user would,
// against its own throttled server on 127.0.0.1: N downloads, and for a chosen time, at a chosen
// rate, random detail tabs opened and closed in the background (the user's current tab stays),
// cancels, pauses, resumes and removals. Then it closes all of its downloads and tabs, waits for
// every Closed, and gives a verdict on these invariants:
//   * no event reached the GUI for an id after its Closed (EngineClient::eventsAfterClosed);
//   * no event reached a detail tab after it was closed (DetailTab::deliveriesAfterClose);
//   * every accepted operation ended with exactly one completion (rule 1), per id;
//   * every download reached Closed, no callback is in flight, no handle is left open.
//
// It is no part of the product's window: app/gui adds it (install()) as a page of the window
// (MainWindow::addToolPage), and only app/gui and the tests link it and its server.
//
// Threads and lifetime: GUI thread only; it talks to EngineClient and MainWindow, never to the
// engine. Closing the tab mid-run is safe: the destructor disconnects, stops its timers, closes
// its downloads, then stops its server. The client and the window must outlive it (it is a tab
// of that window).
class StressPanel final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StressPanel)

public:
    struct Counters {
        qint64 elapsedMs = 0;
        int downloadsAdded = 0;
        int tabsOpened = 0;
        int tabsClosed = 0;
        int cancels = 0;
        int pauses = 0;
        int resumes = 0;
        int removes = 0;
        qint64 operationsAccepted = 0;
        qint64 completions = 0;
        std::uint64_t delivered = 0;   // Engine::stats().delivered during the run
        std::uint64_t inFlight = 0;    // Engine::stats().inFlight now
        std::uint64_t openHandles = 0; // Engine::stats().openHandles now
        std::uint64_t handlesBefore = 0;
        qint64 eventsAfterClosed = 0;       // at EngineClient, during the run
        qint64 tabDeliveriesAfterClose = 0; // at DetailTab, during the run
        int unbalancedIds = 0;              // accepted operations != completions
        int unclosedIds = 0;                // no Closed by the end of the drain
    };
    enum class Phase { Idle, Running, Draining, Done };
    static constexpr const char* kPageName = "stress";

    // Adds the "Stress Test" page to window's Tools menu; the panel is made the
    // first time it is opened. Call once per window; client and window must outlive the page.
    static void install(ui::MainWindow* window, ui::EngineClient* client);
    // Opens the page install() added (making the panel when none is open) and shows it; null
    // when install() was not called for window.
    static StressPanel* open(ui::MainWindow* window);

    StressPanel(ui::EngineClient* client, ui::MainWindow* window, QWidget* parent = nullptr);
    ~StressPanel() override;

    // Starts a run; seconds <= 0 takes the duration from the panel. False when already running
    // or when the server cannot start (the reason is shown in the panel).
    bool start(int seconds = 0);
    // Ends the random phase early; the drain and the verdict follow.
    void stop();

    void setDownloads(int count);
    void setActionsPerSecond(int rate);
    Phase phase() const { return m_phase; }
    Counters counters() const;
    bool passed() const { return m_passed; }
    // The counters and the verdict as lines of text (for `haul --stress`).
    QString report() const;
    // What the panel shows in plain words (rich text): what was tried and, once done, what
    // held; the raw counters are under its Details.
    QString summary() const;

signals:
    // After the drain; passed tells whether every invariant held.
    void finished(bool passed);

private:
    struct Track {
        int accepted = 0;
        int completions = 0;
        bool closeCalled = false;
        bool closed = false;
    };

    void handleEvents(const QList<haul::engine::Event>& events);
    void act();
    void addDownload();
    engine::TransferId randomLive();
    void startTransfer(engine::TransferId id);
    void beginDrain();
    void checkDrained();
    void finish();
    void refresh();

    QPointer<ui::EngineClient> m_client;
    QPointer<ui::MainWindow> m_window;
    std::unique_ptr<server::HttpServer> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QRandomGenerator m_rng;
    quint32 m_seed = 0;

    Phase m_phase = Phase::Idle;
    bool m_passed = false;
    int m_durationMs = 0;
    QElapsedTimer m_clock;
    QElapsedTimer m_drainClock;
    QTimer m_actionTimer;
    QTimer m_drainTimer;
    QTimer m_refreshTimer;

    std::unordered_map<engine::TransferId, Track> m_tracks;
    std::vector<engine::TransferId> m_live; // not yet closed by us
    QList<QPointer<ui::DetailTab>> m_tabs;
    Counters m_counters;
    std::uint64_t m_deliveredBefore = 0;
    qint64 m_afterClosedBefore = 0;
    qint64 m_tabAfterCloseBefore = 0;

    QSpinBox* m_downloads = nullptr;
    QSpinBox* m_duration = nullptr;
    QSpinBox* m_rate = nullptr;
    QPushButton* m_startStop = nullptr;
    QMap<QString, QLabel*> m_values;
    QLabel* m_verdict = nullptr;
    QLabel* m_summary = nullptr;
    QToolButton* m_detailsToggle = nullptr;
    QWidget* m_details = nullptr;
};

} // namespace haul::demo
