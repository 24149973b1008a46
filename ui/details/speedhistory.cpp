// SPDX-License-Identifier: MIT
#include "details/speedhistory.h"

#include "transferlist/transferlistmodel.h"

#include <QSet>

namespace haul::ui {

SpeedHistory::SpeedHistory(TransferListModel* model, QObject* parent)
    : QObject(parent), m_model(model)
{
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &SpeedHistory::sample);
    m_timer.start();
}

SpeedHistory::~SpeedHistory() = default;

QList<double> SpeedHistory::samples(engine::TransferId id, int count) const
{
    const auto it = m_rings.constFind(id);
    if (it == m_rings.constEnd() || count <= 0) {
        return {};
    }
    const Ring& ring = *it;
    const int size = static_cast<int>(ring.values.size());
    const int n = std::min(count, size);
    QList<double> result;
    result.reserve(n);
    // Once full, the oldest sample sits at `next`; before that, at 0 with next == size.
    const int oldest = size < kCapacity ? 0 : ring.next;
    for (int i = size - n; i < size; ++i) {
        result.append(ring.values[static_cast<std::size_t>((oldest + i) % size)]);
    }
    return result;
}

void SpeedHistory::sample()
{
    if (!m_model) {
        return;
    }
    QSet<engine::TransferId> alive;
    const int rows = m_model->rowCount();
    alive.reserve(rows);
    for (int row = 0; row < rows; ++row) {
        // A row restored from the store has no transfer (and no speed) until it is started;
        // skipping those keeps a list of 100,000 finished downloads cheap to sample.
        const engine::TransferId id = m_model->idAt(row);
        if (id == 0) {
            continue;
        }
        const QModelIndex index = m_model->index(row, 0);
        const double speed = index.data(TransferListModel::SpeedRole).toDouble();
        alive.insert(id);
        Ring& ring = m_rings[id];
        if (static_cast<int>(ring.values.size()) < kCapacity) {
            ring.values.push_back(speed);
            ring.next = static_cast<int>(ring.values.size()) % kCapacity;
        } else {
            ring.values[static_cast<std::size_t>(ring.next)] = speed;
            ring.next = (ring.next + 1) % kCapacity;
        }
    }
    for (auto it = m_rings.begin(); it != m_rings.end();) {
        it = alive.contains(it.key()) ? std::next(it) : m_rings.erase(it);
    }
    emit sampled();
}

} // namespace haul::ui
