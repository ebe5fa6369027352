#include "views/notification_text.h"

#include <QCoreApplication>

#include <algorithm>

namespace devcoll::app {
namespace {

namespace nv1 = devcoll::notification::v1;

class NotificationText final {
    Q_DECLARE_TR_FUNCTIONS(NotificationText)

public:
    // `others`: how many people besides the one named. English has no plural form for "one
    // other", so it has a sentence of its own.
    static QString sentence(nv1::NotificationKind kind, bool inComment, const QString& who, int others) {
        switch (kind) {
            case nv1::NOTIFICATION_KIND_FOLLOW:
                if (others == 0) return tr("%1 followed you").arg(who);
                if (others == 1) return tr("%1 and one other followed you").arg(who);
                return tr("%1 and %n others followed you", nullptr, others).arg(who);
            case nv1::NOTIFICATION_KIND_LIKE:
                if (others == 0) return tr("%1 liked your post").arg(who);
                if (others == 1) return tr("%1 and one other liked your post").arg(who);
                return tr("%1 and %n others liked your post", nullptr, others).arg(who);
            case nv1::NOTIFICATION_KIND_COMMENT:
                if (others == 0) return tr("%1 commented on your post").arg(who);
                if (others == 1) return tr("%1 and one other commented on your post").arg(who);
                return tr("%1 and %n others commented on your post", nullptr, others).arg(who);
            case nv1::NOTIFICATION_KIND_REPLY:
                if (others == 0) return tr("%1 replied to your comment").arg(who);
                if (others == 1) return tr("%1 and one other replied to your comment").arg(who);
                return tr("%1 and %n others replied to your comment", nullptr, others).arg(who);
            case nv1::NOTIFICATION_KIND_MENTION:
                return inComment ? tr("%1 mentioned you in a comment").arg(who) : tr("%1 mentioned you").arg(who);
            default:
                //: A notification of a kind this version of the app does not know; %1 is who.
                return tr("New activity from %1").arg(who);
        }
    }

    static QString someone() {
        //: Who did something, when the account is gone or its name unknown.
        return tr("Someone");
    }

    static QString more(int count) {
        if (count == 1) return tr("One more notification");
        return tr("%n more notifications", nullptr, count);
    }
};

}  // namespace

QString notificationSentence(const nv1::Notification& n) {
    QString who = NotificationText::someone();
    if (n.actors_size() > 0) {
        const auto& actor = n.actors(0);
        if (!actor.display_name().empty()) {
            who = QString::fromStdString(actor.display_name());
        } else if (!actor.username().empty()) {
            who = QLatin1Char('@') + QString::fromStdString(actor.username());
        }
    }
    const int others = std::max(0, n.actor_count() - 1);
    return NotificationText::sentence(n.kind(), !n.comment_id().empty(), who, others);
}

QString moreNotificationsText(int count) { return NotificationText::more(count); }

}  // namespace devcoll::app
