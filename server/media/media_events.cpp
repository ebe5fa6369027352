#include "media/media_events.h"

namespace devcoll::media {
namespace {

std::vector<std::string> idsOf(const google::protobuf::RepeatedPtrField<std::string>& ids) {
    return {ids.begin(), ids.end()};
}

std::vector<std::string> avatarOf(const events::v1::UserProfile& profile) {
    if (profile.avatar_media_id().empty()) return {};
    return {profile.avatar_media_id()};
}

}  // namespace

void registerMediaEventHandlers(events::EventConsumer& consumer, MediaStore& store, std::function<void()> afterRelease,
                                std::function<void(const std::string&)> removePartial) {
    using events::v1::EventType;
    using storage::Tx;
    consumer.on(EventType::EVENT_TYPE_POST_CREATED, [&store](Tx& tx, const events::Envelope& e) {
        return store.setUses(tx, "post:" + e.post_created().post_id(), idsOf(e.post_created().media_ids()));
    });
    consumer.on(EventType::EVENT_TYPE_POST_UPDATED, [&store](Tx& tx, const events::Envelope& e) {
        return store.setUses(tx, "post:" + e.post_updated().post_id(), idsOf(e.post_updated().media_ids()));
    });
    consumer.on(EventType::EVENT_TYPE_POST_DELETED,
                [&store, afterRelease](Tx& tx, const events::Envelope& e) -> Status {
                    DEVCOLL_CHECK(store.dropReferrer(tx, "post:" + e.post_deleted().post_id(), e.request_id()));
                    tx.afterCommit(afterRelease);
                    return {};
                });
    consumer.on(EventType::EVENT_TYPE_USER_CREATED, [&store](Tx& tx, const events::Envelope& e) {
        return store.setUses(tx, "avatar:" + e.user_created().user_id(), avatarOf(e.user_created()));
    });
    consumer.on(EventType::EVENT_TYPE_USER_UPDATED, [&store](Tx& tx, const events::Envelope& e) {
        return store.setUses(tx, "avatar:" + e.user_updated().user_id(), avatarOf(e.user_updated()));
    });
    consumer.on(EventType::EVENT_TYPE_USER_DELETED,
                [&store, afterRelease, removePartial](Tx& tx, const events::Envelope& e) -> Status {
                    const std::string& userId = e.user_deleted().user_id();
                    DEVCOLL_CHECK(store.setUses(tx, "avatar:" + userId, {}));
                    std::vector<std::string> partials;
                    DEVCOLL_CHECK(store.removeOwner(tx, userId, e.request_id(), &partials));
                    tx.afterCommit([removePartial, partials] {
                        for (const auto& id : partials) removePartial(id);
                    });
                    tx.afterCommit(afterRelease);
                    return {};
                });
}

}  // namespace devcoll::media
