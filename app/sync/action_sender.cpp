#include "sync/action_sender.h"

#include <google/protobuf/util/time_util.h>

#include <QDateTime>
#include <QRandomGenerator>

#include "store/media_attachments.h"
#include "store/moderation_queue.h"
#include "sync/media_upload.h"

namespace devcoll::app {
namespace {

namespace sv1 = devcoll::sync::v1;
namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;
namespace mv1 = devcoll::media::v1;
namespace nv1 = devcoll::notification::v1;

constexpr auto kCallTimeout = std::chrono::seconds(30);
// A transient failure this many times over is not transient: the action is quarantined, so
// that a server fault on one action cannot hold the queue for ever.
constexpr int kMaxAttempts = 12;
// How long an idle sender sleeps before it looks at the queue anyway.
constexpr auto kIdleCheck = std::chrono::seconds(30);

qint64 nowMicros() { return QDateTime::currentMSecsSinceEpoch() * 1000; }

sv1::Change postChange(const pv1::Post& post) {
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_POST);
    c.set_entity_id(post.id());
    c.set_version(post.version());
    if (post.deleted()) {
        c.set_tombstone(true);
    } else {
        *c.mutable_post() = post;
    }
    return c;
}

sv1::Change profileChange(const uv1::UserProfile& profile) {
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_PROFILE);
    c.set_entity_id(profile.id());
    c.set_version(profile.version());
    *c.mutable_profile() = profile;
    return c;
}

// Whether `profile` holds what `request` set (its masked fields).
bool holdsEdit(const uv1::UserProfile& profile, const uv1::UpdateProfileRequest& request) {
    for (const std::string& path : request.update_mask().paths()) {
        if (path == "display_name" && profile.display_name() != request.profile().display_name()) return false;
        if (path == "bio" && profile.bio() != request.profile().bio()) return false;
        if (path == "avatar_media_id" && profile.avatar_media_id() != request.profile().avatar_media_id()) return false;
    }
    return true;
}

sv1::Change commentChange(const pv1::Comment& comment) {
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_COMMENT);
    c.set_entity_id(comment.id());
    c.set_version(1);
    *c.mutable_comment() = comment;
    return c;
}

// The like or follow an action made, as the server holds it now. Its answer carries none, and
// the server's own copy may have come down the stream while the action still waited (and so
// was not applied): the confirmation puts it in place. Version 0: the server's next change of
// it replaces it.
sv1::Change pairChange(const PendingAction& action) {
    const QString first = action.entityId.section(QLatin1Char(':'), 0, 0);
    const QString second = action.entityId.section(QLatin1Char(':'), 1);
    sv1::Change c;
    c.set_kind(action.entityKind);
    c.set_entity_id(action.entityId.toStdString());
    c.set_version(0);
    const auto now = google::protobuf::util::TimeUtil::GetCurrentTime();
    if (action.entityKind == sv1::ENTITY_KIND_LIKE) {
        c.mutable_like()->set_post_id(first.toStdString());
        c.mutable_like()->set_user_id(second.toStdString());
        *c.mutable_like()->mutable_created_at() = now;
    } else {
        c.mutable_follow()->set_follower_id(first.toStdString());
        c.mutable_follow()->set_followee_id(second.toStdString());
        *c.mutable_follow()->mutable_created_at() = now;
    }
    return c;
}

// The notification state a call answered with. Version 0: the server's own copy, which the
// stream brings next, replaces it.
sv1::Change notificationStateChange(const PendingAction& action, const nv1::NotificationState& state) {
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_NOTIFICATION_STATE);
    c.set_entity_id(action.entityId.toStdString());
    *c.mutable_notification_state() = state;
    return c;
}

template <typename Request>
bool parse(const PendingAction& action, Request& request) {
    return request.ParseFromArray(action.request.constData(), static_cast<int>(action.request.size()));
}

}  // namespace

ActionSender::ActionSender(LocalStore& store, std::shared_ptr<grpc::Channel> channel, AccessTokenSource tokens,
                           UploadSettings settings, QObject* parent)
    : QObject(parent),
      m_store(store),
      m_channel(channel),
      m_posts(pv1::PostService::NewStub(channel)),
      m_users(uv1::UserService::NewStub(channel)),
      m_media(mv1::MediaService::NewStub(channel)),
      m_moderation(devcoll::moderation::v1::ModerationService::NewStub(channel)),
      m_notifications(devcoll::notification::v1::NotificationService::NewStub(channel)),
      m_tokens(std::move(tokens)),
      m_settings(settings) {}

ActionSender::~ActionSender() { stop(); }

void ActionSender::start() {
    // A run that ended by itself (signed out) leaves its finished thread behind.
    if (m_thread && m_thread->isFinished()) m_thread.reset();
    if (m_thread) return;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = false;
    }
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("devcoll-upload"));
    m_thread->start();
}

void ActionSender::stop() {
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

void ActionSender::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
        m_retryWaiting = true;
    }
    m_wake.notify_all();
}

bool ActionSender::pause(std::chrono::milliseconds delay) {
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, delay, [this] { return m_stopping || m_woken; });
    m_woken = false;
    return !m_stopping;
}

template <typename T>
Result<T> ActionSender::onStore(std::function<Result<T>(ReplicaDatabase&)> work) {
    auto future = m_store.run<T>(std::move(work));
    future.waitForFinished();
    return future.result();
}

std::unique_ptr<grpc::ClientContext> ActionSender::newContext() {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + m_tokens());
    context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
    return context;
}

bool ActionSender::track(grpc::ClientContext* call) {
    std::lock_guard lock(m_mutex);
    if (call && m_stopping) return false;
    m_call = call;
    return true;
}

void ActionSender::run() {
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return;
        }
        bool retryWaiting = false;
        {
            std::lock_guard lock(m_mutex);
            std::swap(retryWaiting, m_retryWaiting);
        }
        // A failure here only means that a waiting head waits out its time.
        if (retryWaiting) (void)onStore<void>([](ReplicaDatabase& db) { return retryQueuedNow(db); });
        const qint64 now = nowMicros();
        auto next = onStore<std::optional<PendingAction>>([now](ReplicaDatabase& db) { return nextAction(db, now); });
        if (!next.ok()) {
            emit actionNeedsAttention(QString::fromStdString(next.error().message));
            if (!pause(m_settings.maxRetry)) return;
            continue;
        }
        if (!*next) {
            // Nothing due: sleep until the head's retry, or until woken.
            auto at = onStore<qint64>([](ReplicaDatabase& db) { return nextAttemptAt(db); });
            std::chrono::milliseconds delay = kIdleCheck;
            if (at.ok() && *at > 0) delay = std::chrono::milliseconds(std::max<qint64>(1, (*at - now) / 1000));
            if (!pause(std::min<std::chrono::milliseconds>(delay, kIdleCheck))) return;
            continue;
        }
        const PendingAction action = **next;
        // Not connected before the call: an UNAVAILABLE answer is the network's, not the action's,
        // and does not count towards quarantine (a user offline for a week keeps their posts
        // queued). Connected, it may be the server's answer to this action, and counts.
        const bool connected = m_channel->GetState(false) == GRPC_CHANNEL_READY;
        Sent sent = send(action);
        sent.unreachable = sent.unreachable && !connected;
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) return;  // a cancelled call is no outcome: the action stays queued
        }
        const qint64 seq = action.seq;
        Status recorded;
        switch (sent.outcome) {
            case Outcome::Confirmed:
                recorded = onStore<void>(
                    [seq, entity = sent.entity](ReplicaDatabase& db) { return actionConfirmed(db, seq, entity); });
                if (recorded.ok()) emit actionSent();
                break;
            case Outcome::Quarantine:
                recorded = onStore<void>(
                    [seq, m = sent.message](ReplicaDatabase& db) { return actionQuarantined(db, seq, m); });
                emit actionNeedsAttention(sent.message);
                break;
            case Outcome::Conflict:
                recorded = onStore<void>([seq, m = sent.message, theirs = sent.entity](ReplicaDatabase& db) {
                    return actionInConflict(db, seq, m, theirs);
                });
                emit actionNeedsAttention(sent.message);
                break;
            case Outcome::Retry: {
                // An upload that got further counts as a first failure again.
                const int attempts = sent.progressed ? 0 : action.attempts;
                if (!sent.unreachable && attempts + 1 >= kMaxAttempts) {
                    recorded = onStore<void>(
                        [seq, m = sent.message](ReplicaDatabase& db) { return actionQuarantined(db, seq, m); });
                    emit actionNeedsAttention(sent.message);
                    break;
                }
                // Unreachable: the backoff still grows (to maxRetry), and the count stays below
                // the quarantine line, so a server fault after the trip back still gets its tries.
                const int exponent = std::min(attempts, 16);
                const auto delay = std::min<std::chrono::milliseconds>(
                    std::chrono::milliseconds(m_settings.firstRetry.count() << exponent), m_settings.maxRetry);
                const double jitter = 0.5 + QRandomGenerator::global()->generateDouble();
                const qint64 notBefore =
                    nowMicros() + static_cast<qint64>(static_cast<double>(delay.count()) * 1000 * jitter);
                const int counted = sent.unreachable ? std::min(attempts + 1, kMaxAttempts / 2) : attempts + 1;
                recorded = onStore<void>([seq, notBefore, m = sent.message, counted](ReplicaDatabase& db) {
                    return actionRetryLater(db, seq, notBefore, m, counted);
                });
                emit offline(sent.message);
                break;
            }
            case Outcome::SignedOut:
                emit signedOut();
                return;
        }
        if (!recorded.ok()) {
            emit actionNeedsAttention(QString::fromStdString(recorded.error().message));
            if (!pause(m_settings.maxRetry)) return;
        }
    }
}

namespace {

// Whether a failed call may succeed when tried again (see failed()).
bool transient(grpc::StatusCode code) {
    switch (code) {
        case grpc::StatusCode::UNAVAILABLE:
        case grpc::StatusCode::DEADLINE_EXCEEDED:
        case grpc::StatusCode::RESOURCE_EXHAUSTED:
        case grpc::StatusCode::ABORTED:
        case grpc::StatusCode::CANCELLED:
        case grpc::StatusCode::UNKNOWN:
        case grpc::StatusCode::INTERNAL:
            return true;  // (a server fault that stays is quarantined after kMaxAttempts)
        default:
            return false;
    }
}

}  // namespace

ActionSender::Sent ActionSender::failed(grpc::StatusCode code, const QString& message, bool progressed) {
    if (code == grpc::StatusCode::UNAUTHENTICATED) return Sent{Outcome::SignedOut, std::nullopt, message};
    if (transient(code)) {
        return Sent{Outcome::Retry, std::nullopt, message, progressed, code == grpc::StatusCode::UNAVAILABLE};
    }
    return Sent{Outcome::Quarantine, std::nullopt, message};
}

ActionSender::Sent ActionSender::send(const PendingAction& action) {
    auto context = newContext();
    if (!track(context.get())) return {};
    grpc::Status status;
    Sent sent{Outcome::Confirmed, std::nullopt, {}};
    bool parsed = true;
    switch (action.kind) {
        case ActionKind::CreatePost: {
            pv1::CreatePostRequest request;
            pv1::CreatePostResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_posts->CreatePost(context.get(), request, &response);
            if (status.ok()) sent.entity = postChange(response.post());
            break;
        }
        case ActionKind::EditPost: {
            pv1::UpdatePostRequest request;
            pv1::UpdatePostResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_posts->UpdatePost(context.get(), request, &response);
            track(nullptr);
            if (parsed) return editOutcome(action, status, response.post());
            break;
        }
        case ActionKind::DeletePost: {
            pv1::DeletePostRequest request;
            pv1::DeletePostResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_posts->DeletePost(context.get(), request, &response);
            if (status.ok()) sent.entity = postChange(response.post());
            break;
        }
        case ActionKind::LikePost: {
            pv1::LikePostRequest request;
            pv1::LikePostResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_posts->LikePost(context.get(), request, &response);
            if (status.ok()) sent.entity = pairChange(action);
            break;
        }
        case ActionKind::UnlikePost: {
            pv1::UnlikePostRequest request;
            pv1::UnlikePostResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_posts->UnlikePost(context.get(), request, &response);
            break;
        }
        case ActionKind::EditProfile: {
            uv1::UpdateProfileRequest request;
            uv1::UpdateProfileResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_users->UpdateProfile(context.get(), request, &response);
            track(nullptr);
            if (parsed) return profileEditOutcome(action, status, response.user());
            break;
        }
        case ActionKind::UploadMedia:
            track(nullptr);
            return upload(action);
        case ActionKind::DismissReport:
        case ActionKind::HidePost:
        case ActionKind::RemovePost:
        case ActionKind::HideComment:
        case ActionKind::RemoveComment:
        case ActionKind::SuspendUser:
            track(nullptr);
            return moderate(action);
        case ActionKind::MarkNotificationsRead: {
            nv1::MarkNotificationsReadRequest request;
            nv1::MarkNotificationsReadResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_notifications->MarkNotificationsRead(context.get(), request, &response);
            if (status.ok()) sent.entity = notificationStateChange(action, response.state());
            break;
        }
        case ActionKind::UpdateNotificationPreferences: {
            nv1::UpdateNotificationPreferencesRequest request;
            nv1::UpdateNotificationPreferencesResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_notifications->UpdateNotificationPreferences(context.get(), request, &response);
            if (status.ok()) sent.entity = notificationStateChange(action, response.state());
            break;
        }
        case ActionKind::CreateComment: {
            pv1::CreateCommentRequest request;
            pv1::CreateCommentResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_posts->CreateComment(context.get(), request, &response);
            if (status.ok()) sent.entity = commentChange(response.comment());
            break;
        }
        case ActionKind::Follow: {
            uv1::FollowRequest request;
            uv1::FollowResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_users->Follow(context.get(), request, &response);
            if (status.ok()) sent.entity = pairChange(action);
            break;
        }
        case ActionKind::Unfollow: {
            uv1::UnfollowRequest request;
            uv1::UnfollowResponse response;
            parsed = parse(action, request);
            if (parsed) status = m_users->Unfollow(context.get(), request, &response);
            break;
        }
        default:
            parsed = false;
    }
    track(nullptr);
    if (!parsed) return Sent{Outcome::Quarantine, std::nullopt, tr("This version of devcoll cannot send this action.")};
    if (status.ok()) return sent;
    return failed(status.error_code(), QString::fromStdString(status.error_message()));
}

ActionSender::Sent ActionSender::moderate(const PendingAction& action) {
    namespace dv1 = devcoll::moderation::v1;
    using Stub = dv1::ModerationService::Stub;
    auto context = newContext();
    if (!track(context.get())) return {};
    grpc::Status status;
    bool parsed = false;
    const auto call = [&](auto request, auto response, auto method) {
        parsed = parse(action, request);
        if (parsed) status = (m_moderation.get()->*method)(context.get(), request, &response);
    };
    switch (action.kind) {
        case ActionKind::DismissReport:
            call(dv1::DismissReportRequest(), dv1::DismissReportResponse(), &Stub::DismissReport);
            break;
        case ActionKind::HidePost:
            call(dv1::HidePostRequest(), dv1::HidePostResponse(), &Stub::HidePost);
            break;
        case ActionKind::RemovePost:
            call(dv1::RemovePostRequest(), dv1::RemovePostResponse(), &Stub::RemovePost);
            break;
        case ActionKind::HideComment:
            call(dv1::HideCommentRequest(), dv1::HideCommentResponse(), &Stub::HideComment);
            break;
        case ActionKind::RemoveComment:
            call(dv1::RemoveCommentRequest(), dv1::RemoveCommentResponse(), &Stub::RemoveComment);
            break;
        case ActionKind::SuspendUser: {
            dv1::SuspendUserRequest request;
            parsed = parse(action, request);
            *request.mutable_until() = suspensionFromNow();  // a replay keeps the first answer's
            dv1::SuspendUserResponse response;
            if (parsed) status = m_moderation->SuspendUser(context.get(), request, &response);
            break;
        }
        default:
            break;
    }
    track(nullptr);
    if (!parsed) return Sent{Outcome::Quarantine, std::nullopt, tr("This version of devcoll cannot send this action.")};
    if (status.ok()) return Sent{Outcome::Confirmed, std::nullopt, {}};
    const QString message = QString::fromStdString(status.error_message());
    const auto& trailers = context->GetServerTrailingMetadata();
    if (status.error_code() == grpc::StatusCode::FAILED_PRECONDITION &&
        trailers.find("devcoll-conflicting-action-id") != trailers.end()) {
        //: A moderator's decision made offline that another moderator's action made moot; %1 is the server's message.
        return Sent{Outcome::Quarantine, std::nullopt, tr("Another moderator acted first: %1").arg(message)};
    }
    return failed(status.error_code(), message);
}

ActionSender::Sent ActionSender::upload(const PendingAction& action) {
    mv1::UploadMetadata metadata;
    if (!parse(action, metadata))
        return Sent{Outcome::Quarantine, std::nullopt, tr("This version of devcoll cannot send this action.")};
    const QString mediaId = action.entityId;
    UploadCalls calls;
    calls.newContext = [this] { return newContext(); };
    calls.track = [this](grpc::ClientContext* call) { return track(call); };
    calls.read = [this, mediaId](qint64 offset, qint64 length) {
        return onStore<QByteArray>(
            [mediaId, offset, length](ReplicaDatabase& db) { return attachmentBytes(db, mediaId, offset, length); });
    };
    calls.progress = [this, mediaId](qint64 sent, qint64 total) { emit uploadProgress(mediaId, sent, total); };
    mv1::Media media;
    const UploadOutcome outcome = uploadAttachment(*m_media, metadata, calls, &media);
    const grpc::Status& status = outcome.status;
    if (status.ok()) {
        sv1::Change c;
        c.set_kind(sv1::ENTITY_KIND_MEDIA);
        c.set_entity_id(media.id());
        c.set_version(1);  // media do not change after upload
        *c.mutable_media() = media;
        return Sent{Outcome::Confirmed, std::move(c), {}};
    }
    return failed(status.error_code(), QString::fromStdString(status.error_message()), outcome.progressed);
}

ActionSender::Sent ActionSender::editOutcome(const PendingAction& action, const grpc::Status& status,
                                             const pv1::Post& post) {
    if (status.ok()) return Sent{Outcome::Confirmed, postChange(post), {}};
    const QString message = QString::fromStdString(status.error_message());
    if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) return failed(status.error_code(), message);
    // A stale version: either our own edit arrived and its answer was lost (the post is at the
    // next version with our text), or someone else edited first (a conflict for the user).
    pv1::UpdatePostRequest request;
    parse(action, request);
    pv1::GetPostRequest get;
    get.set_post_id(request.post().id());
    pv1::GetPostResponse current;
    auto context = newContext();
    if (!track(context.get())) return {};
    const grpc::Status read = m_posts->GetPost(context.get(), get, &current);
    track(nullptr);
    if (!read.ok()) return failed(read.error_code(), message);
    // Deleted meanwhile: there is nothing left to edit.
    if (current.post().deleted()) return Sent{Outcome::Quarantine, std::nullopt, message};
    const bool ours =
        current.post().version() == request.expected_version() + 1 && current.post().body() == request.post().body();
    if (ours) return Sent{Outcome::Confirmed, postChange(current.post()), {}};
    return Sent{Outcome::Conflict, postChange(current.post()), message};
}

ActionSender::Sent ActionSender::profileEditOutcome(const PendingAction& action, const grpc::Status& status,
                                                    const uv1::UserProfile& profile) {
    if (status.ok()) return Sent{Outcome::Confirmed, profileChange(profile), {}};
    const QString message = QString::fromStdString(status.error_message());
    if (status.error_code() != grpc::StatusCode::FAILED_PRECONDITION) return failed(status.error_code(), message);
    // As for a post's edit: our own edit whose answer was lost, or someone else's first.
    uv1::UpdateProfileRequest request;
    parse(action, request);
    uv1::GetUserRequest get;
    get.set_user_id(action.entityId.toStdString());
    uv1::GetUserResponse current;
    auto context = newContext();
    if (!track(context.get())) return {};
    const grpc::Status read = m_users->GetUser(context.get(), get, &current);
    track(nullptr);
    if (!read.ok()) return failed(read.error_code(), message);
    const bool ours = current.user().version() == request.expected_version() + 1 && holdsEdit(current.user(), request);
    if (ours) return Sent{Outcome::Confirmed, profileChange(current.user()), {}};
    return Sent{Outcome::Conflict, profileChange(current.user()), message};
}

}  // namespace devcoll::app
