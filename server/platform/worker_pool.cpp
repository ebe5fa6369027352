#include "platform/worker_pool.h"

#include <spdlog/spdlog.h>

namespace devcoll {

WorkerPool::WorkerPool(std::size_t threads) {
    for (std::size_t i = 0; i < std::max<std::size_t>(threads, 1); ++i) m_threads.emplace_back([this] { run(); });
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::post(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping || m_queue.size() >= kMaxQueued) return false;
        m_queue.push_back(std::move(task));
    }
    m_wake.notify_one();
    return true;
}

void WorkerPool::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    for (auto& t : m_threads) {
        if (t.joinable()) t.join();
    }
}

void WorkerPool::run() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_queue.empty()) return;  // stopping, and all queued work is done
            task = std::move(m_queue.front());
            m_queue.pop_front();
        }
        try {
            task();
        } catch (const std::exception& e) {
            // Tasks report their own errors; reaching here is a bug, but not a reason to die.
            spdlog::error("worker task failed: {}", e.what());
        }
    }
}

}  // namespace devcoll
