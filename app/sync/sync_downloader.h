#pragma once
// SyncDownloader: keeps one account's replica up to date with the server (the download half of
// the sync engine; uploads go their own way, so neither waits for the other). On a thread of
// its own it takes a snapshot when the replica has no cursor yet (the feed's first page
// first, so the first screen is there at once), pulls what changed since the
// cursor, then holds a Subscribe stream open and applies each change as it comes. Every page
// and its cursor land in the replica in one transaction (LocalStore), so stopping or crashing
// at any point resumes from the last applied page, with nothing lost or applied twice.
//
// When the server cannot be reached the downloader says Offline and tries again with
// exponential backoff (1 s doubling to 60 s, with jitter); when the cursor is too old for the
// server it applies the server's resync diff, or takes a new snapshot keeping pending work.
#include <grpcpp/grpcpp.h>

#include <QDateTime>
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include "devcoll/post/v1/post.grpc.pb.h"
#include "devcoll/result.h"
#include "devcoll/sync/v1/sync.grpc.pb.h"
#include "store/local_store.h"
#include "store/replica_changes.h"

namespace devcoll::app {

enum class DownloadState {
    Stopped,
    Offline,      // the server cannot be reached: trying again
    Downloading,  // taking a snapshot or catching up
    Live,         // caught up, changes arrive as they happen
};

// Where the downloader gets the access token for each call (refreshed as needed by its owner).
// Empty means signed out: the downloader stops.
using AccessTokenSource = std::function<std::string()>;

struct DownloadSettings final {
    int pageSize = 500;
    std::chrono::milliseconds firstRetry{1000};
    std::chrono::milliseconds maxRetry{60'000};
};

class SyncDownloader final : public QObject {
    Q_OBJECT

public:
    SyncDownloader(LocalStore& store, std::shared_ptr<grpc::Channel> channel, AccessTokenSource tokens,
                   DownloadSettings settings = {}, QObject* parent = nullptr);
    ~SyncDownloader() override;

    void start();
    // Cancels the call in flight and joins the thread; what was applied stays.
    void stop();
    // Ends a wait for the next try at once (the network is back, or the user asked).
    void retryNow();
    DownloadState state() const { return m_state.load(); }

signals:
    void stateChanged(devcoll::app::DownloadState state);
    // During a snapshot: entities applied so far.
    void snapshotProgress(qint64 applied);
    // Changes landed in the replica (views re-read what they show).
    void changesApplied(int count);
    // What went wrong last (shown in the sync status), and when the replica was last up to date.
    void failed(const QString& message);
    void upToDate(const QDateTime& at);
    // The server refused the access token: the downloader has stopped.
    void signedOut();
    // Posts of a first snapshot given their search terms (in the background, after they show).
    void searchTermsMade(int count);

private:
    void run();
    Status downloadOnce();
    // On the downloader's own (the owner's) thread: one batch of deferred search terms, then
    // the next, until none are left.
    void indexInBackground();
    void indexBatchDone();
    Status seedFirstScreen();
    Status takeSnapshot();
    Status pullUntilCaughtUp();
    Status subscribe();
    Status apply(SyncPage page);
    Result<QString> storedCursor();
    std::unique_ptr<grpc::ClientContext> newContext();
    void setState(DownloadState state);
    // Waits `delay` unless stop() comes first; false when stopping.
    bool pause(std::chrono::milliseconds delay);

    LocalStore& m_store;
    std::shared_ptr<grpc::Channel> m_channel;
    std::unique_ptr<sync::v1::SyncService::Stub> m_sync;
    std::unique_ptr<post::v1::PostService::Stub> m_posts;
    AccessTokenSource m_tokens;
    const DownloadSettings m_settings;

    std::unique_ptr<QThread> m_thread;
    std::atomic<DownloadState> m_state{DownloadState::Stopped};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_stopping = false;
    bool m_retryNow = false;
    grpc::ClientContext* m_call = nullptr;     // the call in flight, to cancel on stop()
    QFutureWatcher<Result<int>> m_indexBatch;  // search terms being made (owner's thread)
};

}  // namespace devcoll::app

Q_DECLARE_METATYPE(devcoll::app::DownloadState)
