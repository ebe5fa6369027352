#pragma once
// ActionSender: the upload half of the sync engine. On a thread of its own it sends the
// queue of the user's actions (store/pending_actions.h) in order, as the ordinary RPCs, and
// reports each outcome back to the replica:
//  - success: the action is confirmed with the server's entity;
//  - a lost response, resent: creates, likes, follows and deletes are idempotent on the
//    server; an edit that finds the post already at the next version with the same text
//    counts as confirmed;
//  - a stale version (someone edited first): kept as a conflict for the user;
//  - a permanent error (bad input, not allowed, gone): quarantined with the server's
//    message, its effect undone, and the next action goes;
//  - a moderator's decision another moderator's action made moot: kept aside with a message
//    that says so;
//  - an attached image: uploaded before the post that shows it (it is queued first), resuming
//    from what the server holds after an interruption;
//  - the server unreachable or busy: the head waits and is retried with exponential backoff
//    (1 s doubling to 60 s, with jitter); wake() tries again at once.
#include <grpcpp/grpcpp.h>

#include <QObject>
#include <QThread>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "devcoll/media/v1/media.grpc.pb.h"
#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/notification/v1/notification.grpc.pb.h"
#include "devcoll/post/v1/post.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "store/local_store.h"
#include "store/pending_actions.h"
#include "sync/sync_downloader.h"

namespace devcoll::app {

struct UploadSettings final {
    std::chrono::milliseconds firstRetry{1000};
    std::chrono::milliseconds maxRetry{60'000};
};

class ActionSender final : public QObject {
    Q_OBJECT

public:
    ActionSender(LocalStore& store, std::shared_ptr<grpc::Channel> channel, AccessTokenSource tokens,
                 UploadSettings settings = {}, QObject* parent = nullptr);
    ~ActionSender() override;

    void start();
    void stop();
    // New actions are queued, or the network is back: look at the queue now.
    void wake();

signals:
    // An action reached the server (the replica changed).
    void actionSent();
    // The server could not be reached; the queue waits.
    void offline(const QString& message);
    // An action needs the user (quarantined or in conflict).
    void actionNeedsAttention(const QString& message);
    // The access token was refused: the owner signs in again; the queue keeps its actions.
    void signedOut();
    // An attached image is on its way: `sent` of `total` bytes are on the server.
    void uploadProgress(const QString& mediaId, qint64 sent, qint64 total);

private:
    enum class Outcome { Confirmed, Retry, Conflict, Quarantine, SignedOut };
    struct Sent final {
        Outcome outcome = Outcome::Retry;
        std::optional<sync::v1::Change> entity;  // the server's copy, when the answer has one
        QString message;
        bool progressed = false;  // an upload got further before it failed
        // UNAVAILABLE: the server may not have been reached, which says nothing about the
        // action (see run(): it counts only when the channel was connected before the call).
        bool unreachable = false;
    };

    void run();
    Sent send(const PendingAction& action);
    // A moderator's decision (store/moderation_queue.h). Another moderator's action first is
    // not a transient failure: the decision is kept aside, saying so.
    Sent moderate(const PendingAction& action);
    Sent editOutcome(const PendingAction& action, const grpc::Status& status, const post::v1::Post& post);
    Sent profileEditOutcome(const PendingAction& action, const grpc::Status& status,
                            const user::v1::UserProfile& profile);
    Sent upload(const PendingAction& action);
    // What a failed call means for the action: signed out, retry later, or quarantined (edits
    // look at a stale version first, see editOutcome).
    static Sent failed(grpc::StatusCode code, const QString& message, bool progressed = false);
    std::unique_ptr<grpc::ClientContext> newContext();
    // Registers the call about to start, for stop() to cancel (nullptr: it ended); false when
    // stopping, and then no call starts.
    bool track(grpc::ClientContext* call);
    template <typename T>
    Result<T> onStore(std::function<Result<T>(ReplicaDatabase&)> work);
    bool pause(std::chrono::milliseconds delay);

    LocalStore& m_store;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<post::v1::PostService::Stub> m_posts;
    std::unique_ptr<user::v1::UserService::Stub> m_users;
    std::unique_ptr<media::v1::MediaService::Stub> m_media;
    std::unique_ptr<moderation::v1::ModerationService::Stub> m_moderation;
    std::unique_ptr<notification::v1::NotificationService::Stub> m_notifications;
    AccessTokenSource m_tokens;
    const UploadSettings m_settings;

    std::unique_ptr<QThread> m_thread;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_woken = false;
    bool m_retryWaiting = false;  // wake(): actions waiting for a retry go now
    grpc::ClientContext* m_call = nullptr;
};

}  // namespace devcoll::app
