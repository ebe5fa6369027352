#include "notification/notification_service.h"

#include <set>

#include "platform/rpc/paging.h"

namespace devcoll::notification {
namespace {

using rpc::Access;
using rpc::CallContext;

constexpr std::string_view kList = "notifications";

}  // namespace

grpc::ServerUnaryReactor* NotificationService::ListNotifications(Ctx* ctx, const v1::ListNotificationsRequest* req,
                                                                 v1::ListNotificationsResponse* resp) {
    return m_rt.unary(ctx, "notification.ListNotifications", Access::Authenticated,
                      [=, this](const CallContext& call) -> Status {
                          const std::string& me = call.caller().userId;
                          DEVCOLL_TRY(const int pageSize, rpc::pageSizeOf(req->page_size()));
                          // A token pages the list it was made for: the same user, the same filter.
                          const std::string scope = me + (req->unread_only() ? "/unread" : "/all");
                          DEVCOLL_TRY(auto parts, rpc::openCursor(m_pageTokens, req->page_token(), kList, scope, 1));
                          std::optional<std::int64_t> before;
                          if (parts) {
                              DEVCOLL_TRY(before, rpc::cursorInteger((*parts)[0]));
                          }
                          DEVCOLL_TRY(auto state, m_store.state(me));
                          DEVCOLL_TRY(auto items, m_store.page(me, before, req->unread_only(), pageSize + 1));
                          const bool more = rpc::trimToPage(items, pageSize);
                          for (auto& n : items) *resp->add_notifications() = std::move(n);
                          if (more) {
                              const auto& last = *resp->notifications().rbegin();
                              resp->set_next_page_token(
                                  rpc::sealCursor(m_pageTokens, kList, scope, {std::to_string(last.sequence())}));
                          }
                          *resp->mutable_state() = std::move(state);
                          return {};
                      });
}

grpc::ServerUnaryReactor* NotificationService::GetNotificationState(Ctx* ctx, const v1::GetNotificationStateRequest*,
                                                                    v1::GetNotificationStateResponse* resp) {
    return m_rt.unary(ctx, "notification.GetNotificationState", Access::Authenticated,
                      [=, this](const CallContext& call) -> Status {
                          DEVCOLL_TRY(*resp->mutable_state(), m_store.state(call.caller().userId));
                          return {};
                      });
}

grpc::ServerUnaryReactor* NotificationService::MarkNotificationsRead(Ctx* ctx,
                                                                     const v1::MarkNotificationsReadRequest* req,
                                                                     v1::MarkNotificationsReadResponse* resp) {
    return m_rt.unary(
        ctx, "notification.MarkNotificationsRead", Access::Authenticated, [=, this](const CallContext& call) -> Status {
            if (req->up_to() < 1) {
                return invalidArgument("up_to", "must be the sequence of a notification (at least 1)");
            }
            DEVCOLL_TRY(*resp->mutable_state(), m_store.markRead(call.caller().userId, req->up_to(), call.requestId));
            return {};
        });
}

grpc::ServerUnaryReactor* NotificationService::UpdateNotificationPreferences(
    Ctx* ctx, const v1::UpdateNotificationPreferencesRequest* req, v1::UpdateNotificationPreferencesResponse* resp) {
    return m_rt.unary(
        ctx, "notification.UpdateNotificationPreferences", Access::Authenticated,
        [=, this](const CallContext& call) -> Status {
            if (req->preferences().empty()) return invalidArgument("preferences", "must name at least one kind");
            std::set<int> seen;
            std::vector<v1::Preference> changes;
            for (int i = 0; i < req->preferences_size(); ++i) {
                const v1::Preference& p = req->preferences(i);
                const std::string field = "preferences[" + std::to_string(i) + "]";
                if (p.kind() <= v1::NOTIFICATION_KIND_UNSPECIFIED || !v1::NotificationKind_IsValid(p.kind())) {
                    return invalidArgument(field + ".kind",
                                           "must be one of the NOTIFICATION_KIND_ values other than "
                                           "UNSPECIFIED");
                }
                if (p.delivery() <= v1::DELIVERY_UNSPECIFIED || !v1::Delivery_IsValid(p.delivery())) {
                    return invalidArgument(field + ".delivery",
                                           "must be DELIVERY_OFF, DELIVERY_IN_APP or DELIVERY_IN_APP_AND_DESKTOP");
                }
                if (!seen.insert(p.kind()).second) {
                    return invalidArgument(field + ".kind", "names a kind that an earlier entry already names");
                }
                changes.push_back(p);
            }
            DEVCOLL_TRY(*resp->mutable_state(), m_store.setPreferences(call.caller().userId, changes, call.requestId));
            return {};
        });
}

}  // namespace devcoll::notification
