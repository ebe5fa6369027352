#pragma once
// WorkerPool: the threads that run blocking work (SQL, password hashing, file I/O) so that
// gRPC's completion threads only hand work off and finish calls.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace devcoll {

class WorkerPool final {
public:
    explicit WorkerPool(std::size_t threads);
    ~WorkerPool();
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // Queues `task`; false (and the task is not run) once the pool is stopping, or when the
    // queue is full, so an overloaded server sheds load instead of growing without bound.
    bool post(std::function<void()> task);
    std::size_t size() const { return m_threads.size(); }
    // Finishes queued work, then joins the threads.
    void stop();

private:
    void run();

    static constexpr std::size_t kMaxQueued = 10'000;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_queue;
    bool m_stopping = false;
    std::vector<std::thread> m_threads;
};

}  // namespace devcoll
