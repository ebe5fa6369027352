// The GUI thread never does the slow work: a new device's window downloads a home feed of
// 10,000 posts from a real server while the user keeps scrolling to the bottom (which pages in
// more rows), and a watchdog on the event loop measures every gap between its ticks. The
// assertion is on the GUI thread's own CPU time within a gap (no gap over 50 ms): that is the
// work the GUI thread did, SQL or network included if it ever ran there, and it does not count
// the time the operating system gave to the server and the store threads of this test.
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <ctime>
#include <thread>
#include <utility>

#include "app_test_support.h"
#include "server/test_server.h"
#include "sync/account_replica.h"
#include "views/main_window.h"
#include "views/post_list_view.h"
#include "views/status_text.h"

using namespace devcoll;
using namespace devcoll::app;
using namespace devcoll::test;

namespace {

constexpr int kPosts = 10'000;
constexpr int kWriters = 4;
constexpr qint64 kStallLimitMs = 50;
constexpr int kTickMs = 5;
constexpr int kScrollEveryMs = 20;

// CPU time this thread has used, in nanoseconds.
qint64 threadCpuNanos() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return qint64{t.tv_sec} * 1'000'000'000 + t.tv_nsec;
}

// Times each event the GUI thread delivers (the outermost, with what it delivered in turn), to
// name the slowest one when the test fails.
class TimingApplication final : public QApplication {
public:
    using QApplication::QApplication;
    bool notify(QObject* receiver, QEvent* event) override {
        if (m_depth > 0 || QThread::currentThread() != thread()) return QApplication::notify(receiver, event);
        ++m_depth;
        const qint64 start = threadCpuNanos();
        const QString what = QStringLiteral("%1 (%2), event %3")
                                 .arg(QString::fromLatin1(receiver->metaObject()->className()), receiver->objectName())
                                 .arg(int(event->type()));
        const bool done = QApplication::notify(receiver, event);
        const qint64 spent = threadCpuNanos() - start;
        --m_depth;
        if (spent >= 1'000'000) s_sinceTick << QStringLiteral("%1 ms %2").arg(spent / 1'000'000).arg(what);
        if (spent > s_slowest) {
            s_slowest = spent;
            s_slowestWhat = what;
        }
        return done;
    }
    static qint64 slowestMs() { return s_slowest / 1'000'000; }
    static QString slowestWhat() { return s_slowestWhat; }
    // The events of a millisecond or more since the watchdog's last tick.
    static QStringList takeSinceTick() { return std::exchange(s_sinceTick, {}); }

private:
    int m_depth = 0;
    static inline qint64 s_slowest = 0;
    static inline QString s_slowestWhat;
    static inline QStringList s_sinceTick;
};

// Ticks every few milliseconds on the GUI thread; keeps the longest gaps between two ticks.
class StallWatch final : public QObject {
public:
    StallWatch() {
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.start(kTickMs);
        m_wall.start();
        m_lastCpu = threadCpuNanos();
    }
    qint64 longestCpuMs() const { return m_longestCpu / 1'000'000; }
    qint64 longestWallMs() const { return m_longestWall; }
    int ticks() const { return m_ticks; }
    // The slow events within the longest gap.
    QString longestGapEvents() const { return m_longestEvents.join(QStringLiteral("; ")); }

private:
    void tick() {
        const qint64 cpu = threadCpuNanos();
        const qint64 wall = m_wall.restart();
        const QStringList events = TimingApplication::takeSinceTick();
        if (cpu - m_lastCpu > m_longestCpu) {
            m_longestCpu = cpu - m_lastCpu;
            m_longestEvents = events;
        }
        m_longestWall = std::max(m_longestWall, wall);
        m_lastCpu = cpu;
        ++m_ticks;
    }

    QTimer m_timer;
    QElapsedTimer m_wall;
    qint64 m_lastCpu = 0;
    qint64 m_longestCpu = 0;
    qint64 m_longestWall = 0;
    int m_ticks = 0;
    QStringList m_longestEvents;
};

}  // namespace

class TestGuiStall final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { useWindowTestEnvironment(); }
    void cleanupTestCase() { removeTestReplicas(); }

    void syncingTenThousandPostsWhileScrolling() {
        TestServer server;
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const TestUser reader = server.newUser("stall_reader");
        const TestUser author = server.newUser("stall_author");
        QVERIFY(server.follow(reader, author));
        std::vector<std::thread> writers;
        for (int t = 0; t < kWriters; ++t) {
            writers.emplace_back([&, t] {
                for (int i = t; i < kPosts; i += kWriters) {
                    server.createPost(author, "Post " + std::to_string(i) +
                                                  " with `code` and **Markdown**:\n\n```cpp\nint x = " +
                                                  std::to_string(i) + ";\n```\n");
                }
            });
        }
        for (std::thread& w : writers) w.join();

        const ServerAddress address{QStringLiteral("127.0.0.1"), 5};
        const std::string token = reader.accessToken;
        auto replica = AccountReplica::open(address, QString::fromStdString(reader.id), server.channel(),
                                            [token] { return token; });
        QVERIFY2(replica.ok(), replica.ok() ? "" : replica.error().message.c_str());
        MainWindow window(address);
        window.resize(900, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        StallWatch watch;
        window.showAccount(**replica);
        auto* feed = window.findChild<PostListView*>(QStringLiteral("feedView"));
        auto* status = window.findChild<StatusText*>(QStringLiteral("connectionStatusLabel"));
        QVERIFY(feed && status);
        // The user scrolls to the bottom all along: each time the view asks for the next page.
        QTimer scroller;
        connect(&scroller, &QTimer::timeout, feed,
                [feed] { feed->verticalScrollBar()->setValue(feed->verticalScrollBar()->maximum()); });
        scroller.start(kScrollEveryMs);
        const bool synced = QTest::qWaitFor(
            [&] { return status->text() == QStringLiteral("Up to date") && feed->model()->rowCount() >= 1000; },
            120'000);
        // What the window showed when it did not get there, for whoever reads a failed run.
        QVERIFY2(synced, qPrintable(QStringLiteral("status \"%1\", %2 rows in the feed")
                                        .arg(status->text())
                                        .arg(feed->model()->rowCount())));
        scroller.stop();

        qInfo(
            "GUI thread while syncing %d posts and scrolling %d rows: longest own work between two ticks "
            "%lld ms (slow events in it: %s), longest wall-clock gap %lld ms (%d ticks)",
            kPosts, feed->model()->rowCount(), watch.longestCpuMs(), qPrintable(watch.longestGapEvents()),
            watch.longestWallMs(), watch.ticks());
        QVERIFY2(watch.longestCpuMs() < kStallLimitMs,
                 qPrintable(QStringLiteral("the GUI thread worked %1 ms without returning to its event loop; the "
                                           "slowest event took %2 ms: %3")
                                .arg(watch.longestCpuMs())
                                .arg(TimingApplication::slowestMs())
                                .arg(TimingApplication::slowestWhat())));
    }
};

int main(int argc, char** argv) {
    TimingApplication app(argc, argv);
    TestGuiStall test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_gui_stall.moc"
