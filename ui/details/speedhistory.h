// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

#include <vector>

namespace haul::ui {

class TransferListModel;

// SpeedHistory: the one place that remembers how fast each transfer went, so a detail tab
// opened late still shows the last ten minutes. Once a second it samples every row of the model
// (SpeedRole: 0 unless Downloading) into a ring of kCapacity samples per transfer, then emits
// sampled(). A transfer's ring goes away when its row leaves the model.
//
// Threads: GUI thread only; it reads the model, never the engine. The model must outlive it
// (make it a child of the model or of an object that dies before the model).
class SpeedHistory final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SpeedHistory)

public:
    static constexpr int kCapacity = 600; // ten minutes at one sample a second
    static constexpr int kIntervalMs = 1000;

    explicit SpeedHistory(TransferListModel* model, QObject* parent = nullptr);
    ~SpeedHistory() override;

    // The last `count` samples of id (bytes per second), oldest first; fewer when the
    // transfer is younger than that, empty for an unknown id.
    QList<double> samples(engine::TransferId id, int count = kCapacity) const;
    bool contains(engine::TransferId id) const { return m_rings.contains(id); }

    // Takes one sample of every row now (the timer calls it; tests may too).
    void sample();

signals:
    // After each sample() (once a second).
    void sampled();

private:
    struct Ring {
        std::vector<double> values; // capacity kCapacity once full
        int next = 0;               // where the next sample goes once full
    };

    TransferListModel* m_model = nullptr;
    QHash<engine::TransferId, Ring> m_rings;
    QTimer m_timer;
};

} // namespace haul::ui
