// The app's local replica (app/store): its schema and migrations, how sync pages land (versions,
// tombstones, resync diffs, the page and its cursor as one checkpoint, rows changed here kept
// until their actions are sent), the feed and search reads, and the store thread.
#include <google/protobuf/util/time_util.h>

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "store/local_store.h"
#include "store/replica_changes.h"
#include "store/replica_reads.h"
#include "store/replica_state.h"

using namespace devcoll;
using namespace devcoll::app;
namespace sv1 = devcoll::sync::v1;
namespace pv1 = devcoll::post::v1;
using google::protobuf::util::TimeUtil;

namespace {

constexpr qint64 kDay = 24LL * 3600 * 1'000'000;
constexpr qint64 kStart = 1'780'000'000'000'000;  // 2026, in microseconds

sv1::Change postChange(const std::string& id, const std::string& author, const std::string& body, qint64 version,
                       qint64 createdAt = kStart) {
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_POST);
    c.set_entity_id(id);
    c.set_version(version);
    pv1::Post* p = c.mutable_post();
    p->set_id(id);
    p->set_author_id(author);
    p->set_body(body);
    p->set_visibility(pv1::VISIBILITY_PUBLIC);
    *p->mutable_created_at() = TimeUtil::MicrosecondsToTimestamp(createdAt);
    *p->mutable_updated_at() = TimeUtil::MicrosecondsToTimestamp(createdAt);
    p->set_version(version);
    return c;
}

sv1::Change profileChange(const std::string& id, const std::string& username, const std::string& bio = "",
                          qint64 version = 1) {
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_PROFILE);
    c.set_entity_id(id);
    c.set_version(version);
    auto* p = c.mutable_profile();
    p->set_id(id);
    p->set_username(username);
    p->set_display_name(username + " display");
    p->set_bio(bio);
    p->set_version(version);
    return c;
}

sv1::Change followChange(const std::string& follower, const std::string& followee, qint64 version) {
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_FOLLOW);
    c.set_entity_id(follower + ":" + followee);
    c.set_version(version);
    c.mutable_follow()->set_follower_id(follower);
    c.mutable_follow()->set_followee_id(followee);
    return c;
}

sv1::Change tombstone(sv1::EntityKind kind, const std::string& id, qint64 version) {
    sv1::Change c;
    c.set_kind(kind);
    c.set_entity_id(id);
    c.set_version(version);
    c.set_tombstone(true);
    return c;
}

QStringList idsOf(const QList<PostRow>& posts) {
    QStringList ids;
    for (const PostRow& p : posts) ids << p.id;
    return ids;
}

}  // namespace

class TestReplicaStore final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<ReplicaDatabase> m_db;

    Status apply(std::vector<sv1::Change> changes, const QString& cursor = {},
                 std::optional<sv1::ResyncDiff> resync = std::nullopt) {
        Status applied = applySyncPage(*m_db, SyncPage{std::move(resync), std::move(changes), cursor});
        if (!applied.ok()) qWarning("apply: %s", applied.error().message.c_str());
        return applied;
    }
    std::optional<PostRow> post(const QString& id) {
        auto feed = homeFeed(*m_db, QStringLiteral("me"), {}, 1000);
        if (!feed.ok()) {
            qWarning("feed: %s", feed.error().message.c_str());
            return std::nullopt;
        }
        for (const PostRow& p : *feed) {
            if (p.id == id) return p;
        }
        return std::nullopt;
    }
    QStringList found(const QString& query) {
        auto hits = searchPosts(*m_db, QStringLiteral("me"), query, 50);
        if (!hits.ok()) qWarning("search: %s", hits.error().message.c_str());
        return hits.ok() ? idsOf(*hits) : QStringList{QStringLiteral("<error>")};
    }

private slots:
    void init() {
        m_db.reset();
        auto opened = ReplicaDatabase::open(m_dir.filePath(QString::fromLatin1(QTest::currentTestFunction()) + ".db"));
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.error().message.c_str());
        m_db = std::move(*opened);
        // The account and whom it follows.
        QVERIFY(apply({profileChange("me", "me_myself"), profileChange("bob", "bob", "writes c++ and rust"),
                       followChange("me", "bob", 1)})
                    .ok());
    }

    void theSchemaIsMigratedOnceAndKept() {
        QCOMPARE(m_db->schemaVersion(), 9);
        QVERIFY(apply({postChange("p1", "bob", "kept across opening", 1)}, QStringLiteral("cursor-1")).ok());
        const QString path = m_dir.filePath("theSchemaIsMigratedOnceAndKept.db");
        m_db.reset();
        auto reopened = ReplicaDatabase::open(path);
        QVERIFY(reopened.ok());
        m_db = std::move(*reopened);
        QCOMPARE(m_db->schemaVersion(), 9);
        QVERIFY(post(QStringLiteral("p1")).has_value());
        auto cursor = stateOf(*m_db, StateKey::Cursor);
        QVERIFY(cursor.ok() && *cursor);
        QCOMPARE(**cursor, QStringLiteral("cursor-1"));
    }

    void anUnopenableFileIsAClearError() {
        QFile blocker(m_dir.filePath("a-file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        auto opened = ReplicaDatabase::open(m_dir.filePath("a-file/replica.db"));
        QVERIFY(!opened.ok());
        QVERIFY2(opened.error().message.find("a-file") != std::string::npos, opened.error().message.c_str());
    }

    void changesApplyByVersionAndTombstonesDelete() {
        QVERIFY(apply({postChange("p1", "bob", "second words", 2)}).ok());
        QVERIFY(apply({postChange("p1", "bob", "first words", 1)}).ok());  // older: skipped
        QCOMPARE(post(QStringLiteral("p1"))->body, QStringLiteral("second words"));
        QCOMPARE(found(QStringLiteral("second")), QStringList{QStringLiteral("p1")});
        QVERIFY(apply({postChange("p1", "bob", "third words", 3)}).ok());
        QCOMPARE(post(QStringLiteral("p1"))->body, QStringLiteral("third words"));
        // The search index follows: the old words are gone from it.
        QCOMPARE(found(QStringLiteral("second")), QStringList{});
        QCOMPARE(found(QStringLiteral("third")), QStringList{QStringLiteral("p1")});
        QVERIFY(apply({tombstone(sv1::ENTITY_KIND_POST, "p1", 4)}).ok());
        QVERIFY(!post(QStringLiteral("p1")).has_value());
        QCOMPARE(found(QStringLiteral("third")), QStringList{});
        // A page applied twice changes nothing.
        QVERIFY(apply({postChange("p2", "bob", "twice", 1), postChange("p2", "bob", "twice", 1)}).ok());
        QCOMPARE(found(QStringLiteral("twice")), QStringList{QStringLiteral("p2")});
    }

    void aPageAndItsCursorCommitTogether() {
        QVERIFY(apply({postChange("p1", "bob", "before", 1)}, QStringLiteral("cursor-1")).ok());
        // The second change of the page fails (a disk error, say; here a trigger refuses it): the
        // page fails as a whole, and the replica stays at the previous checkpoint.
        QVERIFY(m_db->exec(QStringLiteral("CREATE TRIGGER refuse BEFORE INSERT ON posts WHEN NEW.id = 'p-bad' "
                                          "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"))
                    .ok());
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("refused by the test")));
        const Status failed =
            apply({postChange("p2", "bob", "in a failed page", 1), postChange("p-bad", "bob", "refused", 1)},
                  QStringLiteral("cursor-2"));
        QVERIFY(!failed.ok());
        QVERIFY(!post(QStringLiteral("p2")).has_value());
        QCOMPARE(**stateOf(*m_db, StateKey::Cursor), QStringLiteral("cursor-1"));
    }

    void rowsChangedHereWaitForTheirActions() {
        QVERIFY(apply({postChange("p1", "me", "from the server", 1)}).ok());
        // An edit made here, its action not yet sent.
        QVERIFY(m_db->exec(QStringLiteral("UPDATE posts SET body = 'edited here', pending = 1 WHERE id = 'p1'")).ok());
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO pending_mutations (kind, entity_kind, entity_id, payload, "
                                          "created_at) VALUES (1, 3, 'p1', x'', 0)"))
                    .ok());
        QVERIFY(apply({postChange("p1", "me", "another device's edit", 2)}).ok());
        QCOMPARE(post(QStringLiteral("p1"))->body, QStringLiteral("edited here"));
        QVERIFY(post(QStringLiteral("p1"))->pending);
        // Once it is sent, the server's copy (the confirmation) takes its place.
        QVERIFY(m_db->exec(QStringLiteral("DELETE FROM pending_mutations")).ok());
        QVERIFY(apply({postChange("p1", "me", "edited here", 2)}).ok());
        QCOMPARE(post(QStringLiteral("p1"))->body, QStringLiteral("edited here"));
        QVERIFY(!post(QStringLiteral("p1"))->pending);
    }

    void aResyncDropsWhatItDoesNotName() {
        QVERIFY(apply({postChange("p1", "bob", "still there", 1), postChange("p2", "bob", "deleted meanwhile", 1),
                       postChange("p3", "me", "mine, not sent yet", 1)})
                    .ok());
        QVERIFY(m_db->exec(QStringLiteral("INSERT INTO pending_mutations (kind, entity_kind, entity_id, payload, "
                                          "created_at) VALUES (1, 3, 'p3', x'', 0)"))
                    .ok());
        sv1::ResyncDiff diff;
        for (const auto& [kind, id] :
             std::vector<std::pair<sv1::EntityKind, std::string>>{{sv1::ENTITY_KIND_PROFILE, "me"},
                                                                  {sv1::ENTITY_KIND_PROFILE, "bob"},
                                                                  {sv1::ENTITY_KIND_FOLLOW, "me:bob"},
                                                                  {sv1::ENTITY_KIND_POST, "p1"}}) {
            auto* ref = diff.add_scope();
            ref->set_kind(kind);
            ref->set_entity_id(id);
        }
        QVERIFY(apply({postChange("p4", "bob", "new since", 1)}, QStringLiteral("after-resync"), diff).ok());
        QCOMPARE(idsOf(*homeFeed(*m_db, QStringLiteral("me"), {}, 10)).size(), 3);
        QVERIFY(post(QStringLiteral("p1")) && post(QStringLiteral("p3")) && post(QStringLiteral("p4")));
        QVERIFY(!post(QStringLiteral("p2")));
        QCOMPARE(found(QStringLiteral("deleted")), QStringList{});
    }

    void theHomeFeedPagesNewestFirst() {
        std::vector<sv1::Change> changes;
        for (int i = 0; i < 25; ++i) {
            changes.push_back(postChange("bob-" + std::to_string(100 + i), "bob", "post", 1, kStart + i * kDay));
        }
        changes.push_back(postChange("mine", "me", "my own", 1, kStart + 3 * kDay + 1));
        changes.push_back(profileChange("carol", "carol"));
        changes.push_back(postChange("carols", "carol", "not followed", 1, kStart + 30 * kDay));
        QVERIFY(apply(changes).ok());
        QStringList all;
        PostPosition after;
        for (;;) {
            auto page = homeFeed(*m_db, QStringLiteral("me"), after, 10);
            QVERIFY(page.ok());
            if (page->isEmpty()) break;
            for (const PostRow& p : *page) {
                if (!all.isEmpty()) QVERIFY(post(all.last())->createdAt >= p.createdAt);
                all << p.id;
            }
            after = PostPosition{page->last().createdAt, page->last().id};
        }
        QCOMPARE(all.size(), 26);
        QCOMPARE(all.first(), QStringLiteral("bob-124"));
        QVERIFY(!all.contains(QStringLiteral("carols")));
        QCOMPARE(QSet<QString>(all.begin(), all.end()).size(), 26);
        QCOMPARE(post(QStringLiteral("mine"))->authorUsername, QStringLiteral("me_myself"));
    }

    // The account's own post a moderator hid arrives marked, with the reason; shown again, the
    // mark goes.
    void aHiddenPostOfMineIsMarked() {
        sv1::Change hidden = postChange("mine-hidden", "me", "a post a moderator hid", 2);
        hidden.mutable_post()->set_hidden(true);
        hidden.mutable_post()->set_hidden_reason("Off topic");
        QVERIFY(apply({hidden}).ok());
        QVERIFY(post(QStringLiteral("mine-hidden"))->hidden);
        QCOMPARE(post(QStringLiteral("mine-hidden"))->hiddenReason, QStringLiteral("Off topic"));
        QVERIFY(apply({postChange("mine-hidden", "me", "a post a moderator hid", 3)}).ok());
        QVERIFY(!post(QStringLiteral("mine-hidden"))->hidden);
        QVERIFY(post(QStringLiteral("mine-hidden"))->hiddenReason.isEmpty());
    }

    void searchSpeaksTheServersLanguage() {
        QVERIFY(apply({postChange("rust", "bob", "Ownership in #rust: the borrow checker", 1),
                       postChange("cpp", "bob", "std::vector and c++ move semantics", 1),
                       postChange("both", "me", "rust and c++ side by side", 1)})
                    .ok());
        QCOMPARE(found(QStringLiteral("borrow")), QStringList{QStringLiteral("rust")});
        QCOMPARE(found(QStringLiteral("\"std::vector\"")), QStringList{QStringLiteral("cpp")});
        QCOMPARE(found(QStringLiteral("c++ -rust")), QStringList{QStringLiteral("cpp")});
        QCOMPARE(found(QStringLiteral("#rust")), QStringList{QStringLiteral("rust")});
        QCOMPARE(found(QStringLiteral("rust from:me_myself")), QStringList{QStringLiteral("both")});
        QCOMPARE(found(QStringLiteral("rust from:nobody")), QStringList{});
        QCOMPARE(found(QStringLiteral("bor")), QStringList{QStringLiteral("rust")});  // as you type
        QVERIFY(!searchPosts(*m_db, QStringLiteral("me"), QString(300, QLatin1Char('x')), 10).ok());
        auto people = searchProfiles(*m_db, QStringLiteral("rust"), 10);
        QVERIFY(people.ok());
        QCOMPARE(people->size(), 1);
        QCOMPARE(people->first().username, QStringLiteral("bob"));
    }

    void aFirstSnapshotsSearchTermsComeAfterwards() {
        SyncPage page{{}, {postChange("p1", "bob", "indexed later", 1), postChange("p2", "bob", "also later", 1)}, {}};
        page.deferSearchTerms = true;
        QVERIFY(applySyncPage(*m_db, page).ok());
        QVERIFY(post(QStringLiteral("p1")).has_value());  // in the feed at once
        QCOMPARE(found(QStringLiteral("later")), QStringList{});
        auto made = indexDeferredPosts(*m_db, 1);
        QVERIFY(made.ok());
        QCOMPARE(*made, 1);
        QCOMPARE(found(QStringLiteral("later")).size(), 1);
        QCOMPARE(*indexDeferredPosts(*m_db, 10), 1);
        QCOMPARE(*indexDeferredPosts(*m_db, 10), 0);
        QCOMPARE(found(QStringLiteral("later")).size(), 2);
        // A later change of a post is indexed at once, replacing its terms.
        QVERIFY(apply({postChange("p1", "bob", "rewritten", 2)}).ok());
        QCOMPARE(found(QStringLiteral("later")), QStringList{QStringLiteral("p2")});
        QCOMPARE(found(QStringLiteral("rewritten")), QStringList{QStringLiteral("p1")});
        QCOMPARE(*indexDeferredPosts(*m_db, 10), 0);
    }

    void theStoreRunsItsWorkOnItsOwnThread() {
        LocalStore store(m_dir.filePath("threaded.db"));
        QThread* storeThread = nullptr;
        auto future = store.run<int>([&](ReplicaDatabase& db) -> Result<int> {
            storeThread = QThread::currentThread();
            DEVCOLL_CHECK(applySyncPage(db, SyncPage{{}, {profileChange("me", "me")}, QStringLiteral("c")}));
            return db.schemaVersion();
        });
        bool delivered = false;
        future.then(this, [&](const Result<int>& version) {
            QVERIFY(QThread::currentThread() == thread());
            QVERIFY(version.ok() && *version == m_db->schemaVersion());
            delivered = true;
        });
        QTRY_VERIFY(delivered);
        QVERIFY(storeThread != nullptr && storeThread != QThread::currentThread());

        LocalStore broken(m_dir.filePath("a-file-again/x.db"));
        QFile blocker(m_dir.filePath("a-file-again"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        auto failed = broken.run<int>([](ReplicaDatabase&) -> Result<int> { return 1; });
        failed.waitForFinished();
        QVERIFY(!failed.result().ok());
    }
};

QTEST_GUILESS_MAIN(TestReplicaStore)
#include "tst_replica_store.moc"
