#include "store/replica_rows.h"

#include <google/protobuf/util/time_util.h>

#include <QDateTime>

#include "devcoll/post/v1/post.pb.h"
#include "store/replica_changes.h"

namespace devcoll::app {
namespace {

namespace sv1 = devcoll::sync::v1;
namespace pv1 = devcoll::post::v1;
namespace uv1 = devcoll::user::v1;
using google::protobuf::util::TimeUtil;

}  // namespace

qint64 nowMicros() { return QDateTime::currentMSecsSinceEpoch() * 1000; }

QByteArray bytesOf(const google::protobuf::Message& message) {
    return QByteArray::fromStdString(message.SerializeAsString());
}

// The post as the replica holds it, as a change that would put it back.
Result<std::optional<sv1::Change>> postBefore(ReplicaDatabase& db, const QString& id) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT author_id, body, visibility, media_ids, created_at, "
                                                    "updated_at, version FROM posts WHERE id = ?"),
                                     {id}));
    if (rows.isEmpty()) return std::optional<sv1::Change>();
    const QVariantList& r = rows.first();
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_POST);
    c.set_entity_id(id.toStdString());
    c.set_version(r[6].toLongLong());
    pv1::Post* p = c.mutable_post();
    p->set_id(id.toStdString());
    p->set_author_id(r[0].toString().toStdString());
    p->set_body(r[1].toString().toStdString());
    p->set_visibility(static_cast<pv1::Visibility>(r[2].toInt()));
    for (const QString& m : r[3].toString().split(QLatin1Char(' '), Qt::SkipEmptyParts))
        p->add_media_ids(m.toStdString());
    *p->mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(r[4].toLongLong());
    *p->mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(r[5].toLongLong());
    p->set_version(r[6].toLongLong());
    return std::optional<sv1::Change>(std::move(c));
}

// The profile as the replica holds it, as a change that would put it back.
Result<std::optional<sv1::Change>> profileBefore(ReplicaDatabase& db, const QString& id) {
    DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT username, display_name, bio, avatar_media_id, created_at, "
                                                    "version FROM profiles WHERE id = ?"),
                                     {id}));
    if (rows.isEmpty()) return std::optional<sv1::Change>();
    const QVariantList& r = rows.first();
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_PROFILE);
    c.set_entity_id(id.toStdString());
    c.set_version(r[5].toLongLong());
    uv1::UserProfile* p = c.mutable_profile();
    p->set_id(id.toStdString());
    p->set_username(r[0].toString().toStdString());
    p->set_display_name(r[1].toString().toStdString());
    p->set_bio(r[2].toString().toStdString());
    p->set_avatar_media_id(r[3].toString().toStdString());
    *p->mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(r[4].toLongLong());
    p->set_version(r[5].toLongLong());
    return std::optional<sv1::Change>(std::move(c));
}

// Shows a profile edit in the replica (the request's masked fields over `base`).
Status showProfileEdit(ReplicaDatabase& db, const uv1::UpdateProfileRequest& request, const uv1::UserProfile& base) {
    uv1::UserProfile shown = base;
    for (const std::string& path : request.update_mask().paths()) {
        if (path == "display_name") shown.set_display_name(request.profile().display_name());
        if (path == "bio") shown.set_bio(request.profile().bio());
        if (path == "avatar_media_id") shown.set_avatar_media_id(request.profile().avatar_media_id());
    }
    const QString id = QString::fromStdString(base.id());
    DEVCOLL_CHECK(db.exec(QStringLiteral("UPDATE profiles SET display_name = ?, bio = ?, avatar_media_id = ?, pending "
                                         "= 1 WHERE id = ?"),
                          {QString::fromStdString(shown.display_name()), QString::fromStdString(shown.bio()),
                           QString::fromStdString(shown.avatar_media_id()), id}));
    return indexProfile(db, id, shown.username(), shown.display_name(), shown.bio());
}

}  // namespace devcoll::app
