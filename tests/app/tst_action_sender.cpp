// The upload half of the app's sync engine against a real devcoll-server: work done offline
// arrives once and in order when the server is back; a poison action is quarantined and the
// rest goes on; a resent edit whose first answer was lost is no conflict; someone else's
// edit first is one.
#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "server/test_server.h"
#include "store/local_store.h"
#include "store/media_attachments.h"
#include "store/pending_actions.h"
#include "store/replica_changes.h"
#include "store/replica_reads.h"
#include "sync/action_sender.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;
namespace pv1 = devcoll::post::v1;

class TestActionSender final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_dir;
    TestUser m_alice;
    QString m_me;

    template <typename T>
    Result<T> onStore(LocalStore& store, std::function<Result<T>(ReplicaDatabase&)> work) {
        auto future = store.run<T>(std::move(work));
        future.waitForFinished();
        return future.result();
    }
    int queued(LocalStore& store) {
        auto count = onStore<int>(store, [](ReplicaDatabase& db) { return pendingActionCount(db); });
        return count.ok() ? *count : -1;
    }
    QList<ActionIssue> issues(LocalStore& store) {
        auto list = onStore<QList<ActionIssue>>(store, [](ReplicaDatabase& db) { return actionIssues(db); });
        return list.ok() ? *list : QList<ActionIssue>{};
    }
    QString newPost(LocalStore& store, const QString& body, const QStringList& media = {}) {
        const QString me = m_me;
        auto id = onStore<QString>(store, [me, body, media](ReplicaDatabase& db) {
            return createPost(db, me, body, pv1::VISIBILITY_PUBLIC, media);
        });
        if (!id.ok()) qWarning("createPost: %s", id.error().message.c_str());
        return id.ok() ? *id : QString();
    }
    QString replicaBody(LocalStore& store, const QString& id) {
        const QString me = m_me;
        auto post =
            onStore<std::optional<PostRow>>(store, [me, id](ReplicaDatabase& db) { return postById(db, me, id); });
        return post.ok() && *post ? (*post)->body : QString();
    }
    std::unique_ptr<ActionSender> senderFor(LocalStore& store) {
        UploadSettings settings;
        settings.firstRetry = std::chrono::milliseconds(100);
        settings.maxRetry = std::chrono::milliseconds(400);
        const std::string token = m_alice.accessToken;
        return std::make_unique<ActionSender>(
            store, m_server->channel(), [token] { return token; }, settings);
    }
    pv1::Post serverPost(const QString& id) {
        pv1::GetPostRequest req;
        req.set_post_id(id.toStdString());
        pv1::GetPostResponse resp;
        m_server->posts().GetPost(TestServer::as(m_alice).get(), req, &resp);
        return resp.post();
    }

private slots:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        m_alice = m_server->newUser("up_alice");
        m_me = QString::fromStdString(m_alice.id);
    }

    void offlineWorkArrivesOnceAndInOrder() {
        LocalStore store(m_dir.filePath("offline.db"));
        m_server->stop();
        QStringList ids;
        for (int i = 0; i < 20; ++i) ids << newPost(store, QStringLiteral("offline post %1").arg(i));
        QVERIFY(!ids.contains(QString()));
        const QString me = m_me;
        for (int i = 0; i < 5; ++i) {
            const QString id = ids[i];
            QVERIFY(onStore<void>(store, [me, id](ReplicaDatabase& db) { return likePost(db, me, id, true); }).ok());
        }
        const QString first = ids.first();
        QVERIFY(onStore<QString>(store, [me, first](ReplicaDatabase& db) {
                    return commentOn(db, me, first, QStringLiteral("a note to self"));
                }).ok());
        QCOMPARE(queued(store), 26);

        auto sender = senderFor(store);
        QSignalSpy offline(sender.get(), &ActionSender::offline);
        sender->start();
        // More failed tries than a server fault may have before quarantine (12): an unreachable
        // server is no fault of the action, and an offline week must not need the user's attention.
        QTRY_VERIFY_WITH_TIMEOUT(offline.size() >= 14, 20'000);
        QCOMPARE(queued(store), 26);  // nothing lost while the server is away
        QVERIFY(issues(store).isEmpty());

        QVERIFY(m_server->start());
        sender->wake();
        QTRY_COMPARE_WITH_TIMEOUT(queued(store), 0, 15000);
        QVERIFY(issues(store).isEmpty());

        // On the server: each post once, in the order written, with its like and the comment.
        pv1::ListUserPostsRequest list;
        list.set_user_id(m_alice.id);
        list.set_page_size(100);
        pv1::ListUserPostsResponse posts;
        QVERIFY(m_server->posts().ListUserPosts(TestServer::as(m_alice).get(), list, &posts).ok());
        QStringList onServer;
        for (const auto& p : posts.posts()) onServer.prepend(QString::fromStdString(p.id()));  // oldest first
        QCOMPARE(onServer, ids);
        for (int i = 0; i < 20; ++i) QCOMPARE(serverPost(ids[i]).like_count(), i < 5 ? 1 : 0);
        QCOMPARE(serverPost(first).comment_count(), 1);
    }

    void editsOfAPostNotYetSentBuildOnEachOther() {
        LocalStore store(m_dir.filePath("chain.db"));
        const QString id = newPost(store, QStringLiteral("draft"));
        const QString me = m_me;
        for (const QString& body : {QStringLiteral("draft, better"), QStringLiteral("draft, best")}) {
            QVERIFY(
                onStore<void>(store, [me, id, body](ReplicaDatabase& db) { return editPost(db, me, id, body); }).ok());
        }
        auto sender = senderFor(store);
        sender->start();
        QTRY_COMPARE(queued(store), 0);
        QVERIFY(issues(store).isEmpty());  // no false conflict, nothing refused
        QCOMPARE(serverPost(id).version(), qint64{3});
        QCOMPARE(serverPost(id).body(), std::string("draft, best"));
    }

    void aPoisonActionIsQuarantinedAndTheRestGoesOn() {
        LocalStore store(m_dir.filePath("poison.db"));
        // An image the replica believes alice has, but that is no finished upload of hers on
        // the server: the server refuses the post for good.
        sync::v1::Change ghost;
        ghost.set_kind(sync::v1::ENTITY_KIND_MEDIA);
        ghost.set_entity_id("01938a6e-7b1c-7cc0-8000-000000000000");
        ghost.set_version(1);
        ghost.mutable_media()->set_id(ghost.entity_id());
        ghost.mutable_media()->set_owner_id(m_alice.id);
        QVERIFY(onStore<void>(store, [ghost](ReplicaDatabase& db) {
                    return applySyncPage(db, SyncPage{{}, {ghost}, {}});
                }).ok());
        const QString poison = newPost(store, QStringLiteral("with a picture that is not there"),
                                       {QString::fromStdString(ghost.entity_id())});
        const QString fine = newPost(store, QStringLiteral("a post the server takes"));
        auto sender = senderFor(store);
        QSignalSpy attention(sender.get(), &ActionSender::actionNeedsAttention);
        sender->start();
        QTRY_COMPARE(queued(store), 0);
        const auto found = issues(store);
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first().entityId, poison);
        QVERIFY(!found.first().conflict);
        QVERIFY2(found.first().error.contains(QStringLiteral("media_ids")), qPrintable(found.first().error));
        QTRY_COMPARE(attention.size(), 1);
        QCOMPARE(serverPost(fine).body(), std::string("a post the server takes"));
        QVERIFY(serverPost(poison).id().empty());
    }

    void aResentEditWhoseAnswerWasLostIsNoConflict() {
        LocalStore store(m_dir.filePath("lost.db"));
        const QString id = newPost(store, QStringLiteral("first words"));
        auto sender = senderFor(store);
        sender->start();
        QTRY_COMPARE(queued(store), 0);
        sender->stop();

        const QString me = m_me;
        QVERIFY(onStore<void>(store, [me, id](ReplicaDatabase& db) {
                    return editPost(db, me, id, QStringLiteral("second words"));
                }).ok());
        // The edit reached the server, but its answer never came back.
        pv1::UpdatePostRequest edit;
        edit.mutable_post()->set_id(id.toStdString());
        edit.mutable_post()->set_body("second words");
        edit.mutable_update_mask()->add_paths("body");
        edit.set_expected_version(1);
        pv1::UpdatePostResponse edited;
        QVERIFY(m_server->posts().UpdatePost(TestServer::as(m_alice).get(), edit, &edited).ok());

        sender->start();
        QTRY_COMPARE(queued(store), 0);
        QVERIFY(issues(store).isEmpty());
        QCOMPARE(serverPost(id).version(), qint64{2});  // applied once
    }

    void someoneElsesEditFirstIsAConflict() {
        LocalStore store(m_dir.filePath("conflict.db"));
        const QString id = newPost(store, QStringLiteral("the original"));
        auto sender = senderFor(store);
        sender->start();
        QTRY_COMPARE(queued(store), 0);
        sender->stop();

        const QString me = m_me;
        QVERIFY(onStore<void>(store, [me, id](ReplicaDatabase& db) {
                    return editPost(db, me, id, QStringLiteral("mine, written offline"));
                }).ok());
        pv1::UpdatePostRequest edit;  // from alice's other device
        edit.mutable_post()->set_id(id.toStdString());
        edit.mutable_post()->set_body("theirs, from the other device");
        edit.mutable_update_mask()->add_paths("body");
        edit.set_expected_version(1);
        pv1::UpdatePostResponse edited;
        QVERIFY(m_server->posts().UpdatePost(TestServer::as(m_alice).get(), edit, &edited).ok());

        sender->start();
        QTRY_COMPARE(queued(store), 0);
        const auto found = issues(store);
        QCOMPARE(found.size(), 1);
        QVERIFY(found.first().conflict);
        QCOMPARE(serverPost(id).body(), std::string("theirs, from the other device"));  // nothing overwritten
        // Both versions are kept: the server's in the replica, the user's with the issue.
        QCOMPARE(found.first().mine, QStringLiteral("mine, written offline"));
        QCOMPARE(replicaBody(store, id), QStringLiteral("theirs, from the other device"));

        // The user keeps theirs own: it goes on top of the server's version.
        const qint64 seq = found.first().seq;
        QVERIFY(onStore<void>(store, [seq](ReplicaDatabase& db) { return keepMine(db, seq); }).ok());
        QCOMPARE(replicaBody(store, id), QStringLiteral("mine, written offline"));
        sender->wake();
        QTRY_COMPARE(queued(store), 0);
        QVERIFY(issues(store).isEmpty());
        QCOMPARE(serverPost(id).body(), std::string("mine, written offline"));
        QCOMPARE(serverPost(id).version(), qint64{3});
    }

    void aProfileEditGoesAndAConflictKeepsWhatEachSideChanged() {
        LocalStore store(m_dir.filePath("profile.db"));
        user::v1::GetUserRequest get;
        get.set_user_id(m_alice.id);
        user::v1::GetUserResponse mine;
        QVERIFY(m_server->users().GetUser(TestServer::as(m_alice).get(), get, &mine).ok());
        sync::v1::Change seed;
        seed.set_kind(sync::v1::ENTITY_KIND_PROFILE);
        seed.set_entity_id(m_alice.id);
        seed.set_version(mine.user().version());
        *seed.mutable_profile() = mine.user();
        QVERIFY(onStore<void>(store, [seed](ReplicaDatabase& db) {
                    return applySyncPage(db, SyncPage{{}, {seed}, {}});
                }).ok());
        const QString me = m_me;
        const QString name = QString::fromStdString(mine.user().display_name());
        QVERIFY(onStore<void>(store, [me, name](ReplicaDatabase& db) {
                    return editProfile(db, me, ProfileEdit{name, QStringLiteral("written offline"), {}});
                }).ok());
        // Meanwhile the other device renames alice.
        user::v1::UpdateProfileRequest rename;
        rename.mutable_profile()->set_display_name("Alice from the phone");
        rename.mutable_update_mask()->add_paths("display_name");
        rename.set_expected_version(mine.user().version());
        user::v1::UpdateProfileResponse renamed;
        QVERIFY(m_server->users().UpdateProfile(TestServer::as(m_alice).get(), rename, &renamed).ok());

        auto sender = senderFor(store);
        sender->start();
        QTRY_COMPARE(issues(store).size(), 1);
        QVERIFY(issues(store).first().conflict);
        const qint64 seq = issues(store).first().seq;
        QVERIFY(onStore<void>(store, [seq](ReplicaDatabase& db) { return keepMine(db, seq); }).ok());
        sender->wake();
        QTRY_COMPARE(queued(store), 0);
        QVERIFY(issues(store).isEmpty());
        user::v1::GetUserResponse after;
        QVERIFY(m_server->users().GetUser(TestServer::as(m_alice).get(), get, &after).ok());
        QCOMPARE(after.user().display_name(), std::string("Alice from the phone"));  // theirs kept
        QCOMPARE(after.user().bio(), std::string("written offline"));                // and mine
    }

    void anImageAttachedOfflineIsUploadedBeforeItsPostAndResumes() {
        LocalStore store(m_dir.filePath("media.db"));
        // Noise does not compress: a PNG of about 2 MB, three chunks.
        QImage noise(720, 720, QImage::Format_ARGB32);
        for (int y = 0; y < noise.height(); ++y) {
            auto* line = reinterpret_cast<quint32*>(noise.scanLine(y));
            for (int x = 0; x < noise.width(); ++x) line[x] = QRandomGenerator::global()->generate();
        }
        const QString path = m_dir.filePath("noise.png");
        QVERIFY(noise.save(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(bytes.size() > 2 * 1024 * 1024 - 200'000);

        const QString me = m_me;
        auto prepared = prepareAttachment(path);
        QVERIFY(prepared.ok());
        auto mediaId =
            onStore<QString>(store, [me, a = *prepared](ReplicaDatabase& db) { return attachMedia(db, me, a); });
        QVERIFY2(mediaId.ok(), mediaId.ok() ? "" : mediaId.error().message.c_str());
        const QString postId = newPost(store, QStringLiteral("look at this noise"), {*mediaId});
        QCOMPARE(queued(store), 2);

        // An earlier attempt got one chunk to the server before the connection dropped.
        {
            auto context = TestServer::as(m_alice);
            media::v1::UploadMediaResponse response;
            auto writer = m_server->media().UploadMedia(context.get(), &response);
            media::v1::UploadMediaRequest first;
            first.mutable_metadata()->set_media_id(mediaId->toStdString());
            first.mutable_metadata()->set_file_name("noise.png");
            first.mutable_metadata()->set_declared_content_type("image/png");
            first.mutable_metadata()->set_total_size(bytes.size());
            first.mutable_metadata()->set_sha256(
                QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString());
            QVERIFY(writer->Write(first));
            media::v1::UploadMediaRequest chunk;
            chunk.set_chunk(bytes.constData(), 1024 * 1024);
            QVERIFY(writer->Write(chunk));
            QVERIFY(writer->WritesDone());
            const grpc::Status incomplete = writer->Finish();
            DEVCOLL_COMPARE_CODE(incomplete, grpc::StatusCode::FAILED_PRECONDITION);
        }
        media::v1::GetUploadStatusRequest ask;
        ask.set_media_id(mediaId->toStdString());
        media::v1::GetUploadStatusResponse standing;
        QVERIFY(m_server->media().GetUploadStatus(TestServer::as(m_alice).get(), ask, &standing).ok());
        QCOMPARE(standing.committed_offset(), qint64{1024 * 1024});

        auto sender = senderFor(store);
        QSignalSpy progress(sender.get(), &ActionSender::uploadProgress);
        sender->start();
        QTRY_COMPARE(queued(store), 0);
        QVERIFY(issues(store).isEmpty());
        // It went on from the server's megabyte, not from the start, and got to the end.
        QCOMPARE(progress.first().at(1).toLongLong(), qint64{1024 * 1024});
        QCOMPARE(progress.last().at(1).toLongLong(), qint64{bytes.size()});
        QVERIFY(m_server->media().GetUploadStatus(TestServer::as(m_alice).get(), ask, &standing).ok());
        QCOMPARE(standing.state(), media::v1::UPLOAD_STATE_COMPLETED);
        QCOMPARE(standing.media().sha256(),
                 QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex().toStdString());
        QCOMPARE(serverPost(postId).media_ids_size(), 1);
        QCOMPARE(QString::fromStdString(serverPost(postId).media_ids(0)), *mediaId);
        // The bytes left the replica with the confirmation.
        auto left =
            onStore<QByteArray>(store, [id = *mediaId](ReplicaDatabase& db) { return attachmentBytes(db, id, 0, 10); });
        QCOMPARE(left.error().code, ErrorCode::NotFound);
    }

    void onlyImagesOfAllowedSizeCanBeAttached() {
        const QString text = m_dir.filePath("notes.txt");
        QFile notes(text);
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("just some text, not an image\n");
        notes.close();
        const QString empty = m_dir.filePath("empty.png");
        QFile(empty).open(QIODevice::WriteOnly);
        const QString huge = m_dir.filePath("huge.png");
        QFile big(huge);
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(kMaxAttachmentBytes + 1));
        big.close();
        for (const QString& path : {text, empty, huge}) {
            auto refused = prepareAttachment(path);
            QVERIFY(!refused.ok());
            QCOMPARE(refused.error().code, ErrorCode::InvalidArgument);
        }
        QCOMPARE(prepareAttachment(m_dir.filePath("no-such-file.png")).error().code, ErrorCode::NotFound);
        // A name the server would refuse (a backslash, a control character) is made safe.
        QImage one(4, 4, QImage::Format_RGB32);
        one.fill(Qt::red);
        const QString odd = m_dir.filePath(QStringLiteral("odd\\name\x01.png"));
        QVERIFY(one.save(odd, "PNG"));
        auto prepared = prepareAttachment(odd);
        QVERIFY(prepared.ok());
        QCOMPARE(prepared->fileName, QStringLiteral("odd_name_.png"));
        QCOMPARE(prepared->contentType, QStringLiteral("image/png"));
        // And a post may only show images of the account's own.
        LocalStore store(m_dir.filePath("notimages.db"));
        const QString me = m_me;
        auto refused = onStore<QString>(store, [me](ReplicaDatabase& db) {
            return createPost(db, me, QStringLiteral("look"), pv1::VISIBILITY_PUBLIC,
                              {QStringLiteral("0190a4b2-0000-7000-8000-000000000001")});
        });
        QCOMPARE(refused.error().field, std::string("media_ids"));
        QCOMPARE(queued(store), 0);
    }

    void anImageTheServerRefusesTakesItsPostWithIt() {
        LocalStore store(m_dir.filePath("refused.db"));
        QImage one(8, 8, QImage::Format_RGB32);
        one.fill(Qt::blue);
        const QString path = m_dir.filePath("blue.png");
        QVERIFY(one.save(path));
        auto prepared = prepareAttachment(path);
        QVERIFY(prepared.ok());
        prepared->sha256 = QString(64, QLatin1Char('0'));  // the server's check at the end fails
        const QString me = m_me;
        auto mediaId =
            onStore<QString>(store, [me, a = *prepared](ReplicaDatabase& db) { return attachMedia(db, me, a); });
        QVERIFY(mediaId.ok());
        const QString postId = newPost(store, QStringLiteral("with a broken image"), {*mediaId});
        const QString other = newPost(store, QStringLiteral("without one"));
        auto sender = senderFor(store);
        sender->start();
        QTRY_COMPARE(queued(store), 0);
        const auto found = issues(store);
        QCOMPARE(found.size(), 2);  // the upload, and the post that needed it
        QCOMPARE(found[0].kind, ActionKind::UploadMedia);
        QCOMPARE(found[1].entityId, postId);
        QVERIFY(found[1].error.contains(QStringLiteral("image")));
        QVERIFY(replicaBody(store, postId).isEmpty());                   // undone
        QCOMPARE(serverPost(other).body(), std::string("without one"));  // the rest went
    }

    void aConflictCanEndWithTheServersVersion() {
        LocalStore store(m_dir.filePath("theirs.db"));
        const QString id = newPost(store, QStringLiteral("v1"));
        auto sender = senderFor(store);
        sender->start();
        QTRY_COMPARE(queued(store), 0);
        sender->stop();
        const QString me = m_me;
        for (const char* body : {"mine a", "mine b"}) {
            QVERIFY(onStore<void>(store, [me, id, body](ReplicaDatabase& db) {
                        return editPost(db, me, id, QString::fromLatin1(body));
                    }).ok());
        }
        pv1::UpdatePostRequest edit;
        edit.mutable_post()->set_id(id.toStdString());
        edit.mutable_post()->set_body("theirs");
        edit.mutable_update_mask()->add_paths("body");
        edit.set_expected_version(1);
        pv1::UpdatePostResponse edited;
        QVERIFY(m_server->posts().UpdatePost(TestServer::as(m_alice).get(), edit, &edited).ok());

        sender->start();
        QTRY_COMPARE(issues(store).size(), 2);  // the second edit waits with the first
        const qint64 seq = issues(store).first().seq;
        QVERIFY(onStore<void>(store, [seq](ReplicaDatabase& db) { return discardAction(db, seq); }).ok());
        QVERIFY(issues(store).isEmpty());
        QCOMPARE(queued(store), 0);
        QCOMPARE(replicaBody(store, id), QStringLiteral("theirs"));
        QCOMPARE(serverPost(id).version(), qint64{2});
    }
};

QTEST_GUILESS_MAIN(TestActionSender)
#include "tst_action_sender.moc"
