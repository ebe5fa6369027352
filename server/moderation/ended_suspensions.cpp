#include "moderation/ended_suspensions.h"

#include "devcoll/ids.h"

namespace devcoll::moderation {

Result<int> liftEndedSuspensions(ModerationStore& store) {
    constexpr int kBatch = 100;
    int lifted = 0;
    for (;;) {
        DEVCOLL_TRY(auto users, store.endedSuspensions(kBatch));
        for (const auto& userId : users) {
            ActionRequest request;
            request.id = newUuidV7();
            request.kind = v1::ACTION_KIND_UNSUSPEND_USER;
            request.moderatorId = std::string(kSystemModerator);
            request.subject.set_kind(v1::SUBJECT_KIND_USER);
            request.subject.set_id(userId);
            request.affectedUserId = userId;
            request.reason = "The suspension period ended";
            request.periodEnded = true;
            auto action = store.act(request);
            // Another process lifted it first, or a moderator changed it meanwhile: not an error.
            if (!action.ok() && action.error().code != ErrorCode::FailedPrecondition) return action.takeError();
            if (action.ok()) ++lifted;
        }
        if (static_cast<int>(users.size()) < kBatch) return lifted;
    }
}

}  // namespace devcoll::moderation
