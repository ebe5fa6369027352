// The user's actions on the replica (app/store/pending_actions): each shows at once, marked
// pending, and joins the queue in the same transaction; the queue goes in order; a
// confirmation clears the mark, a permanent failure undoes the effect, a retry waits.
#include <google/protobuf/util/time_util.h>

#include <QTemporaryDir>
#include <QTest>

#include "devcoll/post/v1/post.pb.h"
#include "devcoll/user/v1/user.pb.h"
#include "store/pending_actions.h"
#include "store/replica_changes.h"
#include "store/replica_reads.h"

using namespace devcoll;
using namespace devcoll::app;
namespace sv1 = devcoll::sync::v1;
namespace pv1 = devcoll::post::v1;

namespace {

const QString kMe = QStringLiteral("me");

sv1::Change serverPost(const std::string& id, const std::string& author, const std::string& body, qint64 version) {
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_POST);
    c.set_entity_id(id);
    c.set_version(version);
    auto* p = c.mutable_post();
    p->set_id(id);
    p->set_author_id(author);
    p->set_body(body);
    p->set_visibility(pv1::VISIBILITY_PUBLIC);
    *p->mutable_created_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(1'780'000'000'000'000);
    p->set_version(version);
    return c;
}

}  // namespace

class TestPendingActions final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ReplicaDatabase> m_db;

    // The post as the home feed shows it (nothing when it is not in the feed).
    std::optional<PostRow> post(const QString& id) {
        auto feed = homeFeed(*m_db, kMe, {}, 100);
        if (!feed.ok()) return std::nullopt;
        for (const PostRow& p : *feed) {
            if (p.id == id) return p;
        }
        return std::nullopt;
    }
    // The post as the replica holds it, in the feed or not.
    std::optional<PostRow> stored(const QString& id) {
        auto found = postById(*m_db, kMe, id);
        return found.ok() ? *found : std::nullopt;
    }
    int queued() { return *pendingActionCount(*m_db); }
    PendingAction head() {
        auto next = nextAction(*m_db, std::numeric_limits<qint64>::max());
        return next.ok() && *next ? **next : PendingAction{};
    }

private slots:
    void init() {
        m_db.reset();
        auto opened = ReplicaDatabase::open(m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + ".db"));
        QVERIFY(opened.ok());
        m_db = std::move(*opened);
        QCOMPARE(m_db->schemaVersion(), 9);
    }

    void aNewPostShowsAtOnceAndWaitsInTheQueue() {
        auto id = createPost(*m_db, kMe, QStringLiteral("written offline about #qt"), pv1::VISIBILITY_PUBLIC);
        QVERIFY(id.ok());
        QVERIFY(post(*id) && post(*id)->pending);
        auto hits = searchPosts(*m_db, kMe, QStringLiteral("#qt"), 10);
        QVERIFY(hits.ok() && hits->size() == 1);
        QCOMPARE(queued(), 1);
        const PendingAction action = head();
        QCOMPARE(action.kind, ActionKind::CreatePost);
        QCOMPARE(action.entityId, *id);
        pv1::CreatePostRequest request;
        QVERIFY(request.ParseFromArray(action.request.constData(), static_cast<int>(action.request.size())));
        QCOMPARE(QString::fromStdString(request.post_id()), *id);
        QCOMPARE(request.body(), std::string("written offline about #qt"));

        // The server's answer replaces the pending copy in place.
        QVERIFY(actionConfirmed(*m_db, action.seq, serverPost(id->toStdString(), "me", request.body(), 1)).ok());
        QCOMPARE(queued(), 0);
        QVERIFY(post(*id) && !post(*id)->pending);
        QCOMPARE(post(*id)->version, qint64{1});
    }

    void aSnapshotReadBeforeAConfirmationDoesNotDropThePost() {
        // The snapshot's pages were read before the post reached the server; its last page
        // prunes what it did not name. The confirmed post stays until the feed carries it.
        auto id = createPost(*m_db, kMe, QStringLiteral("sent during the first sync"), pv1::VISIBILITY_PUBLIC);
        QVERIFY(id.ok());
        QVERIFY(actionConfirmed(*m_db, head().seq, serverPost(id->toStdString(), "me", "sent during the first sync", 1))
                    .ok());
        QVERIFY(applySyncPage(*m_db, SyncPage{sv1::ResyncDiff(), {}, QStringLiteral("c1")}).ok());
        QVERIFY(stored(*id));

        // Once the feed has carried it, the next snapshot's word counts again.
        QVERIFY(applySyncPage(
                    *m_db, SyncPage{std::nullopt, {serverPost(id->toStdString(), "me", "x", 1)}, QStringLiteral("c2")})
                    .ok());
        QVERIFY(applySyncPage(*m_db, SyncPage{sv1::ResyncDiff(), {}, QStringLiteral("c3")}).ok());
        QVERIFY(!stored(*id));
    }

    void badInputChangesNothing() {
        QCOMPARE(createPost(*m_db, kMe, QString(), pv1::VISIBILITY_PUBLIC).error().field, std::string("body"));
        QCOMPARE(createPost(*m_db, kMe, QString(10'001, QLatin1Char('x')), pv1::VISIBILITY_PUBLIC).error().field,
                 std::string("body"));
        QCOMPARE(createPost(*m_db, kMe, QStringLiteral("x"), 99).error().field, std::string("visibility"));
        QCOMPARE(editPost(*m_db, kMe, QStringLiteral("nope"), QStringLiteral("x")).error().code, ErrorCode::NotFound);
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {serverPost("theirs", "bob", "bob's", 1)}, {}}).ok());
        QCOMPARE(deletePost(*m_db, kMe, QStringLiteral("theirs")).error().code, ErrorCode::PermissionDenied);
        QCOMPARE(follow(*m_db, kMe, kMe, true).error().field, std::string("user_id"));
        QCOMPARE(queued(), 0);
    }

    void actionsGoInOrderAndARetryHoldsTheQueue() {
        auto first = createPost(*m_db, kMe, QStringLiteral("first"), pv1::VISIBILITY_PUBLIC);
        QVERIFY(first.ok());
        QVERIFY(editPost(*m_db, kMe, *first, QStringLiteral("first, edited")).ok());
        QVERIFY(likePost(*m_db, kMe, *first, true).ok());
        QVERIFY(likePost(*m_db, kMe, *first, true).ok());  // already liked: nothing more to send
        QCOMPARE(queued(), 3);
        QCOMPARE(post(*first)->body, QStringLiteral("first, edited"));
        QVERIFY(post(*first)->likedByMe);

        PendingAction a = head();
        QCOMPARE(a.kind, ActionKind::CreatePost);
        QVERIFY(actionRetryLater(*m_db, a.seq, 5'000, QStringLiteral("offline"), 1).ok());
        auto waiting = nextAction(*m_db, 4'999);
        QVERIFY(waiting.ok() && !*waiting);  // the head waits, and so does everything after it
        QCOMPARE(*nextAttemptAt(*m_db), qint64{5'000});
        auto due = nextAction(*m_db, 5'000);
        QVERIFY(due.ok() && *due);
        QCOMPARE((*due)->attempts, 1);
        QVERIFY(actionConfirmed(*m_db, a.seq, serverPost(first->toStdString(), "me", "first", 1)).ok());
        // The edit still waits: the row stays as the user left it.
        QCOMPARE(post(*first)->body, QStringLiteral("first, edited"));
        QVERIFY(post(*first)->pending);
        QCOMPARE(head().kind, ActionKind::EditPost);
    }

    void aPermanentFailureUndoesItsEffectAndTheRestGoesOn() {
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {serverPost("p1", "me", "as the server has it", 3)}, {}}).ok());
        QVERIFY(editPost(*m_db, kMe, QStringLiteral("p1"), QStringLiteral("an edit the server refuses")).ok());
        auto created = createPost(*m_db, kMe, QStringLiteral("never accepted"), pv1::VISIBILITY_PUBLIC);
        QVERIFY(likePost(*m_db, kMe, QStringLiteral("p1"), true).ok());

        PendingAction edit = head();
        QCOMPARE(edit.kind, ActionKind::EditPost);
        pv1::UpdatePostRequest request;
        QVERIFY(request.ParseFromArray(edit.request.constData(), static_cast<int>(edit.request.size())));
        QCOMPARE(request.expected_version(), qint64{3});
        QVERIFY(actionQuarantined(*m_db, edit.seq, QStringLiteral("body: too long")).ok());
        QCOMPARE(post(QStringLiteral("p1"))->body, QStringLiteral("as the server has it"));

        PendingAction create = head();
        QCOMPARE(create.kind, ActionKind::CreatePost);
        QVERIFY(actionQuarantined(*m_db, create.seq, QStringLiteral("media_ids: not yours")).ok());
        QVERIFY(!post(*created));
        QCOMPARE(head().kind, ActionKind::LikePost);  // not wedged behind the failures
        QCOMPARE(queued(), 1);
    }

    void whatWasBuiltOnAFailedActionFailsWithIt() {
        auto id = createPost(*m_db, kMe, QStringLiteral("never accepted"), pv1::VISIBILITY_PUBLIC);
        QVERIFY(id.ok());
        QVERIFY(editPost(*m_db, kMe, *id, QStringLiteral("edited before it was sent")).ok());
        QVERIFY(deletePost(*m_db, kMe, *id).ok());
        QVERIFY(createPost(*m_db, kMe, QStringLiteral("unrelated"), pv1::VISIBILITY_PUBLIC).ok());
        QVERIFY(actionQuarantined(*m_db, head().seq, QStringLiteral("media_ids: not yours")).ok());
        // The edit and the deletion went with the create; the post is gone, not brought back.
        const auto found = *actionIssues(*m_db);
        QCOMPARE(found.size(), 3);
        QVERIFY(found[1].error.contains(QStringLiteral("media_ids: not yours")));
        QVERIFY(!post(*id));
        QCOMPARE(queued(), 1);
        QCOMPARE(head().kind, ActionKind::CreatePost);
        QVERIFY(head().entityId != *id);

        // Retried, the three go again together, ahead of what came after them.
        QVERIFY(retryAction(*m_db, found[0].seq).ok());
        QVERIFY(actionIssues(*m_db)->isEmpty());
        QCOMPARE(queued(), 4);
        QCOMPARE(head().entityId, *id);
        // Only an action that waits for an answer can be retried or discarded.
        QCOMPARE(retryAction(*m_db, head().seq).error().code, ErrorCode::NotFound);
        QCOMPARE(discardAction(*m_db, head().seq).error().code, ErrorCode::NotFound);
        QVERIFY(actionQuarantined(*m_db, head().seq, QStringLiteral("still not yours")).ok());
        QVERIFY(discardAction(*m_db, found[0].seq).ok());
        QVERIFY(actionIssues(*m_db)->isEmpty());
        QCOMPARE(queued(), 1);
    }

    void keepingMineSendsTheUsersLastWordOnTopOfTheServers() {
        // Two profile edits offline, each of one field: kept, both go, in one request.
        sv1::Change profile;
        profile.set_kind(sv1::ENTITY_KIND_PROFILE);
        profile.set_entity_id(kMe.toStdString());
        profile.set_version(1);
        auto* p = profile.mutable_profile();
        p->set_id(kMe.toStdString());
        p->set_username("me");
        p->set_display_name("Me");
        p->set_bio("old bio");
        p->set_version(1);
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {profile}, {}}).ok());
        QVERIFY(
            editProfile(*m_db, kMe, ProfileEdit{QStringLiteral("Me, renamed"), QStringLiteral("old bio"), {}}).ok());
        QVERIFY(
            editProfile(*m_db, kMe, ProfileEdit{QStringLiteral("Me, renamed"), QStringLiteral("new bio"), {}}).ok());
        QCOMPARE(queued(), 2);
        sv1::Change theirs = profile;  // the server's version 2 has another avatar
        theirs.set_version(2);
        theirs.mutable_profile()->set_version(2);
        theirs.mutable_profile()->set_avatar_media_id("avatar");
        const qint64 first = head().seq;
        QVERIFY(actionInConflict(*m_db, first, QStringLiteral("stale"), theirs).ok());
        QCOMPARE(queued(), 0);
        const auto found = *actionIssues(*m_db);
        QCOMPARE(found.size(), 2);
        // The chain is answered from its start.
        QCOMPARE(keepMine(*m_db, found[1].seq).error().code, ErrorCode::FailedPrecondition);
        QVERIFY(keepMine(*m_db, first).ok());
        QCOMPARE(queued(), 1);
        user::v1::UpdateProfileRequest request;
        const PendingAction kept = head();
        QVERIFY(request.ParseFromArray(kept.request.constData(), static_cast<int>(kept.request.size())));
        QCOMPARE(request.expected_version(), qint64{2});
        QCOMPARE(request.update_mask().paths_size(), 2);
        QCOMPARE(request.profile().display_name(), std::string("Me, renamed"));
        QCOMPARE(request.profile().bio(), std::string("new bio"));

        // An edit and then a deletion of a post: kept, the deletion is the last word.
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {serverPost("p9", "me", "v1", 1)}, {}}).ok());
        QVERIFY(actionConfirmed(*m_db, kept.seq, std::nullopt).ok());
        QVERIFY(editPost(*m_db, kMe, QStringLiteral("p9"), QStringLiteral("edited")).ok());
        QVERIFY(deletePost(*m_db, kMe, QStringLiteral("p9")).ok());
        const qint64 edit = head().seq;
        QVERIFY(actionInConflict(*m_db, edit, QStringLiteral("stale"), serverPost("p9", "me", "theirs", 2)).ok());
        QCOMPARE(post(QStringLiteral("p9"))->body, QStringLiteral("theirs"));
        QVERIFY(keepMine(*m_db, edit).ok());
        QCOMPARE(queued(), 1);
        QCOMPARE(head().kind, ActionKind::DeletePost);
        QVERIFY(!post(QStringLiteral("p9")));
    }

    void aLikeTheServerSentWhileItsActionWaitedIsNotLost() {
        // Unliked and liked again offline; the server's tombstone for the unlike comes down,
        // then its copy of the new like while that like is still queued (skipped, as the local
        // row waits for its action). The confirmation puts the like in place all the same.
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {serverPost("p7", "them", "likeable", 1)}, {}}).ok());
        QVERIFY(likePost(*m_db, kMe, QStringLiteral("p7"), true).ok());
        QVERIFY(actionConfirmed(*m_db, head().seq, std::nullopt).ok());
        QVERIFY(likePost(*m_db, kMe, QStringLiteral("p7"), false).ok());
        QVERIFY(likePost(*m_db, kMe, QStringLiteral("p7"), true).ok());
        sv1::Change tombstone;
        tombstone.set_kind(sv1::ENTITY_KIND_LIKE);
        tombstone.set_entity_id("p7:" + kMe.toStdString());
        tombstone.set_version(2);
        tombstone.set_tombstone(true);
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {tombstone}, {}}).ok());
        QVERIFY(actionConfirmed(*m_db, head().seq, std::nullopt).ok());  // the unlike
        sv1::Change like;
        like.set_kind(sv1::ENTITY_KIND_LIKE);
        like.set_entity_id(tombstone.entity_id());
        like.set_version(3);
        like.mutable_like()->set_post_id("p7");
        like.mutable_like()->set_user_id(kMe.toStdString());
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {like}, {}}).ok());  // skipped: the like waits
        QVERIFY(stored(QStringLiteral("p7")) && !stored(QStringLiteral("p7"))->likedByMe);
        like.set_version(0);  // what the sender confirms with (ActionSender's pairChange)
        QVERIFY(actionConfirmed(*m_db, head().seq, like).ok());
        QCOMPARE(queued(), 0);
        QVERIFY(stored(QStringLiteral("p7")) && stored(QStringLiteral("p7"))->likedByMe);
    }

    void aPostDeletedHereStaysDeletedUntilTheDeletionIsSent() {
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {serverPost("p1", "me", "soon deleted", 1)}, {}}).ok());
        QVERIFY(deletePost(*m_db, kMe, QStringLiteral("p1")).ok());
        QVERIFY(!post(QStringLiteral("p1")));
        // An edit from another device arrives before the deletion is sent: it does not bring it back.
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {serverPost("p1", "me", "edited elsewhere", 2)}, {}}).ok());
        QVERIFY(!post(QStringLiteral("p1")));
        QCOMPARE(head().kind, ActionKind::DeletePost);
    }

    void unlikingAndUnfollowingUndoToo() {
        QVERIFY(applySyncPage(*m_db, SyncPage{{}, {serverPost("p1", "bob", "bob's", 1)}, {}}).ok());
        QVERIFY(follow(*m_db, kMe, QStringLiteral("bob"), true).ok());
        QVERIFY(post(QStringLiteral("p1")).has_value());  // following bob brings his post into the feed
        QVERIFY(follow(*m_db, kMe, QStringLiteral("bob"), false).ok());
        QVERIFY(!post(QStringLiteral("p1")).has_value());
        PendingAction followAction = head();
        QVERIFY(actionConfirmed(*m_db, followAction.seq, std::nullopt).ok());
        PendingAction unfollowAction = head();
        QCOMPARE(unfollowAction.kind, ActionKind::Unfollow);
        QVERIFY(actionQuarantined(*m_db, unfollowAction.seq, QStringLiteral("refused")).ok());
        QVERIFY(post(QStringLiteral("p1")).has_value());  // following again, as before the unfollow
    }
};

QTEST_GUILESS_MAIN(TestPendingActions)
#include "tst_pending_actions.moc"
