#pragma once
// NotificationService: the gRPC edge of devcoll.notification.v1. Validation here; the lists,
// read marks and preferences in NotificationStore. Every call serves the caller's own list.
#include "devcoll/notification/v1/notification.grpc.pb.h"
#include "notification/notification_store.h"
#include "platform/rpc/rpc_runtime.h"
#include "platform/security/page_tokens.h"

namespace devcoll::notification {

class NotificationService final : public v1::NotificationService::CallbackService {
public:
    NotificationService(rpc::RpcRuntime& runtime, NotificationStore& store, const security::PageTokens& pageTokens)
        : m_rt(runtime), m_store(store), m_pageTokens(pageTokens) {}

    using Ctx = grpc::CallbackServerContext;
    using Reactor = grpc::ServerUnaryReactor;
    Reactor* ListNotifications(Ctx*, const v1::ListNotificationsRequest*, v1::ListNotificationsResponse*) override;
    Reactor* GetNotificationState(Ctx*, const v1::GetNotificationStateRequest*,
                                  v1::GetNotificationStateResponse*) override;
    Reactor* MarkNotificationsRead(Ctx*, const v1::MarkNotificationsReadRequest*,
                                   v1::MarkNotificationsReadResponse*) override;
    Reactor* UpdateNotificationPreferences(Ctx*, const v1::UpdateNotificationPreferencesRequest*,
                                           v1::UpdateNotificationPreferencesResponse*) override;

private:
    rpc::RpcRuntime& m_rt;
    NotificationStore& m_store;
    const security::PageTokens& m_pageTokens;
};

}  // namespace devcoll::notification
