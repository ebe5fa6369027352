// What moderation does to content, over real gRPC: a hidden post gone from feed, search and
// other replicas while its author still sees it marked; a suspended account refused at once,
// its posts hidden while it lasts and shown again after; a hidden comment a placeholder in its
// thread; a removed post or comment gone for good.
#include <QTest>

#include "server/moderation/moderation_fixture.h"

using namespace devcoll;
using namespace devcoll::test;

class TestModerationContent final : public ModerationFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { startServer(); }

    void aHiddenPostLeavesFeedSearchAndOtherReplicas() {
        TestUser author = m_server->newUser("author");
        TestUser follower = m_server->newUser("follower");
        QVERIFY(m_server->follow(follower, author));
        const pv1::Post post = m_server->createPost(author, "zanzibarquux miracle cure, click here");
        QVERIFY(!post.id().empty());
        const QString id = QString::fromStdString(post.id());
        QTRY_VERIFY(feed(follower).contains(id));
        QTRY_COMPARE(searched(follower, "zanzibarquux"), QStringList{id});
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, follower, replica));
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), replica.has(sv1::ENTITY_KIND_POST, post.id())));
        Replica authors;
        QVERIFY(takeSnapshot(*m_sync, author, authors));

        mv1::Report opened;
        QVERIFY(report(follower, mv1::SUBJECT_KIND_POST, post.id(), &opened).ok());
        mv1::Action action;
        DEVCOLL_COMPARE_CODE(hide(m_moderator, post.id(), &action), grpc::StatusCode::OK);
        QCOMPARE(action.kind(), mv1::ACTION_KIND_HIDE_POST);
        QCOMPARE(action.affected_user_id(), author.id);
        QCOMPARE(action.moderator_id(), m_moderator.id);
        QCOMPARE(action.report_id(), opened.id());

        // Gone for everyone else: the post itself, the feed, search, the follower's replica.
        QTRY_COMPARE(getPost(follower, post.id()).error_code(), grpc::StatusCode::NOT_FOUND);
        QVERIFY(!feed(follower).contains(id));
        QTRY_COMPARE(searched(follower, "zanzibarquux"), QStringList{});
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), !replica.has(sv1::ENTITY_KIND_POST, post.id())));
        // Its author still sees it, marked, with the reason; on the server and in their replica.
        pv1::Post seen;
        DEVCOLL_COMPARE_CODE(getPost(author, post.id(), &seen), grpc::StatusCode::OK);
        QVERIFY(seen.hidden());
        QCOMPARE(seen.hidden_reason(), action.reason());
        QVERIFY(!feed(author).contains(id));
        QTRY_VERIFY((pullAll(*m_sync, author, authors),
                     authors.has(sv1::ENTITY_KIND_POST, post.id()) &&
                         authors.entities.at({sv1::ENTITY_KIND_POST, post.id()}).post().hidden()));
        // The report is resolved by the action.
        mv1::GetReportRequest get;
        get.set_report_id(opened.id());
        mv1::GetReportResponse got;
        QVERIFY(moderation().GetReport(TestServer::as(m_moderator).get(), get, &got).ok());
        QCOMPARE(got.report().state(), mv1::REPORT_STATE_RESOLVED);
        QCOMPARE(got.report().resolved_by_action_id(), action.id());

        // Unhidden, it is back for the follower.
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(post.id());
        unhide.set_reason("Reviewed again: a satire account");
        mv1::UnhidePostResponse unhidden;
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(TestServer::as(m_admin).get(), unhide, &unhidden),
                             grpc::StatusCode::OK);
        QTRY_COMPARE(getPost(follower, post.id()).error_code(), grpc::StatusCode::OK);
        QTRY_VERIFY(feed(follower).contains(id));
        QTRY_COMPARE(searched(follower, "zanzibarquux"), QStringList{id});
    }

    void suspensionRefusesLoginAndLiveTokensAtOnce() {
        TestUser troll = m_server->newUser("troll");
        DEVCOLL_COMPARE_CODE(whoAmI(troll), grpc::StatusCode::OK);
        Stream stream(*m_sync, troll, "");  // an open replica stream, as the app keeps one
        QTRY_VERIFY(stream.has(sv1::SubscribeResponse::kCheckpoint));
        DEVCOLL_COMPARE_CODE(suspend(troll, m_moderator.id), grpc::StatusCode::PERMISSION_DENIED);
        DEVCOLL_COMPARE_CODE(suspend(m_moderator, m_moderator.id), grpc::StatusCode::INVALID_ARGUMENT);
        mv1::Action action;
        DEVCOLL_COMPARE_CODE(suspend(m_moderator, troll.id, &action), grpc::StatusCode::OK);
        QVERIFY(!action.has_suspended_until());  // for good

        // The live token is refused as soon as the event is applied, well before it expires, and
        // the open stream ends.
        QTRY_COMPARE_WITH_TIMEOUT(whoAmI(troll).error_code(), grpc::StatusCode::UNAUTHENTICATED, 2000);
        QTRY_VERIFY_WITH_TIMEOUT(stream.finished(), 2000);
        QCOMPARE(stream.status().error_code(), grpc::StatusCode::UNAUTHENTICATED);
        QVERIFY(stream.status().error_message().find("suspended") != std::string::npos);
        QVERIFY(whoAmI(troll).error_message().find("suspended") != std::string::npos);
        const grpc::Status refused = login(troll);
        DEVCOLL_COMPARE_CODE(refused, grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY2(refused.error_message().find("Repeated harassment after a warning") != std::string::npos,
                 qPrintable(describe(refused)));
        devcoll::auth::v1::RefreshTokenRequest refresh;
        refresh.set_refresh_token(troll.refreshToken);
        devcoll::auth::v1::RefreshTokenResponse refreshed;
        DEVCOLL_COMPARE_CODE(m_server->auth().RefreshToken(TestServer::anonymous().get(), refresh, &refreshed),
                             grpc::StatusCode::PERMISSION_DENIED);
        // A wrong password still says only that.
        TestUser guess = troll;
        guess.password = "not-the-password";
        DEVCOLL_COMPARE_CODE(login(guess), grpc::StatusCode::UNAUTHENTICATED);

        // Lifted: the refresh token kept works again, and so does logging in.
        DEVCOLL_COMPARE_CODE(unsuspend(m_admin, troll.id), grpc::StatusCode::OK);
        QTRY_COMPARE(login(troll).error_code(), grpc::StatusCode::OK);
        DEVCOLL_COMPARE_CODE(m_server->auth().RefreshToken(TestServer::anonymous().get(), refresh, &refreshed),
                             grpc::StatusCode::OK);
    }

    void aSuspensionForAPeriodEnds() {
        TestUser user = m_server->newUser("brief");
        mv1::SuspendUserRequest req;
        req.set_user_id(user.id);
        req.set_reason("Cool down");
        req.mutable_until()->set_seconds(std::time(nullptr) - 10);
        mv1::SuspendUserResponse resp;
        DEVCOLL_COMPARE_CODE(moderation().SuspendUser(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::INVALID_ARGUMENT);
        req.mutable_until()->set_seconds(std::time(nullptr) + 2);
        DEVCOLL_COMPARE_CODE(moderation().SuspendUser(TestServer::as(m_moderator).get(), req, &resp),
                             grpc::StatusCode::OK);
        QVERIFY(resp.action().has_suspended_until());
        QTRY_COMPARE(login(user).error_code(), grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(login(user).error_message().find("suspended until") != std::string::npos);
        QTRY_COMPARE_WITH_TIMEOUT(login(user).error_code(), grpc::StatusCode::OK, 10000);
        // The sweep lifts it on record, as `system`: that is what shows the account's posts again.
        QTRY_VERIFY_WITH_TIMEOUT(
            !auditLog(m_admin, user.id).empty() && auditLog(m_admin, user.id).front().moderator_id() == "system", 5000);
        QCOMPARE(auditLog(m_admin, user.id).front().kind(), mv1::ACTION_KIND_UNSUSPEND_USER);
        QCOMPARE(auditLog(m_admin, user.id).size(), std::size_t{2});
        DEVCOLL_COMPARE_CODE(unsuspend(m_admin, user.id), grpc::StatusCode::FAILED_PRECONDITION);
    }

    // A suspended account's posts are hidden like a hidden post while it lasts; lifting it
    // shows them again, but not one a moderator hid on its own.
    void aSuspendedAccountsPostsAreHiddenWhileItLasts() {
        TestUser author = m_server->newUser("author");
        TestUser follower = m_server->newUser("follower");
        QVERIFY(m_server->follow(follower, author));
        const pv1::Post kept = m_server->createPost(author, "quokkaword first");
        const pv1::Post hiddenAlone = m_server->createPost(author, "quokkaword second");
        const pv1::Post shownDuring = m_server->createPost(author, "quokkaword third");
        QVERIFY(!kept.id().empty() && !hiddenAlone.id().empty());
        const QString keptId = QString::fromStdString(kept.id());
        QTRY_VERIFY(feed(follower).contains(keptId));
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, follower, replica));
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), replica.has(sv1::ENTITY_KIND_POST, kept.id())));

        DEVCOLL_COMPARE_CODE(suspend(m_moderator, author.id), grpc::StatusCode::OK);
        QTRY_COMPARE(getPost(follower, kept.id()).error_code(), grpc::StatusCode::NOT_FOUND);
        QVERIFY(!feed(follower).contains(keptId));
        QTRY_COMPARE(searched(follower, "quokkaword"), QStringList{});
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), !replica.has(sv1::ENTITY_KIND_POST, kept.id())));
        pv1::Post seen;
        DEVCOLL_COMPARE_CODE(getPost(m_moderator, kept.id(), &seen), grpc::StatusCode::OK);
        QVERIFY(seen.hidden());
        QCOMPARE(seen.hidden_reason(), "Account suspended: Repeated harassment after a warning");
        // A moderator hides one of them on its own meanwhile: that one stays hidden after.
        DEVCOLL_COMPARE_CODE(hide(m_moderator, hiddenAlone.id()), grpc::StatusCode::OK);
        QTRY_VERIFY((getPost(m_moderator, hiddenAlone.id(), &seen), seen.hidden_reason().starts_with("Spam")));
        // One hidden and shown again meanwhile stays hidden with the suspension.
        DEVCOLL_COMPARE_CODE(hide(m_moderator, shownDuring.id()), grpc::StatusCode::OK);
        QTRY_VERIFY((getPost(m_moderator, shownDuring.id(), &seen), seen.hidden_reason().starts_with("Spam")));
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(shownDuring.id());
        unhide.set_reason("Fine after all");
        mv1::UnhidePostResponse unhidden;
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(TestServer::as(m_admin).get(), unhide, &unhidden),
                             grpc::StatusCode::OK);
        QTRY_VERIFY((getPost(m_moderator, shownDuring.id(), &seen), seen.hidden_reason().starts_with("Account")));
        QVERIFY(seen.hidden());
        DEVCOLL_COMPARE_CODE(getPost(follower, shownDuring.id()), grpc::StatusCode::NOT_FOUND);

        DEVCOLL_COMPARE_CODE(unsuspend(m_moderator, author.id), grpc::StatusCode::OK);
        QTRY_COMPARE(getPost(follower, kept.id()).error_code(), grpc::StatusCode::OK);
        QTRY_VERIFY(feed(follower).contains(keptId));
        // Back: the one kept, and the one shown again meanwhile; not the one a moderator hid.
        QTRY_COMPARE(searched(follower, "quokkaword").size(), 2);
        QVERIFY(searched(follower, "quokkaword").contains(keptId));
        QVERIFY(!searched(follower, "quokkaword").contains(QString::fromStdString(hiddenAlone.id())));
        QTRY_VERIFY((pullAll(*m_sync, follower, replica), replica.has(sv1::ENTITY_KIND_POST, kept.id())));
        DEVCOLL_COMPARE_CODE(getPost(follower, hiddenAlone.id()), grpc::StatusCode::NOT_FOUND);
        QTRY_COMPARE(getPost(follower, shownDuring.id()).error_code(), grpc::StatusCode::OK);
    }

    // A comment shown again comes back even when its author can no longer see the post.
    void aCommentShownAgainComesBackWhateverItsAuthorSees() {
        TestUser author = m_server->newUser("author");
        TestUser commenter = m_server->newUser("commenter");
        QVERIFY(m_server->follow(commenter, author));
        const pv1::Post post = m_server->createPost(author, "for followers", pv1::VISIBILITY_FOLLOWERS);
        // The post service learns of the follow from an event.
        QTRY_COMPARE(getPost(commenter, post.id()).error_code(), grpc::StatusCode::OK);
        pv1::CreateCommentRequest create;
        create.set_post_id(post.id());
        create.set_body("a follower's comment");
        pv1::CreateCommentResponse created;
        QVERIFY(m_server->posts().CreateComment(TestServer::as(commenter).get(), create, &created).ok());
        QVERIFY(m_server->unfollow(commenter, author));
        QTRY_COMPARE(getPost(commenter, post.id()).error_code(), grpc::StatusCode::NOT_FOUND);
        mv1::HideCommentRequest hide;
        hide.set_comment_id(created.comment().id());
        hide.set_reason("checking");
        mv1::HideCommentResponse hidden;
        QVERIFY(moderation().HideComment(TestServer::as(m_moderator).get(), hide, &hidden).ok());
        pv1::GetCommentRequest get;
        get.set_comment_id(created.comment().id());
        pv1::GetCommentResponse got;
        QTRY_VERIFY((m_server->posts().GetComment(TestServer::as(author).get(), get, &got), got.comment().hidden()));
        mv1::UnhideCommentRequest unhide;
        unhide.set_comment_id(created.comment().id());
        unhide.set_reason("fine");
        mv1::UnhideCommentResponse shown;
        QVERIFY(moderation().UnhideComment(TestServer::as(m_moderator).get(), unhide, &shown).ok());
        QTRY_VERIFY((m_server->posts().GetComment(TestServer::as(author).get(), get, &got), !got.comment().hidden()));
        QCOMPARE(got.comment().body(), "a follower's comment");
        QCOMPARE(m_server->rowCount("post", {"event_dead_letter"}), std::int64_t{0});
    }

    // A hidden comment leaves everyone else's view but keeps its place in the thread; its author
    // still sees it with the reason. Removing is for good.
    void aHiddenCommentBecomesAPlaceholder() {
        TestUser author = m_server->newUser("author");
        TestUser commenter = m_server->newUser("commenter");
        TestUser reader = m_server->newUser("reader");
        QVERIFY(m_server->follow(reader, author));
        const pv1::Post post = m_server->createPost(author, "A post with a rude reply");
        pv1::CreateCommentRequest create;
        create.set_post_id(post.id());
        create.set_body("xyzzy rude words");
        pv1::CreateCommentResponse created;
        QVERIFY(m_server->posts().CreateComment(TestServer::as(commenter).get(), create, &created).ok());
        const std::string id = created.comment().id();
        Replica replica;
        QVERIFY(takeSnapshot(*m_sync, reader, replica));
        QTRY_VERIFY((pullAll(*m_sync, reader, replica), replica.has(sv1::ENTITY_KIND_COMMENT, id)));
        const auto commentAs = [&](const TestUser& as) {
            pv1::ListCommentsRequest req;
            req.set_post_id(post.id());
            pv1::ListCommentsResponse resp;
            const grpc::Status status = m_server->posts().ListComments(TestServer::as(as).get(), req, &resp);
            return status.ok() && resp.comments_size() == 1 ? resp.comments(0) : pv1::Comment();
        };

        mv1::Report opened;
        DEVCOLL_COMPARE_CODE(report(reader, mv1::SUBJECT_KIND_COMMENT, id, &opened), grpc::StatusCode::OK);
        QCOMPARE(opened.subject_author_id(), commenter.id);
        QCOMPARE(opened.subject_excerpt(), "xyzzy rude words");
        DEVCOLL_COMPARE_CODE(report(commenter, mv1::SUBJECT_KIND_COMMENT, id), grpc::StatusCode::INVALID_ARGUMENT);
        mv1::HideCommentRequest hide;
        hide.set_comment_id(id);
        hide.set_reason("Insults");
        mv1::HideCommentResponse hidden;
        DEVCOLL_COMPARE_CODE(moderation().HideComment(TestServer::as(m_moderator).get(), hide, &hidden),
                             grpc::StatusCode::OK);
        QCOMPARE(hidden.action().report_id(), opened.id());
        QCOMPARE(hidden.action().affected_user_id(), commenter.id);

        // Others see a placeholder in the thread, and their replica loses it.
        QTRY_VERIFY(commentAs(reader).hidden());
        QVERIFY(commentAs(reader).body().empty());
        QVERIFY(commentAs(reader).hidden_reason().empty());
        QCOMPARE(commentAs(reader).id(), id);
        QTRY_VERIFY((pullAll(*m_sync, reader, replica), !replica.has(sv1::ENTITY_KIND_COMMENT, id)));
        DEVCOLL_COMPARE_CODE(report(reader, mv1::SUBJECT_KIND_COMMENT, id), grpc::StatusCode::NOT_FOUND);
        // Its author sees it whole, marked, with the reason.
        QCOMPARE(commentAs(commenter).body(), "xyzzy rude words");
        QCOMPARE(commentAs(commenter).hidden_reason(), "Insults");
        auto again = TestServer::as(m_admin);
        DEVCOLL_COMPARE_CODE(moderation().HideComment(again.get(), hide, &hidden),
                             grpc::StatusCode::FAILED_PRECONDITION);

        mv1::UnhideCommentRequest unhide;
        unhide.set_comment_id(id);
        unhide.set_reason("Context makes it fine");
        mv1::UnhideCommentResponse shown;
        DEVCOLL_COMPARE_CODE(moderation().UnhideComment(TestServer::as(m_admin).get(), unhide, &shown),
                             grpc::StatusCode::OK);
        QTRY_COMPARE(commentAs(reader).body(), "xyzzy rude words");
        QVERIFY(!commentAs(reader).hidden());
        QTRY_VERIFY((pullAll(*m_sync, reader, replica), replica.has(sv1::ENTITY_KIND_COMMENT, id)));

        mv1::RemoveCommentRequest remove;
        remove.set_comment_id(id);
        remove.set_reason("Threats");
        mv1::RemoveCommentResponse removed;
        DEVCOLL_COMPARE_CODE(moderation().RemoveComment(TestServer::as(m_moderator).get(), remove, &removed),
                             grpc::StatusCode::OK);
        pv1::GetCommentRequest get;
        get.set_comment_id(id);
        pv1::GetCommentResponse got;
        QTRY_VERIFY(
            (m_server->posts().GetComment(TestServer::as(commenter).get(), get, &got), got.comment().deleted()));
        QCOMPARE(got.comment().hidden_reason(), "Threats");
        QVERIFY(got.comment().body().empty());
        QTRY_VERIFY((pullAll(*m_sync, reader, replica), !replica.has(sv1::ENTITY_KIND_COMMENT, id)));
        auto moot = TestServer::as(m_admin);
        DEVCOLL_COMPARE_CODE(moderation().UnhideComment(moot.get(), unhide, &shown),
                             grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(trailer(*moot, "devcoll-conflicting-action-id"), removed.action().id());
    }

    // Removing is for good: gone for its author too, who sees why on the tombstone.
    void aRemovedPostIsGoneForGood() {
        TestUser author = m_server->newUser("author");
        TestUser follower = m_server->newUser("follower");
        QVERIFY(m_server->follow(follower, author));
        const pv1::Post post = m_server->createPost(author, "wombatword illegal content");
        QVERIFY(!post.id().empty());
        const QString id = QString::fromStdString(post.id());
        QTRY_VERIFY(feed(follower).contains(id));
        Replica authors;
        QVERIFY(takeSnapshot(*m_sync, author, authors));
        QTRY_VERIFY((pullAll(*m_sync, author, authors), authors.has(sv1::ENTITY_KIND_POST, post.id())));
        QVERIFY(hide(m_moderator, post.id()).ok());  // hidden first, then removed

        mv1::RemovePostRequest req;
        req.set_post_id(post.id());
        req.set_reason("Illegal content");
        mv1::RemovePostResponse first;
        DEVCOLL_COMPARE_CODE(moderation().RemovePost(TestServer::as(m_moderator).get(), req, &first),
                             grpc::StatusCode::OK);
        QCOMPARE(first.action().kind(), mv1::ACTION_KIND_REMOVE_POST);
        QCOMPARE(first.action().affected_user_id(), author.id);
        pv1::Post tombstone;
        QTRY_VERIFY((getPost(author, post.id(), &tombstone), tombstone.deleted()));
        QVERIFY(tombstone.body().empty());
        QCOMPARE(tombstone.hidden_reason(), "Illegal content");
        QVERIFY(!feed(author).contains(id));
        QVERIFY(!feed(follower).contains(id));
        QTRY_COMPARE(searched(author, "wombatword"), QStringList{});
        QTRY_VERIFY((pullAll(*m_sync, author, authors), !authors.has(sv1::ENTITY_KIND_POST, post.id())));

        // A second removal and an unhide are moot, naming the removal.
        auto ctx = TestServer::as(m_admin);
        mv1::RemovePostResponse second;
        DEVCOLL_COMPARE_CODE(moderation().RemovePost(ctx.get(), req, &second), grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(trailer(*ctx, "devcoll-conflicting-action-id"), first.action().id());
        mv1::UnhidePostRequest unhide;
        unhide.set_post_id(post.id());
        unhide.set_reason("undo");
        mv1::UnhidePostResponse unhidden;
        auto unhideCtx = TestServer::as(m_admin);
        DEVCOLL_COMPARE_CODE(moderation().UnhidePost(unhideCtx.get(), unhide, &unhidden),
                             grpc::StatusCode::FAILED_PRECONDITION);
        QCOMPARE(trailer(*unhideCtx, "devcoll-conflicting-action-id"), first.action().id());
    }
};

QTEST_GUILESS_MAIN(TestModerationContent)
#include "tst_moderation_content.moc"
