// sync_crash_child: the process tst_sync_crash kills with SIGKILL. It runs the sync engine on
// a replica and, every few milliseconds, takes one of the user's actions (a post, a like, a
// comment, an edit), printing "did <kind> <entity id>" once the action's transaction has
// committed, so that the harness knows what must survive the kill.
#include <grpcpp/grpcpp.h>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QTimer>

#include <cstdio>

#include "devcoll/post/v1/post.pb.h"
#include "store/local_store.h"
#include "store/pending_actions.h"
#include "store/replica_reads.h"
#include "sync/sync_engine.h"

using namespace devcoll;
using namespace devcoll::app;

namespace {

void report(const char* kind, const QString& id) {
    std::printf("did %s %s\n", kind, qPrintable(id));
    std::fflush(stdout);
}

// One random action on the replica's own thread.
Status act(ReplicaDatabase& db, const QString& me, const QString& round, int n) {
    auto feed = homeFeed(db, me, {}, 30);
    if (!feed.ok()) return feed.error();
    const int dice = QRandomGenerator::global()->bounded(10);
    if (feed->isEmpty() || dice < 5) {
        DEVCOLL_TRY(const QString id, createPost(db, me, QStringLiteral("crash round %1 post %2").arg(round).arg(n),
                                                 post::v1::VISIBILITY_PUBLIC));
        report("post", id);
        return {};
    }
    const PostRow& target = feed->at(QRandomGenerator::global()->bounded(int(feed->size())));
    if (dice < 7) {
        DEVCOLL_CHECK(likePost(db, me, target.id, !target.likedByMe));
        report("like", target.id);
    } else if (dice < 9) {
        DEVCOLL_TRY(const QString id,
                    commentOn(db, me, target.id, QStringLiteral("crash round %1 comment %2").arg(round).arg(n)));
        report("comment", id);
    } else if (target.authorId == me) {
        DEVCOLL_CHECK(editPost(db, me, target.id, QStringLiteral("crash round %1 edit %2").arg(round).arg(n)));
        report("edit", target.id);
    }
    return {};
}

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Runs the sync engine and random actions until killed."));
    parser.addHelpOption();
    const QCommandLineOption server(QStringLiteral("server"), QStringLiteral("host:port"), QStringLiteral("address"));
    const QCommandLineOption replica(QStringLiteral("replica"), QStringLiteral("replica file"), QStringLiteral("path"));
    const QCommandLineOption account(QStringLiteral("account"), QStringLiteral("user id"), QStringLiteral("id"));
    const QCommandLineOption round(QStringLiteral("round"), QStringLiteral("round number"), QStringLiteral("n"));
    parser.addOptions({server, replica, account, round});
    parser.process(app);
    const std::string token = qgetenv("DEVCOLL_TEST_TOKEN").toStdString();
    if (!parser.isSet(server) || !parser.isSet(replica) || !parser.isSet(account) || token.empty()) {
        std::fprintf(stderr, "needs --server, --replica, --account and DEVCOLL_TEST_TOKEN\n");
        return 2;
    }

    LocalStore store(parser.value(replica));
    SyncEngineSettings settings;
    settings.download.firstRetry = settings.upload.firstRetry = std::chrono::milliseconds(50);
    settings.download.maxRetry = settings.upload.maxRetry = std::chrono::milliseconds(200);
    SyncEngine engine(
        store, grpc::CreateChannel(parser.value(server).toStdString(), grpc::InsecureChannelCredentials()),
        [token] { return token; }, settings);
    engine.start();

    const QString me = parser.value(account);
    const QString roundName = parser.value(round);
    int n = 0;
    QTimer tick;
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const int number = n++;
        auto done =
            store.run<void>([me, roundName, number](ReplicaDatabase& db) { return act(db, me, roundName, number); });
        done.waitForFinished();
        if (!done.result().ok()) std::fprintf(stderr, "action: %s\n", done.result().error().message.c_str());
        engine.actionQueued();
    });
    tick.start(5);
    return QCoreApplication::exec();
}
