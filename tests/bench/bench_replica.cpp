// bench_replica: the desktop app's replica (app/store, app/sync), measured:
//   1. a new replica's first sync of 10,000 posts through the app's own SyncDownloader from a
//      real server: the time until it is live, the rows applied per second, and the time until
//      the first feed page is the one the user will see at the end;
//   2. a replica of 100,000 posts: the time to apply them (rows/s), a cold start (open the file,
//      check the migrations, read the first feed page), the same to the first painted feed
//      (the feed's list and delegate, offscreen without a display), and local search latency.
#include <google/protobuf/util/time_util.h>

#include <QApplication>
#include <QElapsedTimer>
#include <QListView>
#include <QTemporaryDir>

#include <cstdio>
#include <random>
#include <thread>

#include "bench/measure.h"
#include "bench/zipf.h"
#include "server/test_server.h"
#include "store/local_store.h"
#include "store/replica_changes.h"
#include "store/replica_reads.h"
#include "sync/sync_downloader.h"
#include "views/feed_model.h"
#include "views/post_delegate.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;
using devcoll::bench::percentile;
namespace sv1 = devcoll::sync::v1;
namespace pv1 = devcoll::post::v1;

namespace {

constexpr int kFeedPage = 50;

// Calls `painted` when the watched widget is about to paint.
class PaintWatch final : public QObject {
public:
    explicit PaintWatch(std::function<void()> painted) : m_painted(std::move(painted)) {}
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() == QEvent::Paint) m_painted();
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_painted;
};

template <typename T>
Result<T> onStore(LocalStore& store, std::function<Result<T>(ReplicaDatabase&)> work) {
    auto future = store.run<T>(std::move(work));
    future.waitForFinished();
    return future.result();
}

QStringList firstPage(LocalStore& store, const QString& me) {
    auto page = onStore<QList<PostRow>>(store, [me](ReplicaDatabase& db) { return homeFeed(db, me, {}, kFeedPage); });
    QStringList ids;
    if (page.ok()) {
        for (const PostRow& p : *page) ids << p.id;
    }
    return ids;
}

// 1. The first sync of a new replica, end to end.
void measureFirstSync(int postCount) {
    TestServer server;
    if (!server.ok()) {
        std::printf("first sync: no server: %s\n", qPrintable(server.error()));
        return;
    }
    const TestUser author = server.newUser("bench_author");
    const TestUser reader = server.newUser("bench_reader");
    server.follow(reader, author);
    std::vector<std::thread> writers;
    for (int t = 0; t < 4; ++t) {
        writers.emplace_back([&, t] {
            for (int i = t; i < postCount; i += 4) server.createPost(author, "post number " + std::to_string(i));
        });
    }
    for (auto& w : writers) w.join();
    // Wait until the events have reached sync, which the reader downloads from.
    storage::Database* db = server.server().database("sync");
    for (;;) {
        auto rows = db->read([&](storage::Tx& tx) {
            return tx.exec("SELECT COUNT(*) FROM sync_audience_log WHERE author_id = $1 AND kind = 3", {author.id});
        });
        if (rows.ok() && (*rows)[0].integer(0) >= postCount) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }

    QTemporaryDir dir;
    LocalStore store(dir.filePath("replica.db"));
    const QString me = QString::fromStdString(reader.id);
    DownloadSettings settings;
    settings.pageSize = 1000;
    const std::string token = reader.accessToken;
    SyncDownloader downloader(
        store, server.channel(), [token] { return token; }, settings);
    std::atomic<qint64> applied{0};
    QObject::connect(&downloader, &SyncDownloader::changesApplied, [&](int n) { applied += n; });
    // When the first feed page became what it is at the end (checked after each page).
    std::vector<std::pair<double, QStringList>> pages;
    QElapsedTimer timer;
    timer.start();
    QObject::connect(&downloader, &SyncDownloader::changesApplied, [&](int) {
        pages.emplace_back(static_cast<double>(timer.nsecsElapsed()) / 1e9, firstPage(store, me));
    });
    downloader.start();
    while (downloader.state() != DownloadState::Live && timer.elapsed() < 120'000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    const double live = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    // Search is complete once every post has its terms (made in the background).
    for (;;) {
        auto left = onStore<int>(store, [](ReplicaDatabase& db) -> Result<int> {
            DEVCOLL_TRY(auto rows, db.select(QStringLiteral("SELECT COUNT(*) FROM posts WHERE indexed = 0")));
            return rows.first().value(0).toInt();
        });
        if (!left.ok() || *left == 0 || timer.elapsed() > 120'000) break;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    const double searchable = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    downloader.stop();
    QCoreApplication::processEvents();
    const QStringList final = firstPage(store, me);
    double firstUsable = live;
    for (auto it = pages.rbegin(); it != pages.rend() && it->second == final; ++it) firstUsable = it->first;
    std::printf(
        "first sync of %d posts (app engine)  live in %.2f s, %.0f rows/s applied; the first feed page final "
        "after %.2f s; all searchable after %.2f s\n",
        postCount, live, static_cast<double>(applied.load()) / live, firstUsable, searchable);
}

// Cold start to the first painted feed: what the window does (a new store on the file, the
// feed's model, the list with PostDelegate laying out the posts' Markdown) until the list
// paints its rows. Offscreen when there is no display.
void measurePaintedStart(const QString& path, const QString& me) {
    QElapsedTimer timer;
    timer.start();
    LocalStore store(path);
    QListView view;
    view.setItemDelegate(new PostDelegate(&view));
    view.setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    view.setResizeMode(QListView::Adjust);
    FeedModel model(store, me, {}, kFeedPage);
    view.setModel(&model);
    view.resize(900, 700);
    double paintedMs = -1;
    PaintWatch watch([&] {
        if (paintedMs < 0 && model.rowCount() > 0) paintedMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    });
    view.viewport()->installEventFilter(&watch);
    view.show();
    while (paintedMs < 0 && timer.elapsed() < 30'000) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    std::printf("cold start to the first painted feed  %.0f ms (%d posts in the first page)\n", paintedMs,
                model.rowCount());
}

// 2. A replica of `postCount` posts: filling it, a cold start, local search.
void measureLargeReplica(int postCount) {
    QTemporaryDir dir;
    const QString path = dir.filePath("large.db");
    const QString me = QStringLiteral("01938000-0000-7000-8000-000000000000");
    constexpr int kAuthors = 500;
    constexpr int kVocabulary = 5000;
    std::mt19937_64 random(42);
    const bench::Zipf words(kVocabulary, 1.0);
    const bench::Zipf authors(kAuthors, 1.1);
    auto word = [](int i) { return "w" + std::to_string(i); };
    auto authorId = [](int i) { return "author-" + std::to_string(i); };

    double fillSeconds = 0;
    {
        LocalStore store(path);
        std::vector<sv1::Change> setup;
        for (int a = 0; a < kAuthors; ++a) {
            sv1::Change p;
            p.set_kind(sv1::ENTITY_KIND_PROFILE);
            p.set_entity_id(authorId(a));
            p.set_version(1);
            p.mutable_profile()->set_id(authorId(a));
            p.mutable_profile()->set_username("user_" + std::to_string(a));
            p.mutable_profile()->set_display_name("User " + std::to_string(a));
            p.mutable_profile()->set_version(1);
            setup.push_back(p);
            sv1::Change f;
            f.set_kind(sv1::ENTITY_KIND_FOLLOW);
            f.set_entity_id(me.toStdString() + ":" + authorId(a));
            f.set_version(1);
            f.mutable_follow()->set_follower_id(me.toStdString());
            f.mutable_follow()->set_followee_id(authorId(a));
            setup.push_back(f);
        }
        (void)onStore<void>(store, [setup](ReplicaDatabase& db) { return applySyncPage(db, SyncPage{{}, setup, {}}); });
        QElapsedTimer timer;
        timer.start();
        const qint64 start = 1'750'000'000'000'000;
        for (int done = 0; done < postCount; done += 1000) {
            std::vector<sv1::Change> page;
            for (int i = done; i < std::min(postCount, done + 1000); ++i) {
                std::string body;
                const int length = 8 + static_cast<int>(random() % 40);
                for (int w = 0; w < length; ++w) body += word(words(random)) + " ";
                sv1::Change c;
                const std::string id = "post-" + std::to_string(i);
                c.set_kind(sv1::ENTITY_KIND_POST);
                c.set_entity_id(id);
                c.set_version(1);
                pv1::Post* post = c.mutable_post();
                post->set_id(id);
                post->set_author_id(authorId(authors(random)));
                post->set_body(body);
                post->set_visibility(pv1::VISIBILITY_PUBLIC);
                *post->mutable_created_at() =
                    google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(start + qint64{i} * 60'000'000);
                post->set_version(1);
                page.push_back(std::move(c));
            }
            const QString cursor = QStringLiteral("cursor-%1").arg(done);
            auto applied = onStore<void>(store, [page = std::move(page), cursor](ReplicaDatabase& db) {
                SyncPage snapshotPage{{}, page, cursor};
                snapshotPage.deferSearchTerms = true;  // as a first snapshot writes them
                return applySyncPage(db, snapshotPage);
            });
            if (!applied.ok()) {
                std::printf("replica: %s\n", applied.error().message.c_str());
                return;
            }
        }
        fillSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        std::printf(
            "replica of %d posts                 filled in %.1f s: %.0f rows/s applied (snapshot pages of 1,000)\n",
            postCount, fillSeconds, postCount / fillSeconds);
        timer.restart();
        for (;;) {
            auto made = onStore<int>(store, [](ReplicaDatabase& db) { return indexDeferredPosts(db, 1000); });
            if (!made.ok() || *made == 0) break;
        }
        std::printf("search terms of %d posts              made in %.1f s afterwards: %.0f posts/s\n", postCount,
                    static_cast<double>(timer.nsecsElapsed()) / 1e9,
                    postCount / (static_cast<double>(timer.nsecsElapsed()) / 1e9));
    }

    // A cold start: a new store opens the file, checks its schema, reads the first page.
    QElapsedTimer timer;
    timer.start();
    LocalStore store(path);
    const QStringList page = firstPage(store, me);
    const double coldMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    std::printf("cold start to the first feed page     %.0f ms (%lld posts shown)\n", coldMs,
                static_cast<long long>(page.size()));
    measurePaintedStart(path, me);

    // Local search: one or two words, common and rare ones, as people type them.
    std::vector<double> latencies;
    std::uniform_int_distribution<int> rare(200, kVocabulary - 1);
    for (int i = 0; i < 400; ++i) {
        QString query;
        switch (i % 4) {
            case 0:
                query = QString::fromStdString(word(words(random)));
                break;
            case 1:
                query = QString::fromStdString(word(rare(random)));
                break;
            case 2:
                query = QString::fromStdString(word(words(random)) + " " + word(words(random)));
                break;
            default:
                query = QString::fromStdString(word(rare(random)) + " from:user_" + std::to_string(authors(random)));
        }
        QElapsedTimer one;
        one.start();
        auto hits =
            onStore<QList<PostRow>>(store, [me, query](ReplicaDatabase& db) { return searchPosts(db, me, query, 20); });
        latencies.push_back(static_cast<double>(one.nsecsElapsed()) / 1e6);
        if (!hits.ok()) std::printf("search: %s\n", hits.error().message.c_str());
    }
    std::printf("local search, 20 hits of %d posts   p50 %.1f ms   p99 %.1f ms\n", postCount,
                percentile(latencies, 0.5), percentile(latencies, 0.99));
}

}  // namespace

int main(int argc, char** argv) {
    // The painted start needs widgets; without a display they draw offscreen.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    Q_INIT_RESOURCE(devcoll);
    int posts = 10'000;
    int replicaPosts = 100'000;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        if (flag == "--posts" && i + 1 < argc) {
            posts = std::atoi(argv[++i]);
        } else if (flag == "--replica-posts" && i + 1 < argc) {
            replicaPosts = std::atoi(argv[++i]);
        } else {
            std::printf(
                "usage: bench_replica [--posts N] [--replica-posts N]\n"
                "  the app's first sync of N posts from a real server (SQLite), and a replica of\n"
                "  N posts: filling, cold start, local search\n");
            return flag == "--help" ? 0 : 2;
        }
    }
    std::printf("devcoll replica bench: %u cores\n", std::thread::hardware_concurrency());
    measureFirstSync(posts);
    measureLargeReplica(replicaPosts);
    return 0;
}
