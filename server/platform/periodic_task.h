#pragma once
// PeriodicTask: runs one piece of housekeeping every interval on a thread of its own, until
// stopped (or destroyed). The task's errors are its own to log.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace devcoll {

class PeriodicTask final {
public:
    PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task);
    ~PeriodicTask();
    PeriodicTask(const PeriodicTask&) = delete;
    PeriodicTask& operator=(const PeriodicTask&) = delete;

    // Waits for a run in progress to end; no run starts after.
    void stop();

private:
    void loop();

    const std::chrono::milliseconds m_interval;
    const std::function<void()> m_task;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace devcoll
