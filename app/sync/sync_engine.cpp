#include "sync/sync_engine.h"

#include "store/pending_actions.h"

namespace devcoll::app {

SyncEngine::SyncEngine(LocalStore& store, std::shared_ptr<grpc::Channel> channel, AccessTokenSource tokens,
                       SyncEngineSettings settings, QObject* parent)
    : QObject(parent),
      m_store(store),
      m_channel(channel),
      m_downloader(store, channel, tokens, settings.download),
      m_sender(store, channel, tokens, settings.upload) {
    qRegisterMetaType<SyncStatus>();
    // The halves signal from their own threads; these connections run here, on the owner's.
    connect(&m_downloader, &SyncDownloader::stateChanged, this, [this](DownloadState) { update({}); });
    connect(&m_downloader, &SyncDownloader::changesApplied, this, [this] { emit replicaChanged(); });
    connect(&m_downloader, &SyncDownloader::snapshotProgress, this,
            [this](qint64 applied) { update([applied](SyncStatus& s) { s.snapshotProgress = applied; }); });
    connect(&m_downloader, &SyncDownloader::upToDate, this,
            [this](const QDateTime& at) { update([at](SyncStatus& s) { s.lastUpToDate = at; }); });
    connect(&m_downloader, &SyncDownloader::failed, this,
            [this](const QString& why) { update([why](SyncStatus& s) { s.lastError = why; }); });
    connect(&m_sender, &ActionSender::actionSent, this, [this] {
        m_senderOffline = false;
        emit replicaChanged();
        recount();
    });
    connect(&m_sender, &ActionSender::offline, this, [this](const QString& why) {
        m_senderOffline = true;
        update([why](SyncStatus& s) { s.lastError = why; });
    });
    connect(&m_sender, &ActionSender::actionNeedsAttention, this, [this](const QString& why) {
        update([why](SyncStatus& s) { s.lastError = why; });
        emit replicaChanged();
        recount();
    });
    connect(&m_sender, &ActionSender::signedOut, this, &SyncEngine::signedOut);
    connect(&m_sender, &ActionSender::uploadProgress, this, &SyncEngine::uploadProgress);
    connect(&m_downloader, &SyncDownloader::signedOut, this, &SyncEngine::signedOut);
}

SyncEngine::~SyncEngine() { stop(); }

void SyncEngine::start() {
    if (m_running) return;
    m_running = true;
    m_downloader.start();
    m_sender.start();
    recount();
}

void SyncEngine::stop() {
    if (!m_running) return;
    m_running = false;
    m_sender.stop();
    m_downloader.stop();
    update({});
}

void SyncEngine::actionQueued() {
    m_sender.wake();
    recount();
}

void SyncEngine::retryNow() {
    // After a long time offline the channel waits minutes between its own attempts to connect:
    // the network being back (or the user asking) means now.
    grpc::experimental::ChannelResetConnectionBackoff(m_channel.get());
    m_sender.wake();
    m_downloader.retryNow();
}

void SyncEngine::recount() {
    auto counts = m_store.run<std::pair<int, int>>([](ReplicaDatabase& db) -> Result<std::pair<int, int>> {
        DEVCOLL_TRY(const int pending, pendingActionCount(db));
        DEVCOLL_TRY(const auto issues, actionIssues(db));
        return std::make_pair(pending, static_cast<int>(issues.size()));
    });
    counts.then(this, [this](const Result<std::pair<int, int>>& c) {
        if (!c.ok()) return update([&](SyncStatus& s) { s.lastError = QString::fromStdString(c.error().message); });
        update([&](SyncStatus& s) {
            s.pendingActions = c->first;
            s.actionIssues = c->second;
        });
    });
}

void SyncEngine::derivePhase(SyncStatus& s) const {
    if (!m_running) {
        s.phase = SyncPhase::Stopped;
        return;
    }
    const DownloadState download = m_downloader.state();
    if (download == DownloadState::Offline || (m_senderOffline && s.pendingActions > 0)) {
        s.phase = SyncPhase::Offline;
    } else if (download == DownloadState::Live && s.pendingActions == 0) {
        s.phase = SyncPhase::UpToDate;
    } else {
        s.phase = SyncPhase::Syncing;
    }
}

void SyncEngine::update(const std::function<void(SyncStatus&)>& change) {
    SyncStatus next = m_status;
    if (change) change(next);
    derivePhase(next);
    if (next == m_status) return;
    m_status = next;
    emit statusChanged(m_status);
}

}  // namespace devcoll::app
