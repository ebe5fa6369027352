#include "platform/storage/wal_checkpointer.h"

#include <spdlog/spdlog.h>

namespace devcoll::storage {

WalCheckpointer::WalCheckpointer(std::string name, std::unique_ptr<Connection> connection)
    : m_name(std::move(name)), m_connection(std::move(connection)), m_thread([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void WalCheckpointer::request() {
    {
        std::lock_guard lock(m_mutex);
        m_requested = true;
    }
    m_wake.notify_one();
}

void WalCheckpointer::run() {
    for (;;) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_requested || m_stopping; });
            if (m_stopping) return;
            m_requested = false;
        }
        // A passive checkpoint copies what it can without waiting for anyone. Under a steady
        // stream of writes it never catches up with the log's end, so the log never starts
        // over; past sixteen times the threshold (64 MB), a truncating checkpoint makes the
        // writers wait while it finishes, which bounds the log. (At four times, the waits cost
        // a tenth of CreatePost's throughput and tripled its p99.)
        auto passive = m_connection->exec("PRAGMA wal_checkpoint(PASSIVE)", {});
        if (!passive.ok()) {
            // The log keeps growing until a later checkpoint succeeds; nothing is lost.
            spdlog::warn("{}: WAL checkpoint failed: {}", m_name, passive.error().message);
            continue;
        }
        const std::int64_t logPages = passive->empty() ? 0 : (*passive)[0].integer(1);
        if (logPages > 16 * kPages) {
            if (auto truncated = m_connection->exec("PRAGMA wal_checkpoint(TRUNCATE)", {}); !truncated.ok()) {
                spdlog::warn("{}: WAL checkpoint failed: {}", m_name, truncated.error().message);
            }
        }
    }
}

}  // namespace devcoll::storage
