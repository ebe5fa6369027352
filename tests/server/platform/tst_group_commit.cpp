// SQLite writes: group commit (platform/storage/group_commit.h), where many writers at once
// share transactions, yet each one's failure undoes only its own writes and after-commit
// actions and every writer sees its own result; and checkpoints off the writers' path.
#include <QFileInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "platform/storage/database.h"

using namespace devcoll;
using namespace devcoll::storage;

class TestGroupCommit final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Database> m_db;

    std::int64_t count(const std::string& where) {
        auto rows = m_db->read([&](Tx& tx) { return tx.exec("SELECT COUNT(*) FROM items WHERE " + where); });
        return rows.ok() ? (*rows)[0].integer(0) : -1;
    }

private slots:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        auto catalog = SqlCatalog::load({{"migrations/V001__items.sql",
                                          "CREATE TABLE items (id INTEGER PRIMARY KEY, writer INTEGER NOT NULL, "
                                          "kept INTEGER NOT NULL);"},
                                         {"migrations/V002__blobs.sql", "CREATE TABLE blobs (body TEXT NOT NULL);"}},
                                        Engine::Sqlite);
        QVERIFY(catalog.ok());
        DatabaseLocation location;
        location.sqlitePath = m_dir.filePath("group.db").toStdString();
        auto db = Database::open("group", location, std::make_shared<SqlCatalog>(std::move(catalog).value()), 4);
        QVERIFY2(db.ok(), db.ok() ? "" : db.error().message.c_str());
        m_db = std::move(db).value();
    }

    void concurrentWritersKeepOnlyWhatSucceeded() {
        constexpr int kThreads = 16;
        constexpr int kWrites = 200;
        std::atomic<int> afterCommits{0};
        std::atomic<int> wrongResults{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < kWrites; ++i) {
                    // Every third write of a writer fails after writing: its row must vanish.
                    const bool fails = i % 3 == 0;
                    Result<std::int64_t> result = m_db->transact([&](Tx& tx) -> Result<std::int64_t> {
                        DEVCOLL_CHECK(tx.exec("INSERT INTO items (writer, kept) VALUES ($1, $2)",
                                              {std::int64_t{t}, std::int64_t{fails ? 0 : 1}}));
                        tx.afterCommit([&] { ++afterCommits; });
                        if (fails) return makeError(ErrorCode::FailedPrecondition, "refused on purpose");
                        return std::int64_t{t * 1000 + i};
                    });
                    const bool right = fails ? (!result.ok() && result.error().code == ErrorCode::FailedPrecondition)
                                             : (result.ok() && *result == t * 1000 + i);
                    if (!right) ++wrongResults;
                }
            });
        }
        for (auto& thread : threads) thread.join();
        constexpr int kFailing = (kWrites + 2) / 3;
        QCOMPARE(wrongResults.load(), 0);
        QCOMPARE(count("kept = 0"), std::int64_t{0});
        QCOMPARE(count("kept = 1"), std::int64_t{kThreads * (kWrites - kFailing)});
        QCOMPARE(afterCommits.load(), kThreads * (kWrites - kFailing));
    }

    // Commits leave the checkpoints to WalCheckpointer's thread; the log must still be copied
    // back and reused, not grow with everything ever written.
    void theWriteAheadLogIsCheckpointedInTheBackground() {
        const std::string blob(4000, 'x');
        constexpr int kTransactions = 2500;  // 100 MB through the log
        for (int i = 0; i < kTransactions; ++i) {
            Status written = m_db->transact([&](Tx& tx) -> Status {
                for (int row = 0; row < 10; ++row) {
                    DEVCOLL_CHECK(tx.exec("INSERT INTO blobs (body) VALUES ($1)", {blob}));
                }
                return {};
            });
            QVERIFY(written.ok());
        }
        // 100 MB went through; the log starts over past 64 MB.
        const auto walBytes = [&] { return QFileInfo(m_dir.filePath("group.db-wal")).size(); };
        QTRY_VERIFY2_WITH_TIMEOUT(walBytes() < 80'000'000,
                                  qPrintable(QString("the log holds %1 bytes").arg(walBytes())), 5000);
    }

    void anExceptionFailsOnlyItsOwnWork() {
        const std::int64_t before = count("1 = 1");
        Status thrown = m_db->transact([](Tx& tx) -> Status {
            DEVCOLL_CHECK(tx.exec("INSERT INTO items (writer, kept) VALUES (99, 0)"));
            throw std::runtime_error("a bug");
        });
        QVERIFY(!thrown.ok());
        QCOMPARE(thrown.error().code, ErrorCode::Internal);
        QCOMPARE(count("1 = 1"), before);
        Status fine = m_db->transact([](Tx& tx) -> Status {
            DEVCOLL_CHECK(tx.exec("INSERT INTO items (writer, kept) VALUES (98, 1)"));
            return {};
        });
        QVERIFY(fine.ok());
        QCOMPARE(count("1 = 1"), before + 1);
    }
};

QTEST_GUILESS_MAIN(TestGroupCommit)
#include "tst_group_commit.moc"
