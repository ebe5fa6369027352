#include "platform/storage/group_commit.h"

namespace devcoll::storage {

void GroupCommit::submit(Unit& unit) {
    std::unique_lock lock(m_mutex);
    m_queue.push_back(&unit);
    for (;;) {
        // Wait while another writer runs a batch: it may take this unit along.
        unit.wake.wait(lock, [&] { return unit.done || !m_running; });
        if (unit.done) return;

        // This writer runs the next batch: the oldest units, its own among them unless the
        // queue is longer than a batch (then it goes round again).
        m_running = true;
        std::vector<Unit*> batch;
        while (!m_queue.empty() && batch.size() < m_maxBatch) {
            batch.push_back(m_queue.front());
            m_queue.pop_front();
        }
        lock.unlock();
        const Status outcome = m_runner(batch);
        lock.lock();
        m_running = false;
        for (Unit* member : batch) {
            member->outcome = outcome;
            member->done = true;
            if (member != &unit) member->wake.notify_one();
        }
        if (!m_queue.empty()) m_queue.front()->wake.notify_one();  // the next batch's writer
    }
}

}  // namespace devcoll::storage
