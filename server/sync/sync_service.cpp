#include "sync/sync_service.h"

#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "platform/clock.h"
#include "platform/rpc/paging.h"
#include "sync/subscribe_reactor.h"
#include "sync/sync_changes.h"

namespace devcoll::sync {
namespace {

using rpc::Access;
using rpc::CallContext;

constexpr int kDefaultChanges = 500;
constexpr int kMaxChanges = 1000;
constexpr std::string_view kSnapshotList = "sync-snapshot";

Result<int> limitOf(std::string_view field, int requested) {
    if (requested < 0 || requested > kMaxChanges) {
        return invalidArgument(std::string(field), "must be between 0 and " + std::to_string(kMaxChanges));
    }
    return requested == 0 ? kDefaultChanges : requested;
}

}  // namespace

grpc::ServerUnaryReactor* SyncService::Snapshot(Ctx* ctx, const v1::SnapshotRequest* req, v1::SnapshotResponse* resp) {
    return m_rt.unary(ctx, "sync.Snapshot", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        const std::string& me = call.caller().userId;
        DEVCOLL_TRY(const int pageSize, limitOf("page_size", req->page_size()));
        // A snapshot is the view at the position it began at; its pages say where they are.
        std::int64_t upTo = 0;
        LogPosition after;
        DEVCOLL_TRY(auto parts, rpc::openCursor(m_pageTokens, req->page_token(), kSnapshotList, me, 4));
        if (parts) {
            DEVCOLL_TRY(upTo, rpc::cursorInteger((*parts)[0]));
            DEVCOLL_TRY(after.seq, rpc::cursorInteger((*parts)[1]));
            DEVCOLL_TRY(after.kind, rpc::cursorInteger((*parts)[2]));
            after.entityId = (*parts)[3];
        } else {
            DEVCOLL_TRY(upTo, m_store.currentPosition());
        }
        DEVCOLL_TRY(auto entries, m_store.snapshotPage(me, upTo, after, pageSize + 1));
        const bool more = rpc::trimToPage(entries, pageSize);
        for (const LogEntry& entry : entries) {
            DEVCOLL_TRY(v1::Change change, changeOf(entry, m_pageTokens, me));
            *resp->add_changes() = std::move(change);
        }
        if (more) {
            const LogPosition& last = entries.back().position;
            resp->set_next_page_token(rpc::sealCursor(
                m_pageTokens, kSnapshotList, me,
                {std::to_string(upTo), std::to_string(last.seq), std::to_string(last.kind), last.entityId}));
        } else {
            resp->set_cursor(sealPosition(m_pageTokens, me, afterPosition(upTo)));
        }
        return {};
    });
}

grpc::ServerUnaryReactor* SyncService::Pull(Ctx* ctx, const v1::PullRequest* req, v1::PullResponse* resp) {
    return m_rt.unary(ctx, "sync.Pull", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        const std::string& me = call.caller().userId;
        DEVCOLL_TRY(const LogPosition from, openPosition(m_pageTokens, me, req->cursor(), "cursor"));
        DEVCOLL_TRY(const int limit, limitOf("limit", req->limit()));
        DEVCOLL_TRY(auto resync, resyncDiffFor(m_store, me, from));
        if (resync) *resp->mutable_resync() = std::move(*resync);
        DEVCOLL_TRY(auto entries, m_store.changesAfter(me, from, limit + 1));
        resp->set_has_more(rpc::trimToPage(entries, limit));
        for (const LogEntry& entry : entries) {
            DEVCOLL_TRY(v1::Change change, changeOf(entry, m_pageTokens, me));
            *resp->add_changes() = std::move(change);
        }
        resp->set_next_cursor(entries.empty()
                                  ? (req->cursor().empty() ? sealPosition(m_pageTokens, me, from) : req->cursor())
                                  : resp->changes().rbegin()->cursor());
        return {};
    });
}

grpc::ServerUnaryReactor* SyncService::GetSyncStatus(Ctx* ctx, const v1::GetSyncStatusRequest*,
                                                     v1::GetSyncStatusResponse* resp) {
    return m_rt.unary(ctx, "sync.GetSyncStatus", Access::Authenticated, [=, this](const CallContext& call) -> Status {
        DEVCOLL_CHECK(call.requireAdmin());
        DEVCOLL_TRY(const LogSizes sizes, m_store.sizes());
        const SyncHub::Counts streams = m_hub.counts();
        resp->set_open_streams(static_cast<std::int64_t>(streams.streams));
        resp->set_streaming_users(static_cast<std::int64_t>(streams.users));
        resp->set_user_log_rows(sizes.userLogRows);
        resp->set_audience_log_rows(sizes.audienceLogRows);
        resp->set_entities(sizes.entities);
        resp->set_position(sizes.position);
        if (sizes.lastEventAt > 0) {
            *resp->mutable_last_event_at() = toTimestamp(sizes.lastEventAt);
            *resp->mutable_last_event_lag() = google::protobuf::util::TimeUtil::MicrosecondsToDuration(
                std::max<std::int64_t>(0, sizes.lastEventAppliedAt - sizes.lastEventAt));
        }
        return {};
    });
}

grpc::ServerWriteReactor<v1::SubscribeResponse>* SyncService::Subscribe(Ctx* ctx, const v1::SubscribeRequest* req) {
    return new SubscribeReactor(ctx, req, SubscribeParts{m_rt, m_store, m_hub, m_pageTokens});
}

}  // namespace devcoll::sync
