// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>
#include <haul/storekey.h>

#include <QObject>
#include <QSet>

namespace haul::ui {

class EngineClient;
class Scheduler;
class TransferActions;
class TransferListModel;

// ScheduleDriver: carries out what the Scheduler decides. Leaving the download hours pauses
// every running and queued download (the bytes are kept) and remembers them; entering them
// resumes those (a download the user paused stays paused). Downloads restored at start outside
// the hours wait the same way. A download the user starts outside the hours runs: that is an
// explicit wish. While the alternative speed limit applies it replaces the global one. It
// feeds the Scheduler the number of unfinished downloads (those it paused included), so
// "when all are done" fires only when everything is really done. GUI thread only; the
// scheduler, actions, model and client must outlive it.
class ScheduleDriver final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScheduleDriver)

public:
    ScheduleDriver(Scheduler* scheduler, TransferActions* actions, TransferListModel* model,
                   EngineClient* client, QObject* parent = nullptr);
    ~ScheduleDriver() override;

    // The Settings' global limit (KiB/s, 0 = none): what the limit goes back to when the
    // alternative ends. Stored only: whoever changes the settings applies them.
    void setNormalSpeedLimitKiB(int kib);
    // A download restored from the list as running or queued: started now inside the hours,
    // else when they begin.
    void startRestored(int row);
    // Downloads the schedule holds (paused by it, or restored and waiting), still in the list.
    int held() const;

signals:
    // A sentence for the status bar when the schedule paused or resumed downloads.
    void notice(const QString& text);

private:
    void handleAllowedChanged(bool allowed);
    void applySpeedLimit();
    void noteCounts();

    Scheduler* m_scheduler = nullptr;
    TransferActions* m_actions = nullptr;
    TransferListModel* m_model = nullptr;
    EngineClient* m_client = nullptr;
    int m_normalKiB = 0;
    QSet<engine::TransferId> m_paused; // paused by the schedule
    QSet<qint64> m_restored;           // store keys of restored rows waiting for the hours
};

} // namespace haul::ui
