#pragma once
// GroupCommit: SQLite admits one writer at a time, and a commit costs about as much for one
// post as for fifty (the same few index pages go to the WAL, the lock changes hands once).
// Writers that arrive while a transaction runs therefore queue here, and whichever of them runs
// next takes the whole queue into one transaction: each unit of work in its own savepoint, so
// that one's failure undoes only its own writes, and one commit for all. A writer alone runs
// at once, in a batch of one.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <span>
#include <vector>

#include "devcoll/result.h"

namespace devcoll::storage {

class Tx;

class GroupCommit final {
public:
    struct Unit final {
        // Runs the work; its failure means its writes are not to be kept.
        std::function<Status(Tx&)> work;
        // Set before `done`: whether the batch's transaction committed.
        Status outcome;
        bool done = false;
        // Woken when `done`, or when this unit's writer is to run the next batch: waking only
        // those, not every waiting writer, keeps a busy server out of a thundering herd.
        std::condition_variable wake;
    };
    // Runs a batch in one transaction (the units in order) and says whether it committed.
    using BatchRunner = std::function<Status(std::span<Unit* const>)>;

    explicit GroupCommit(BatchRunner runner, std::size_t maxBatch = 64)
        : m_runner(std::move(runner)), m_maxBatch(maxBatch) {}

    // Returns when the batch holding `unit` has committed or failed (unit.outcome says which).
    void submit(Unit& unit);

private:
    BatchRunner m_runner;
    std::size_t m_maxBatch;
    std::mutex m_mutex;
    std::deque<Unit*> m_queue;
    bool m_running = false;  // a batch is being run
};

}  // namespace devcoll::storage
