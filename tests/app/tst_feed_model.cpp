// The feed model over the replica, checked by QAbstractItemModelTester at every step: pages as
// the view scrolls, follows the replica's changes with row inserts, removals and in-place
// updates, keeps a post confirmed by the server in its row, and reads on the store thread.
#include <google/protobuf/util/time_util.h>

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "devcoll/post/v1/post.pb.h"
#include "store/local_store.h"
#include "store/pending_actions.h"
#include "store/replica_changes.h"
#include "views/feed_model.h"

using namespace devcoll;
using namespace devcoll::app;
namespace sv1 = devcoll::sync::v1;
namespace pv1 = devcoll::post::v1;

namespace {

const QString kMe = QStringLiteral("0190a4b2-0000-7000-8000-00000000000a");
constexpr qint64 kStart = 1'780'000'000'000'000;

sv1::Change serverPost(int n, const std::string& body, qint64 version = 1) {
    const std::string id = "post-" + std::to_string(1000 + n);
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_POST);
    c.set_entity_id(id);
    c.set_version(version);
    auto* p = c.mutable_post();
    p->set_id(id);
    p->set_author_id(kMe.toStdString());
    p->set_body(body);
    p->set_visibility(pv1::VISIBILITY_PUBLIC);
    *p->mutable_created_at() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(kStart + n * 1'000'000);
    p->set_version(version);
    return c;
}

sv1::Change gone(int n) {
    sv1::Change c;
    c.set_kind(sv1::ENTITY_KIND_POST);
    c.set_entity_id("post-" + std::to_string(1000 + n));
    c.set_version(99);
    c.set_tombstone(true);
    return c;
}

}  // namespace

class TestFeedModel final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static bool apply(LocalStore& store, std::vector<sv1::Change> changes) {
        auto done = store.run<void>([changes](ReplicaDatabase& db) {
            return applySyncPage(db, SyncPage{{}, changes, {}});
        });
        done.waitForFinished();
        return done.result().ok();
    }
    static QStringList ids(const FeedModel& model) {
        QStringList list;
        for (int r = 0; r < model.rowCount(); ++r) list << model.index(r).data(FeedModel::IdRole).toString();
        return list;
    }

private slots:
    void itPagesAsTheViewScrolls() {
        LocalStore store(m_dir.filePath("paging.db"));
        std::vector<sv1::Change> posts;
        for (int n = 0; n < 25; ++n) posts.push_back(serverPost(n, "post number " + std::to_string(n)));
        QVERIFY(apply(store, posts));

        FeedModel model(store, kMe, {}, 10);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // The first page only, until the view asks for more.
        QSignalSpy loaded(&model, &FeedModel::loaded);
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.index(0).data().toString(), QStringLiteral("post number 24"));  // newest first
        QCOMPARE(model.index(0).data(FeedModel::CreatedAtRole).toDateTime().toMSecsSinceEpoch(),
                 (kStart + 24 * 1'000'000) / 1000);
        const auto scroll = [&model] {
            if (model.canFetchMore({})) model.fetchMore({});
            return model.rowCount();
        };
        QTRY_COMPARE(scroll(), 25);
        QTRY_VERIFY(!model.loading());
        QVERIFY(!model.canFetchMore({}));  // the end
        QCOMPARE(loaded.size(), 3);        // a page at a time
        QCOMPARE(model.index(24).data().toString(), QStringLiteral("post number 0"));
    }

    void itFollowsTheReplicaRowByRow() {
        LocalStore store(m_dir.filePath("changes.db"));
        std::vector<sv1::Change> posts;
        for (int n = 0; n < 12; ++n) posts.push_back(serverPost(n, "post " + std::to_string(n)));
        QVERIFY(apply(store, posts));
        FeedModel model(store, kMe, {}, 50);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(model.rowCount(), 12);

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        // A new post, one deleted, one edited, in one page from the server.
        QVERIFY(apply(store, {serverPost(30, "brand new"), gone(5), serverPost(7, "post 7, edited", 2)}));
        QSignalSpy loaded(&model, &FeedModel::loaded);
        model.reload();
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(resets.size(), 0);
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.rowCount(), 12);
        QCOMPARE(model.index(0).data().toString(), QStringLiteral("brand new"));
        QVERIFY(!ids(model).contains(QStringLiteral("post-1005")));
        const int edited = int(ids(model).indexOf(QStringLiteral("post-1007")));
        QCOMPARE(model.index(edited).data().toString(), QStringLiteral("post 7, edited"));
    }

    void aPostConfirmedByTheServerKeepsItsRow() {
        LocalStore store(m_dir.filePath("confirmed.db"));
        QVERIFY(apply(store, {serverPost(1, "older")}));
        FeedModel model(store, kMe, {}, 50);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QTRY_COMPARE(model.rowCount(), 1);

        auto created = store.run<QString>([](ReplicaDatabase& db) {
            return createPost(db, kMe, QStringLiteral("written here"), pv1::VISIBILITY_PUBLIC);
        });
        created.waitForFinished();
        QVERIFY(created.result().ok());
        const QString id = *created.result();
        QSignalSpy loaded(&model, &FeedModel::loaded);
        model.reload();
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0).data(FeedModel::IdRole).toString(), id);
        QVERIFY(model.index(0).data(FeedModel::PendingRole).toBool());

        // The server's copy comes back: the same row, no longer pending, nothing inserted.
        auto head = store.run<std::optional<PendingAction>>(
            [](ReplicaDatabase& db) { return nextAction(db, std::numeric_limits<qint64>::max()); });
        head.waitForFinished();
        const PendingAction action = **head.result();
        auto row = store.run<std::optional<PostRow>>([id](ReplicaDatabase& db) { return postById(db, kMe, id); });
        row.waitForFinished();
        sv1::Change confirmed;
        confirmed.set_kind(sv1::ENTITY_KIND_POST);
        confirmed.set_entity_id(id.toStdString());
        confirmed.set_version(1);
        auto* p = confirmed.mutable_post();
        p->set_id(id.toStdString());
        p->set_author_id(kMe.toStdString());
        p->set_body("written here");
        p->set_visibility(pv1::VISIBILITY_PUBLIC);
        // The server's time for the post, a little after this device's.
        *p->mutable_created_at() =
            google::protobuf::util::TimeUtil::MicrosecondsToTimestamp((*row.result())->createdAt + 5000);
        p->set_version(1);
        auto done = store.run<void>(
            [action, confirmed](ReplicaDatabase& db) { return actionConfirmed(db, action.seq, confirmed); });
        done.waitForFinished();
        QVERIFY(done.result().ok());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.reload();
        QTRY_COMPARE(loaded.size(), 2);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!model.index(0).data(FeedModel::PendingRole).toBool());
    }

    void aModelGoneBeforeItsReadIsNoProblem() {
        LocalStore store(m_dir.filePath("gone.db"));
        QVERIFY(apply(store, {serverPost(1, "one")}));
        { FeedModel model(store, kMe, {}, 50); }  // destroyed with its first read under way
        auto flushed = store.run<int>([](ReplicaDatabase&) -> Result<int> { return 1; });
        flushed.waitForFinished();
        QCoreApplication::processEvents();
        QVERIFY(flushed.result().ok());
    }
};

QTEST_GUILESS_MAIN(TestFeedModel)
#include "tst_feed_model.moc"
