#pragma once
// FactsBackfill: what the notification service must know of accounts, follows and posts that
// existed before it first ran (a server upgraded to one with notifications): read once, page
// by page, from the user and post services' operator-only ListAll* calls, with an operator
// token this process signs, on a thread of its own. Events keep these copies current anyway;
// the backfill only fills in what no event will bring (a mention of an account whose profile
// never changes again). Done once per database; retried with backoff while a peer is away;
// stopped, it starts over at the next start.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "devcoll/result.h"
#include "notification/notification_store.h"
#include "platform/rpc/peer.h"
#include "platform/security/access_token.h"

namespace devcoll::notification {

class FactsBackfill final {
public:
    FactsBackfill(NotificationStore& store, security::AccessTokens& tokens, std::shared_ptr<rpc::Peer> users,
                  std::shared_ptr<rpc::Peer> posts)
        : m_store(store), m_tokens(tokens), m_users(std::move(users)), m_posts(std::move(posts)) {}
    ~FactsBackfill() { stop(); }
    FactsBackfill(const FactsBackfill&) = delete;
    FactsBackfill& operator=(const FactsBackfill&) = delete;

    // Once the server serves (the peers may be this process).
    void start();
    void stop();

private:
    void run();
    Status backfill();
    // Waits `delay` unless stopped first; false when stopped.
    bool pause(std::chrono::milliseconds delay);
    bool stopping();

    NotificationStore& m_store;
    security::AccessTokens& m_tokens;
    std::shared_ptr<rpc::Peer> m_users;
    std::shared_ptr<rpc::Peer> m_posts;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    std::thread m_thread;
};

}  // namespace devcoll::notification
