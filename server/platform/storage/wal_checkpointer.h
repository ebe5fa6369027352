#pragma once
// WalCheckpointer: copies a SQLite database's write-ahead log back into the database file on a
// thread of its own. SQLite's default does it inside whichever commit crosses 1000 log pages,
// with an fsync, while that writer holds the write lock: every writer queued behind it waits.
// Measured on CreatePost, that was a quarter of the throughput and two thirds of the p99.
// A passive checkpoint here never blocks writers or readers.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "platform/storage/connection.h"

namespace devcoll::storage {

class WalCheckpointer final {
public:
    // Log pages after which a commit asks for a checkpoint (SQLite's own default threshold).
    static constexpr int kPages = 1000;

    WalCheckpointer(std::string name, std::unique_ptr<Connection> connection);
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer&) = delete;
    WalCheckpointer& operator=(const WalCheckpointer&) = delete;

    // Asks for a checkpoint soon; cheap, callable from any thread (a commit hook).
    void request();

private:
    void run();

    std::string m_name;
    std::unique_ptr<Connection> m_connection;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_requested = false;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace devcoll::storage
