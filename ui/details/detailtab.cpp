// SPDX-License-Identifier: MIT
#include "details/detailtab.h"

#include "details/eventhistory.h"
#include "details/eventtracemodel.h"
#include "details/segmentmapwidget.h"
#include "details/speedgraph.h"
#include "details/speedhistory.h"
#include "engineclient.h"
#include "humanformat.h"
#include "themedicon.h"
#include "transferlist/statecolors.h"
#include "transferlist/transferlistmodel.h"

#include <haul/url.h>

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

namespace haul::ui {

namespace {

using State = TransferListModel::State;

qint64 g_deliveriesAfterClose = 0; // GUI thread only

QLabel* valueLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    label->setMinimumWidth(120);
    return label;
}

} // namespace

DetailTab::DetailTab(EngineClient* client, TransferListModel* model, SpeedHistory* history,
                     const EventHistory* events, engine::TransferId id, QWidget* parent)
    : QWidget(parent), m_client(client), m_model(model), m_history(history), m_id(id),
      m_trace(new EventTraceModel(this))
{
    setObjectName(QStringLiteral("detailTab"));
    auto* layout = new QVBoxLayout(this);

    auto* header = new QHBoxLayout;
    m_name = new QLabel(this);
    QFont big = m_name->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    m_name->setFont(big);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_toggle = new QPushButton(this);
    m_toggle->setObjectName(QStringLiteral("toggleButton"));
    m_cancel = new QPushButton(themedIcon("cancel"), tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(
        tr("Stop this download for good and delete its partial file (Pause keeps it)"));
    header->addWidget(m_name, 1);
    header->addWidget(m_toggle);
    header->addWidget(m_cancel);
    layout->addLayout(header);

    auto* top = new QWidget(this);
    auto* topLayout = new QHBoxLayout(top);
    topLayout->setContentsMargins(0, 0, 0, 0);
    topLayout->addWidget(createInfo(), 2);
    topLayout->addWidget(createGraph(), 3);

    // Below: the segments and the trace, one page each (they share the height a small window
    // has; the trace came first, so a page of its own keeps it as tall as it was).
    m_pages = new QTabWidget(this);
    m_pages->setObjectName(QStringLiteral("detailPages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(createSegments(), tr("Segments"));
    m_pages->addTab(createTrace(), tr("Event trace"));
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(top);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    layout->addWidget(splitter, 1);

    connect(m_toggle, &QPushButton::clicked, this, &DetailTab::handleToggle);
    connect(m_cancel, &QPushButton::clicked, this, &DetailTab::handleCancel);
    // What happened before the tab opened; the batches after it come live. A tab opened
    // between deliveries (the only way: from a user's action or a timer) shows nothing twice
    // and misses nothing: EventHistory took every batch before.
    if (events) {
        for (const EventHistory::Entry& entry : events->of(m_id)) {
            m_trace->append({entry.event}, entry.time);
        }
    }
    // Every source lives on the GUI thread; `this` as receiver means Qt drops the connection
    // when the tab dies, and prepareClose() drops it earlier.
    if (m_client) {
        connect(m_client, &EngineClient::eventsArrived, this, &DetailTab::handleEvents);
    }
    if (m_history) {
        connect(m_history, &SpeedHistory::sampled, this, &DetailTab::handleSampled);
    }
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DetailTab::refreshInfo);
        connect(m_model, &TransferListModel::countsChanged, this, &DetailTab::refreshInfo);
    }
    refreshInfo();
    handleSampled();
}

DetailTab::~DetailTab()
{
    prepareClose();
}

QString DetailTab::title() const
{
    return m_title;
}

qint64 DetailTab::deliveriesAfterClose()
{
    return g_deliveriesAfterClose;
}

void DetailTab::prepareClose()
{
    if (m_closing) {
        return;
    }
    m_closing = true;
    m_segmentTimer->stop();
    for (QObject* source : {static_cast<QObject*>(m_client), static_cast<QObject*>(m_model),
                            static_cast<QObject*>(m_history)}) {
        if (source) {
            disconnect(source, nullptr, this, nullptr);
        }
    }
}

QWidget* DetailTab::createInfo()
{
    auto* box = new QGroupBox(tr("General"), this);
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight);
    m_url = valueLabel(box);
    m_url->setObjectName(QStringLiteral("urlLabel"));
    m_path = valueLabel(box);
    m_path->setObjectName(QStringLiteral("pathLabel"));
    m_size = valueLabel(box);
    m_state = valueLabel(box);
    m_state->setObjectName(QStringLiteral("stateLabel"));
    m_speed = valueLabel(box);
    m_eta = valueLabel(box);
    m_http = valueLabel(box);
    m_message = valueLabel(box);
    form->addRow(tr("URL:"), m_url);
    form->addRow(tr("File:"), m_path);
    form->addRow(tr("Size:"), m_size);
    form->addRow(tr("State:"), m_state);
    form->addRow(tr("Speed:"), m_speed);
    form->addRow(tr("Time left:"), m_eta);
    form->addRow(tr("HTTP status:"), m_http);
    form->addRow(tr("Message:"), m_message);
    return box;
}

QWidget* DetailTab::createGraph()
{
    auto* box = new QGroupBox(tr("Speed"), this);
    auto* layout = new QVBoxLayout(box);
    auto* bar = new QHBoxLayout;
    m_graphSummary = new QLabel(box);
    m_graphSummary->setForegroundRole(QPalette::PlaceholderText);
    m_window = new QComboBox(box);
    m_window->setObjectName(QStringLiteral("graphWindow"));
    m_window->addItem(tr("Last minute"), 60);
    m_window->addItem(tr("Last 10 minutes"), SpeedHistory::kCapacity);
    bar->addWidget(m_graphSummary, 1);
    bar->addWidget(m_window);
    m_graph = new SpeedGraph(box);
    m_graph->setObjectName(QStringLiteral("speedGraph"));
    layout->addLayout(bar);
    layout->addWidget(m_graph, 1);
    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        m_graph->setWindowSeconds(m_window->currentData().toInt());
        handleSampled();
    });
    return box;
}

QWidget* DetailTab::createSegments()
{
    auto* box = new QWidget(this);
    box->setObjectName(QStringLiteral("segmentsPage"));
    auto* layout = new QVBoxLayout(box);
    m_segmentSummary = new QLabel(box);
    m_segmentSummary->setObjectName(QStringLiteral("segmentSummary"));
    m_segmentSummary->setForegroundRole(QPalette::PlaceholderText);
    m_segmentMap = new SegmentMapWidget(box);
    m_segmentMap->setObjectName(QStringLiteral("segmentMap"));
    m_segmentMap->setToolTip(tr("The whole file, left to right: filled where the bytes are "
                                "here; each open connection's range outlined, with a line "
                                "where it has got to"));
    m_connections = new QTableWidget(0, 4, box);
    m_connections->setObjectName(QStringLiteral("connectionsTable"));
    m_connections->setHorizontalHeaderLabels(
        {tr("Connection"), tr("Range"), tr("Received"), tr("Speed")});
    m_connections->verticalHeader()->hide();
    m_connections->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    const int rowHeight = m_connections->fontMetrics().height() + 6;
    m_connections->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_connections->setShowGrid(false);
    m_connections->setAlternatingRowColors(true);
    m_connections->setWordWrap(false);
    m_connections->setSelectionMode(QAbstractItemView::NoSelection);
    m_connections->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_connections->setFocusPolicy(Qt::NoFocus);
    QHeaderView* h = m_connections->horizontalHeader();
    h->setHighlightSections(false);
    h->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    h->setSectionResizeMode(QHeaderView::Stretch);
    h->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    layout->addWidget(m_segmentSummary);
    layout->addWidget(m_segmentMap);
    layout->addWidget(m_connections, 1);

    // Read while the page is on screen: shown and hidden with its page and with the tab.
    m_segmentTimer = new QTimer(this);
    m_segmentTimer->setInterval(kSegmentRefreshMs);
    connect(m_segmentTimer, &QTimer::timeout, this, &DetailTab::refreshSegments);
    box->installEventFilter(this);
    m_segmentsPage = box;
    return box;
}

QWidget* DetailTab::createTrace()
{
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    auto* bar = new QHBoxLayout;
    auto* note = new QLabel(tr("Every event the engine delivered for this download (from before "
                               "this tab opened, all but progress); each operation ends in "
                               "exactly one completion (bold), and closed is always last."),
                            box);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);
    m_showProgress = new QCheckBox(tr("Show progress"), box);
    m_showProgress->setObjectName(QStringLiteral("showProgress"));
    m_showProgress->setChecked(true);
    m_traceCount = new QLabel(box);
    bar->addWidget(note, 1);
    bar->addWidget(m_traceCount);
    bar->addWidget(m_showProgress);
    layout->addLayout(bar);

    m_traceView = new QTableView(box);
    m_traceView->setObjectName(QStringLiteral("traceView"));
    m_traceView->setModel(m_trace);
    m_traceView->verticalHeader()->hide();
    m_traceView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_traceView->verticalHeader()->setDefaultSectionSize(m_traceView->fontMetrics().height() + 6);
    m_traceView->setShowGrid(false);
    m_traceView->setAlternatingRowColors(true);
    m_traceView->setWordWrap(false);
    m_traceView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_traceView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    QHeaderView* h = m_traceView->horizontalHeader();
    h->setStretchLastSection(true);
    h->setHighlightSections(false);
    h->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    const QFontMetrics fm = m_traceView->fontMetrics();
    h->resizeSection(EventTraceModel::TimeColumn,
                     fm.horizontalAdvance(QStringLiteral("00:00:00.000")) + 24);
    h->resizeSection(EventTraceModel::EventColumn,
                     fm.horizontalAdvance(QStringLiteral("headers_received")) + 28);
    layout->addWidget(m_traceView, 1);

    connect(m_showProgress, &QCheckBox::toggled, this, [this](bool on) {
        m_trace->setShowProgress(on);
        m_traceView->scrollToBottom();
    });
    return box;
}

void DetailTab::handleEvents(const QList<haul::engine::Event>& events)
{
    if (m_closing) {
        g_deliveriesAfterClose += 1; // unreachable while disconnect works; the stress panel checks
        return;
    }
    QList<engine::Event> mine;
    for (const engine::Event& event : events) {
        if (event.id == m_id) {
            mine.append(event);
        }
    }
    if (mine.isEmpty()) {
        return;
    }
    m_received += mine.size();
    // Follow the tail only when the user has not scrolled up to read.
    QScrollBar* bar = m_traceView->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 2;
    m_trace->append(mine);
    if (atBottom) {
        m_traceView->scrollToBottom();
    }
    m_traceCount->setText(tr("%n event(s)", nullptr, static_cast<int>(m_trace->totalReceived())));
    // The info fields follow the model, which refreshes them through countsChanged.
}

void DetailTab::handleSampled()
{
    if (!m_history || !m_history->contains(m_id)) {
        return; // removed from the list: keep the last picture
    }
    const QList<double> samples = m_history->samples(m_id, m_graph->windowSeconds());
    m_graph->setSamples(samples);
    if (samples.isEmpty()) {
        m_graphSummary->clear();
        return;
    }
    const double peak = *std::max_element(samples.begin(), samples.end());
    const double mean =
        std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(samples.size());
    m_graphSummary->setText(
        peak > 0
            ? tr("Average %1 · peak %2").arg(humanformat::speed(mean), humanformat::speed(peak))
            : tr("Idle"));
}

bool DetailTab::segmentMapRefreshing() const
{
    return m_segmentTimer->isActive();
}

bool DetailTab::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_segmentsPage) {
        if (event->type() == QEvent::Show && !m_closing) {
            refreshSegments();
            m_segmentTimer->start();
        } else if (event->type() == QEvent::Hide) {
            m_segmentTimer->stop();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DetailTab::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_message) {
        refreshInfo();
    }
}

void DetailTab::refreshSegments()
{
    if (m_closing || !m_client) {
        return;
    }
    std::optional<engine::SegmentMap> map = m_client->segmentMap(m_id);
    if (!map) {
        if (m_segmentMap->map()) {
            return; // closed or removed: keep the last picture, as the graph does
        }
        m_segmentSummary->setText(tr("Known once the download runs in this session"));
        m_segmentMap->setMap(std::nullopt);
        m_connections->setRowCount(0);
        return;
    }
    // Numbered left to right, as the bar shows them (the engine lists them as they opened).
    std::sort(map->connections.begin(), map->connections.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
    const std::int64_t done = map->bytesDone();
    const int ranges = static_cast<int>(map->done.size());
    const int open = static_cast<int>(map->connections.size());
    // Singular and plural spelled out: without an English translation "%n range(s)" would
    // show its parenthesis.
    QString bytes =
        map->total >= 0
            ? tr("%1 of %2 here").arg(humanformat::size(done), humanformat::size(map->total))
            : tr("%1 here").arg(humanformat::size(done));
    if (ranges > 1) {
        bytes = tr("%1 in %2 ranges").arg(bytes).arg(ranges);
    }
    const QString connections = open == 0   ? tr("no connection open")
                                : open == 1 ? tr("1 connection open")
                                            : tr("%1 connections open").arg(open);
    m_segmentSummary->setText(tr("%1 · %2").arg(bytes, connections));
    m_connections->setRowCount(open);
    const auto set = [this](int row, int column, const QString& text) {
        QTableWidgetItem* item = m_connections->item(row, column);
        if (!item) {
            item = new QTableWidgetItem;
            m_connections->setItem(row, column, item);
        }
        item->setText(text);
    };
    for (int row = 0; row < open; ++row) {
        const engine::SegmentMap::Connection& c = map->connections[static_cast<std::size_t>(row)];
        set(row, 0, QString::number(row + 1));
        set(row, 1,
            c.end >= 0 ? tr("%1 – %2").arg(humanformat::size(c.start), humanformat::size(c.end))
                       : tr("%1 – end").arg(humanformat::size(c.start)));
        set(row, 2,
            c.end >= 0
                ? tr("%1 of %2")
                      .arg(humanformat::size(c.received()), humanformat::size(c.end - c.start))
                : humanformat::size(c.received()));
        set(row, 3, c.speed >= 1 ? humanformat::speed(c.speed) : humanformat::unknown());
    }
    m_segmentMap->setMap(std::move(map));
}

void DetailTab::handleToggle()
{
    if (!m_model || !m_client || !m_model->contains(m_id)) {
        return;
    }
    const State state = m_model->stateOf(m_id);
    if (TransferListModel::isActive(state)) {
        m_client->pause(m_id);
    } else if (TransferListModel::isResumable(state)) {
        m_client->start(m_id);
    }
}

void DetailTab::handleCancel()
{
    if (m_model && m_model->contains(m_id)) {
        emit cancelRequested(m_id);
    }
}

void DetailTab::refreshInfo()
{
    if (m_closing || !m_model) {
        return;
    }
    const int row = m_model->rowOf(m_id);
    if (row < 0) {
        m_state->setText(tr("Removed from the list"));
        m_speed->setText(humanformat::unknown());
        m_eta->setText(humanformat::unknown());
        m_toggle->setEnabled(false);
        m_cancel->setEnabled(false);
        return;
    }
    const QModelIndex index = m_model->index(row, 0);
    const auto state = static_cast<State>(index.data(TransferListModel::StateRole).toInt());
    const QString name = index.data(TransferListModel::NameRole).toString();
    if (name != m_title) {
        m_title = name;
        m_name->setText(name);
        emit titleChanged(name);
    }
    m_url->setText(QString::fromStdString(
        engine::maskCredentials(index.data(TransferListModel::UrlRole).toString().toStdString())));
    QString path = index.data(TransferListModel::PathRole).toString();
    if (path.isEmpty()) {
        const QString dir = index.data(TransferListModel::DirectoryRole).toString();
        const QString file = QDir(dir.isEmpty() ? QStringLiteral(".") : dir).filePath(name);
        switch (state) {
        case State::Failed: path = tr("%1 (not downloaded)").arg(file); break;
        case State::Cancelled: path = tr("%1 (cancelled)").arg(file); break;
        case State::Paused: path = tr("%1 (paused; the bytes so far are kept)").arg(file); break;
        default: path = tr("%1 (in progress)").arg(file); break;
        }
    }
    m_path->setText(QDir::toNativeSeparators(path));
    const auto bytes = index.data(TransferListModel::BytesRole).toLongLong();
    const auto total = index.data(TransferListModel::TotalRole).toLongLong();
    const double f = index.data(TransferListModel::FractionRole).toDouble();
    m_size->setText(total >= 0 ? tr("%1 of %2 (%3%)")
                                     .arg(humanformat::size(bytes), humanformat::size(total))
                                     .arg(static_cast<int>(f * 100.0))
                               : tr("%1 (size unknown)").arg(humanformat::size(bytes)));
    m_state->setText(TransferListModel::stateText(state));
    const double speed = index.data(TransferListModel::SpeedRole).toDouble();
    m_speed->setText(speed > 0 ? humanformat::speed(speed) : humanformat::unknown());
    m_eta->setText(humanformat::duration(index.data(TransferListModel::EtaRole).toLongLong()));
    const int http = index.data(TransferListModel::HttpCodeRole).toInt();
    m_http->setText(http > 0 ? QString::number(http) : humanformat::unknown());
    const QString message = index.data(TransferListModel::MessageRole).toString();
    m_message->setText(message.isEmpty() ? humanformat::unknown() : message);
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::WindowText, state == State::Failed
                                           ? statecolors::failedText(palette())
                                           : palette().color(QPalette::WindowText));
    m_message->setPalette(pal);

    const bool active = TransferListModel::isActive(state);
    m_toggle->setText(active ? tr("Pause") : state == State::Failed ? tr("Retry") : tr("Resume"));
    m_toggle->setIcon(themedIcon(active ? "pause" : "start"));
    m_toggle->setEnabled(active || TransferListModel::isResumable(state));
    m_cancel->setEnabled(active || state == State::Paused);
}

} // namespace haul::ui
