#include "sync/sync_downloader.h"

#include <QRandomGenerator>

#include "net/call_error.h"
#include "store/replica_changes.h"
#include "store/replica_state.h"

namespace devcoll::app {
namespace {

namespace sv1 = devcoll::sync::v1;
namespace pv1 = devcoll::post::v1;

constexpr auto kCallTimeout = std::chrono::seconds(30);
// Posts fetched for the first screen before a snapshot.
constexpr int kFirstScreen = 50;
// Posts given their search terms per store task: small enough not to hold up the feed.
constexpr int kIndexBatch = 500;

bool resyncRequired(const Error& error) {
    for (const auto& [key, value] : error.details) {
        if (key == "devcoll-reason" && value == "RESYNC_REQUIRED") return true;
    }
    // A cursor the server cannot read (its secret was replaced, or the file holds another
    // account's replica) will never be read: start over as for one too old.
    return error.code == ErrorCode::InvalidArgument && error.message.rfind("cursor", 0) == 0;
}

// A retry a little before or after `delay`, so that clients cut off together do not come back
// together.
std::chrono::milliseconds jittered(std::chrono::milliseconds delay) {
    const double factor = 0.5 + QRandomGenerator::global()->generateDouble();
    return std::chrono::milliseconds(static_cast<qint64>(static_cast<double>(delay.count()) * factor));
}

}  // namespace

SyncDownloader::SyncDownloader(LocalStore& store, std::shared_ptr<grpc::Channel> channel, AccessTokenSource tokens,
                               DownloadSettings settings, QObject* parent)
    : QObject(parent),
      m_store(store),
      m_channel(std::move(channel)),
      m_sync(sv1::SyncService::NewStub(m_channel)),
      m_posts(pv1::PostService::NewStub(m_channel)),
      m_tokens(std::move(tokens)),
      m_settings(settings) {
    qRegisterMetaType<DownloadState>();
    // A watcher owned here, not a continuation: it cannot call back into a gone downloader.
    connect(&m_indexBatch, &QFutureWatcher<Result<int>>::finished, this, &SyncDownloader::indexBatchDone);
}

SyncDownloader::~SyncDownloader() { stop(); }

void SyncDownloader::start() {
    // A run that ended by itself (signed out) leaves its finished thread behind.
    if (m_thread && m_thread->isFinished()) m_thread.reset();
    if (m_thread) return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("devcoll-download"));
    m_thread->start();
}

void SyncDownloader::stop() {
    if (!m_thread) return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        if (m_call) m_call->TryCancel();
    }
    m_wake.notify_all();
    m_thread->wait();
    m_thread.reset();
}

void SyncDownloader::setState(DownloadState state) {
    if (m_state.exchange(state) != state) emit stateChanged(state);
}

void SyncDownloader::retryNow() {
    {
        std::lock_guard lock(m_mutex);
        m_retryNow = true;
    }
    m_wake.notify_all();
}

bool SyncDownloader::pause(std::chrono::milliseconds delay) {
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, delay, [this] { return m_stopping || m_retryNow; });
    m_retryNow = false;
    return !m_stopping;
}

std::unique_ptr<grpc::ClientContext> SyncDownloader::newContext() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + m_tokens());
    return context;
}

void SyncDownloader::run() {
    setState(DownloadState::Downloading);
    std::chrono::milliseconds delay = m_settings.firstRetry;
    for (;;) {
        const Status outcome = downloadOnce();
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) break;
        }
        if (outcome.ok()) {
            delay = m_settings.firstRetry;
            continue;  // the stream ended (the server went away cleanly): reconnect
        }
        const Error& error = outcome.error();
        emit failed(QString::fromStdString(error.message));
        if (error.code == ErrorCode::Unauthenticated) {
            emit signedOut();  // the owner signs in again; the replica stays
            break;
        }
        if (error.code == ErrorCode::Unavailable || error.code == ErrorCode::DeadlineExceeded) {
            setState(DownloadState::Offline);
        }
        if (!pause(jittered(delay))) break;
        delay = std::min(delay * 2, m_settings.maxRetry);
    }
    setState(DownloadState::Stopped);
}

Status SyncDownloader::downloadOnce() {
    DEVCOLL_TRY(const QString cursor, storedCursor());
    Status outcome = cursor.isEmpty() ? takeSnapshot() : Status{};
    // A snapshot's posts get their search terms in the background, a batch at a time between
    // the pages and changes the store applies (also the rest of an interrupted first sync).
    QMetaObject::invokeMethod(this, &SyncDownloader::indexInBackground, Qt::QueuedConnection);
    if (outcome.ok()) outcome = pullUntilCaughtUp();
    if (outcome.ok()) outcome = subscribe();
    if (!outcome.ok() && resyncRequired(outcome.error())) {
        // Too old for the server and too large for a diff: start over, keeping pending work.
        auto reset = m_store.run<void>([](ReplicaDatabase& db) { return resetReplica(db); });
        reset.waitForFinished();
        if (!reset.result().ok()) return reset.result();
        return {};  // at once: the next round takes the snapshot
    }
    return outcome;
}

void SyncDownloader::indexInBackground() {
    if (m_indexBatch.isRunning()) return;
    m_indexBatch.setFuture(m_store.run<int>([](ReplicaDatabase& db) { return indexDeferredPosts(db, kIndexBatch); }));
}

void SyncDownloader::indexBatchDone() {
    const Result<int> made = m_indexBatch.result();
    if (!made.ok()) return emit failed(QString::fromStdString(made.error().message));
    if (*made == 0) return;
    emit searchTermsMade(*made);
    indexInBackground();
}

Result<QString> SyncDownloader::storedCursor() {
    auto read = m_store.run<QString>([](ReplicaDatabase& db) -> Result<QString> {
        DEVCOLL_TRY(auto cursor, stateOf(db, StateKey::Cursor));
        return cursor.value_or(QString());
    });
    read.waitForFinished();
    return read.result();
}

Status SyncDownloader::apply(SyncPage page) {
    const int count = static_cast<int>(page.changes.size());
    auto applied = m_store.run<void>([page = std::move(page)](ReplicaDatabase& db) { return applySyncPage(db, page); });
    applied.waitForFinished();
    if (!applied.result().ok()) return applied.result();
    if (count > 0) emit changesApplied(count);
    return {};
}

Status SyncDownloader::seedFirstScreen() {
    pv1::GetFeedRequest request;
    request.set_page_size(kFirstScreen);
    auto context = newContext();
    context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    pv1::GetFeedResponse response;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) return {};
        m_call = context.get();
    }
    const grpc::Status status = m_posts->GetFeed(context.get(), request, &response);
    {
        std::lock_guard lock(m_mutex);
        m_call = nullptr;
    }
    if (!status.ok()) return errorOf(status, context.get());
    SyncPage page;
    for (const pv1::Post& post : response.posts()) {
        sv1::Change& change = page.changes.emplace_back();
        change.set_kind(sv1::ENTITY_KIND_POST);
        change.set_entity_id(post.id());
        change.set_version(post.version());
        *change.mutable_post() = post;
    }
    return apply(std::move(page));
}

Status SyncDownloader::takeSnapshot() {
    setState(DownloadState::Downloading);
    // The snapshot comes oldest change first: the newest posts, which the user sees first, would
    // come last. The feed's first page goes in before it; the snapshot's last page then keeps
    // only what the snapshot held, so a seeded post deleted meanwhile does not linger.
    DEVCOLL_CHECK(seedFirstScreen());
    sv1::ResyncDiff seen;
    sv1::SnapshotRequest request;
    request.set_page_size(m_settings.pageSize);
    qint64 applied = 0;
    for (;;) {
        auto context = newContext();
        context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
        sv1::SnapshotResponse response;
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return {};
            m_call = context.get();
        }
        const grpc::Status status = m_sync->Snapshot(context.get(), request, &response);
        {
            std::lock_guard lock(m_mutex);
            m_call = nullptr;
        }
        if (!status.ok()) return errorOf(status, context.get());
        SyncPage page;
        page.changes.assign(response.changes().begin(), response.changes().end());
        page.cursor = QString::fromStdString(response.cursor());
        for (const sv1::Change& change : page.changes) {
            sv1::EntityRef* ref = seen.add_scope();
            ref->set_kind(change.kind());
            ref->set_entity_id(change.entity_id());
        }
        if (response.next_page_token().empty()) page.resync = std::move(seen);
        page.deferSearchTerms = true;
        applied += static_cast<qint64>(page.changes.size());
        DEVCOLL_CHECK(apply(std::move(page)));
        emit snapshotProgress(applied);
        if (response.next_page_token().empty()) return {};
        request.set_page_token(response.next_page_token());
    }
}

Status SyncDownloader::pullUntilCaughtUp() {
    for (;;) {
        DEVCOLL_TRY(const QString cursor, storedCursor());
        sv1::PullRequest request;
        request.set_cursor(cursor.toStdString());
        request.set_limit(m_settings.pageSize);
        auto context = newContext();
        context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
        sv1::PullResponse response;
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return {};
            m_call = context.get();
        }
        const grpc::Status status = m_sync->Pull(context.get(), request, &response);
        {
            std::lock_guard lock(m_mutex);
            m_call = nullptr;
        }
        if (!status.ok()) return errorOf(status, context.get());
        if (m_state.load() == DownloadState::Offline) setState(DownloadState::Downloading);
        SyncPage page;
        if (response.has_resync()) page.resync = response.resync();
        page.changes.assign(response.changes().begin(), response.changes().end());
        page.cursor = QString::fromStdString(response.next_cursor());
        DEVCOLL_CHECK(apply(std::move(page)));
        if (!response.has_more()) return {};
    }
}

Status SyncDownloader::subscribe() {
    DEVCOLL_TRY(const QString cursor, storedCursor());
    sv1::SubscribeRequest request;
    request.set_cursor(cursor.toStdString());
    auto context = newContext();
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) return {};
        m_call = context.get();
    }
    auto reader = m_sync->Subscribe(context.get(), request);
    sv1::SubscribeResponse message;
    Status outcome;
    while (outcome.ok() && reader->Read(&message)) {
        switch (message.event_case()) {
            case sv1::SubscribeResponse::kChange: {
                const QString at = QString::fromStdString(message.change().cursor());
                outcome = apply(SyncPage{std::nullopt, {message.change()}, at});
                break;
            }
            case sv1::SubscribeResponse::kResync:
                outcome = apply(SyncPage{message.resync(), {}, {}});
                break;
            case sv1::SubscribeResponse::kCheckpoint:
                outcome = apply(SyncPage{std::nullopt, {}, QString::fromStdString(message.checkpoint().cursor())});
                if (message.checkpoint().caught_up()) {
                    setState(DownloadState::Live);
                    emit upToDate(QDateTime::currentDateTimeUtc());
                }
                break;
            case sv1::SubscribeResponse::kHeartbeat:
                if (m_state.load() == DownloadState::Live) emit upToDate(QDateTime::currentDateTimeUtc());
                break;
            case sv1::SubscribeResponse::EVENT_NOT_SET:
                break;  // something a newer server sends: not for this version
        }
    }
    if (!outcome.ok()) context->TryCancel();
    const grpc::Status status = reader->Finish();
    {
        std::lock_guard lock(m_mutex);
        m_call = nullptr;
        if (m_stopping) return {};
    }
    if (!outcome.ok()) return outcome;
    if (!status.ok()) return errorOf(status, context.get());
    return {};
}

}  // namespace devcoll::app
