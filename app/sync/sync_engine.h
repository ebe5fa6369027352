#pragma once
// SyncEngine: the app's sync, as the windows see it. It runs the two halves side by side
// (SyncDownloader brings the server's changes, ActionSender sends the user's actions; neither
// waits for the other) and sums them up in one status: offline, syncing (actions to send,
// a download under way) or up to date, with when the replica was last up to date and the
// last error. The owner tells it when the user queued an action, and when the network may be
// back, so both halves try at once instead of waiting out their backoff.
#include <QDateTime>
#include <QObject>
#include <QString>

#include <memory>

#include "store/local_store.h"
#include "sync/action_sender.h"
#include "sync/sync_downloader.h"

namespace devcoll::app {

enum class SyncPhase {
    Stopped,
    Offline,
    Syncing,
    UpToDate,
};

struct SyncStatus final {
    SyncPhase phase = SyncPhase::Stopped;
    int pendingActions = 0;       // queued, not yet confirmed by the server
    int actionIssues = 0;         // quarantined or in conflict: the user decides
    qint64 snapshotProgress = 0;  // entities of a first download applied so far
    QDateTime lastUpToDate;       // invalid: never yet
    QString lastError;

    friend bool operator==(const SyncStatus&, const SyncStatus&) = default;
};

struct SyncEngineSettings final {
    DownloadSettings download;
    UploadSettings upload;
};

class SyncEngine final : public QObject {
    Q_OBJECT

public:
    SyncEngine(LocalStore& store, std::shared_ptr<grpc::Channel> channel, AccessTokenSource tokens,
               SyncEngineSettings settings = {}, QObject* parent = nullptr);
    ~SyncEngine() override;

    void start();
    void stop();
    // The user queued an action: send it now.
    void actionQueued();
    // The network may be back (or the user pressed refresh): both halves try at once.
    void retryNow();

    const SyncStatus& status() const { return m_status; }

signals:
    void statusChanged(const devcoll::app::SyncStatus& status);
    // The replica changed (the server's changes, or actions confirmed or undone): views re-read.
    void replicaChanged();
    // The server refused the session: sign in again (the replica and unsent actions stay).
    void signedOut();
    // An attached image on its way to the server, for the composer's progress bar.
    void uploadProgress(const QString& mediaId, qint64 sent, qint64 total);

private:
    void recount();
    void update(const std::function<void(SyncStatus&)>& change);
    void derivePhase(SyncStatus& s) const;

    LocalStore& m_store;
    std::shared_ptr<grpc::Channel> m_channel;
    SyncDownloader m_downloader;
    ActionSender m_sender;
    SyncStatus m_status;
    bool m_senderOffline = false;
    bool m_running = false;
};

}  // namespace devcoll::app

Q_DECLARE_METATYPE(devcoll::app::SyncStatus)
