// SPDX-License-Identifier: MIT
#include "scheduledriver.h"

#include "engineclient.h"
#include "scheduler.h"
#include "transferlist/transferactions.h"
#include "transferlist/transferlistmodel.h"

namespace haul::ui {

ScheduleDriver::ScheduleDriver(Scheduler* scheduler, TransferActions* actions,
                               TransferListModel* model, EngineClient* client, QObject* parent)
    : QObject(parent), m_scheduler(scheduler), m_actions(actions), m_model(model), m_client(client)
{
    connect(m_scheduler, &Scheduler::downloadsAllowedChanged, this,
            &ScheduleDriver::handleAllowedChanged);
    connect(m_scheduler, &Scheduler::altSpeedChanged, this, &ScheduleDriver::applySpeedLimit);
    connect(m_model, &TransferListModel::countsChanged, this, &ScheduleDriver::noteCounts);
}

ScheduleDriver::~ScheduleDriver() = default;

void ScheduleDriver::setNormalSpeedLimitKiB(int kib)
{
    m_normalKiB = kib; // the caller applies it with the other settings
}

void ScheduleDriver::applySpeedLimit()
{
    m_client->setGlobalRateLimit(static_cast<qint64>(m_scheduler->speedLimitKiB(m_normalKiB))
                                 * 1024);
}

void ScheduleDriver::startRestored(int row)
{
    if (m_scheduler->downloadsAllowed()) {
        m_actions->startRow(row);
    } else if (const engine::StoreKey key = m_model->keyAt(row)) {
        m_restored.insert(key.value);
    }
}

int ScheduleDriver::held() const
{
    int n = 0;
    for (const engine::TransferId id : m_paused) {
        n += m_model->stateOf(id) == TransferListModel::State::Paused ? 1 : 0;
    }
    for (const qint64 key : m_restored) {
        n += m_model->rowOfKey(engine::StoreKey(key)) >= 0 ? 1 : 0;
    }
    return n;
}

void ScheduleDriver::handleAllowedChanged(bool allowed)
{
    if (!allowed) {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            const engine::TransferId id = m_model->idAt(row);
            if (id != 0 && TransferListModel::isActive(m_model->stateAt(row))
                && m_client->pause(id)) {
                m_paused.insert(id);
            }
        }
        if (!m_paused.isEmpty()) {
            emit notice(tr("Outside the download hours: %n download(s) paused until they begin.",
                           nullptr, static_cast<int>(m_paused.size())));
        }
        return;
    }
    int resumed = 0;
    for (const qint64 key : std::as_const(m_restored)) {
        if (const int row = m_model->rowOfKey(engine::StoreKey(key)); row >= 0) {
            resumed += m_actions->startRow(row) ? 1 : 0;
        }
    }
    for (const engine::TransferId id : std::as_const(m_paused)) {
        const int row = m_model->rowOf(id);
        if (row >= 0 && m_model->stateAt(row) == TransferListModel::State::Paused) {
            resumed += m_actions->startRow(row) ? 1 : 0;
        }
    }
    m_restored.clear();
    m_paused.clear();
    if (resumed > 0) {
        emit notice(tr("Download hours began: %n download(s) resumed.", nullptr, resumed));
    }
}

void ScheduleDriver::noteCounts()
{
    const TransferListModel::Counts counts = m_model->counts();
    m_scheduler->noteUnfinished(counts.active + counts.queued + held());
}

} // namespace haul::ui
