// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTabWidget;
class QTableWidget;
class QTimer;

namespace haul::ui {

class EngineClient;
class EventHistory;
class EventTraceModel;
class SegmentMapWidget;
class SpeedGraph;
class SpeedHistory;
class TransferListModel;

// DetailTab: everything about one download: general info, a live speed graph (last minute or
// last ten minutes, from SpeedHistory), its segment map (which bytes are there, each
// connection's range, received bytes and speed: EngineClient::segmentMap, read twice a second
// while its page is on screen, never while hidden) and, on a page beside it, the trace of every
// bridge event that reached the GUI for it: live since the tab opened, and what happened before
// from EventHistory (every event but progress). Several tabs may show the same download.
//
// Threads and lifetime: GUI thread only. It connects to EngineClient, the model and the history
// (all on the GUI thread; it never talks to the engine but through EngineClient's queries), each of
// which must outlive it or disconnect by dying first. To close it: call prepareClose() (disconnects
// at once, so nothing reaches it afterwards), remove it from its tab widget, then deleteLater().
// Qt's disconnect-on-destroy covers a tab deleted without prepareClose().
class DetailTab final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailTab)

public:
    // events may be null (the trace then starts when the tab opens).
    DetailTab(EngineClient* client, TransferListModel* model, SpeedHistory* history,
              const EventHistory* events, engine::TransferId id, QWidget* parent = nullptr);
    ~DetailTab() override;

    QString title() const;
    engine::TransferId id() const { return m_id; }
    EventTraceModel* trace() const { return m_trace; }
    SpeedGraph* graph() const { return m_graph; }
    SegmentMapWidget* segmentMap() const { return m_segmentMap; }
    // The segment map is being read (its page is on screen and the tab open).
    bool segmentMapRefreshing() const;
    static constexpr int kSegmentRefreshMs = 500;
    qint64 eventsReceived() const { return m_received; }

    // Disconnects from every source; idempotent. After it, an event reaching this tab is a bug,
    // counted in deliveriesAfterClose().
    void prepareClose();

    // Events that reached any DetailTab after its prepareClose(); must stay 0.
    static qint64 deliveriesAfterClose();

signals:
    // The tab's title (the file name) changed.
    void titleChanged(const QString& title);
    // Its Cancel button: the window cancels the download (TransferActions::cancelRow).
    void cancelRequested(haul::engine::TransferId id);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    // A palette changed while running (Settings → Window → Theme) recolours the message.
    void changeEvent(QEvent* event) override;

private:
    void handleEvents(const QList<haul::engine::Event>& events);
    void handleSampled();
    void handleToggle();
    void handleCancel();
    void refreshInfo();
    void refreshSegments();
    QWidget* createInfo();
    QWidget* createGraph();
    QWidget* createSegments();
    QWidget* createTrace();

    EngineClient* m_client = nullptr;
    TransferListModel* m_model = nullptr;
    SpeedHistory* m_history = nullptr;
    const engine::TransferId m_id;
    bool m_closing = false;
    qint64 m_received = 0;
    QString m_title;

    QLabel* m_name = nullptr;
    QLabel* m_url = nullptr;
    QLabel* m_path = nullptr;
    QLabel* m_size = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_speed = nullptr;
    QLabel* m_eta = nullptr;
    QLabel* m_http = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_toggle = nullptr;
    QPushButton* m_cancel = nullptr;
    QComboBox* m_window = nullptr;
    QLabel* m_graphSummary = nullptr;
    SpeedGraph* m_graph = nullptr;
    EventTraceModel* m_trace = nullptr;
    QTableView* m_traceView = nullptr;
    QCheckBox* m_showProgress = nullptr;
    QLabel* m_traceCount = nullptr;
    QTabWidget* m_pages = nullptr;
    QWidget* m_segmentsPage = nullptr;
    QLabel* m_segmentSummary = nullptr;
    SegmentMapWidget* m_segmentMap = nullptr;
    QTableWidget* m_connections = nullptr;
    QTimer* m_segmentTimer = nullptr;
};

} // namespace haul::ui
