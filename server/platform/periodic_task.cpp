#include "platform/periodic_task.h"

namespace devcoll {

PeriodicTask::PeriodicTask(std::chrono::milliseconds interval, std::function<void()> task)
    : m_interval(interval), m_task(std::move(task)), m_thread([this] { loop(); }) {}

PeriodicTask::~PeriodicTask() { stop(); }

void PeriodicTask::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) m_thread.join();
}

void PeriodicTask::loop() {
    std::unique_lock lock(m_mutex);
    while (!m_wake.wait_for(lock, m_interval, [this] { return m_stopping; })) {
        lock.unlock();
        m_task();
        lock.lock();
    }
}

}  // namespace devcoll
