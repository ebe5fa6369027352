// The event platform on a real database: outbox -> relay -> transport -> consumer, with the
// inbox making redelivery harmless, retries with backoff, dead letters, and per-aggregate order.
#include <QTest>

#include <atomic>
#include <mutex>

#include "devcoll/ids.h"
#include "platform/events/event_consumer.h"
#include "platform/events/in_process_transport.h"
#include "platform/events/outbox.h"
#include "platform/events/outbox_relay.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::events;

class TestEvents final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<storage::Database> m_db;

    static Envelope event(const std::string& aggregate, std::int64_t version) {
        auto e = newEnvelope(v1::EVENT_TYPE_USER_UPDATED, aggregate, version, "test");
        e.mutable_user_updated()->set_user_id(aggregate);
        e.mutable_user_updated()->set_version(version);
        return e;
    }

    // Applies an event by recording it in a table, so tests can count applications.
    static Status record(storage::Tx& tx, const Envelope& e) {
        return tx.exec("INSERT INTO applied (event_id, aggregate_id, version) VALUES ($1, $2, $3)",
                       {e.event_id(), e.aggregate_id(), e.aggregate_version()})
                       .ok()
                   ? Status{}
                   : makeError(ErrorCode::Internal, "cannot record");
    }

    std::int64_t count(const std::string& sql, const storage::SqlParams& params = {}) {
        auto rows = m_db->transact([&](storage::Tx& tx) { return tx.exec(sql, params); });
        return rows.ok() && !rows->empty() ? (*rows)[0].integer(0) : -1;
    }

private slots:
    void initTestCase() {
        storage::DatabaseLocation location;
        if (qgetenv("DEVCOLL_TEST_BACKEND") == "postgres") {
            const QByteArray url = qgetenv("DEVCOLL_TEST_DATABASE_URL");
            QVERIFY2(!url.isEmpty(), "DEVCOLL_TEST_BACKEND=postgres needs DEVCOLL_TEST_DATABASE_URL");
            location.engine = storage::Engine::Postgres;
            location.postgresUrl = url.toStdString();
            location.schema = "t" + randomHex(6) + "_events";
        } else {
            location.sqlitePath = m_dir.filePath("events.db").toStdString();
        }
        auto catalog = storage::SqlCatalog::load({}, location.engine);
        QVERIFY(catalog.ok());
        auto db = storage::Database::open("events", location,
                                          std::make_shared<const storage::SqlCatalog>(std::move(catalog).value()), 4);
        QVERIFY2(db.ok(), db.ok() ? "" : db.error().message.c_str());
        m_db = std::move(db).value();
        QVERIFY(createEventTables(*m_db).ok());
        QVERIFY(m_db->transact([](storage::Tx& tx) -> Status {
                        DEVCOLL_CHECK(
                            tx.exec("CREATE TABLE applied (event_id TEXT NOT NULL, aggregate_id TEXT NOT "
                                    "NULL, version BIGINT NOT NULL)"));
                        return {};
                    })
                    .ok());
    }

    void init() {
        QVERIFY(m_db->transact([](storage::Tx& tx) -> Status {
                        DEVCOLL_CHECK(tx.exec("DELETE FROM applied"));
                        return {};
                    })
                    .ok());
    }

    void redeliveredEventChangesNothing() {
        EventConsumer consumer("redelivery", *m_db);
        consumer.on(v1::EVENT_TYPE_USER_UPDATED, record);
        const Envelope e = event("agg-1", 1);
        QVERIFY(consumer.deliver(e).ok());
        QVERIFY(consumer.deliver(e).ok());
        QVERIFY(consumer.deliver(e).ok());
        QCOMPARE(count("SELECT COUNT(*) FROM applied WHERE event_id = $1", {e.event_id()}), 1);
    }

    void failingTwiceThenSucceedingAppliesOnce() {
        EventConsumer consumer("flaky", *m_db,
                               RetryPolicy{5, std::chrono::milliseconds(1), std::chrono::milliseconds(4)});
        int attempts = 0;
        consumer.on(v1::EVENT_TYPE_USER_UPDATED, [&](storage::Tx& tx, const Envelope& e) -> Status {
            // The failed attempts' writes must roll back with them.
            DEVCOLL_CHECK(record(tx, e));
            if (++attempts <= 2) return makeError(ErrorCode::Unavailable, "not yet");
            return {};
        });
        const Envelope e = event("agg-2", 1);
        QVERIFY(consumer.deliver(e).ok());
        QCOMPARE(attempts, 3);
        QCOMPARE(count("SELECT COUNT(*) FROM applied WHERE event_id = $1", {e.event_id()}), 1);
        QCOMPARE(count("SELECT COUNT(*) FROM event_dead_letter WHERE event_id = $1", {e.event_id()}), 0);
    }

    void alwaysFailingLandsInDeadLetters() {
        EventConsumer consumer("broken", *m_db,
                               RetryPolicy{3, std::chrono::milliseconds(1), std::chrono::milliseconds(2)});
        int attempts = 0;
        consumer.on(v1::EVENT_TYPE_USER_UPDATED, [&](storage::Tx&, const Envelope&) -> Status {
            ++attempts;
            return makeError(ErrorCode::Internal, "handler bug");
        });
        const Envelope e = event("agg-3", 1);
        QVERIFY(consumer.deliver(e).ok());
        QCOMPARE(attempts, 3);
        QCOMPARE(
            count("SELECT attempts FROM event_dead_letter WHERE event_id = $1 AND consumer = 'broken'", {e.event_id()}),
            3);
        // Once dead-lettered, a redelivery does not run the handler again.
        QVERIFY(consumer.deliver(e).ok());
        QCOMPARE(attempts, 3);
    }

    void outboxReachesConsumersInOrderAndEmpties() {
        InProcessTransport transport;
        OutboxRelay relay(*m_db, transport);
        EventConsumer consumer("ordered", *m_db);
        std::mutex mutex;
        std::vector<std::int64_t> seen;
        consumer.on(v1::EVENT_TYPE_USER_UPDATED, [&](storage::Tx& tx, const Envelope& e) -> Status {
            std::lock_guard lock(mutex);
            seen.push_back(e.aggregate_version());
            return record(tx, e);
        });
        consumer.attach(transport);
        // A failing consumer of the same events must not hold this one up.
        EventConsumer stuck("stuck", *m_db,
                            RetryPolicy{2, std::chrono::milliseconds(100), std::chrono::milliseconds(100)});
        stuck.on(v1::EVENT_TYPE_USER_UPDATED,
                 [](storage::Tx&, const Envelope&) -> Status { return makeError(ErrorCode::Internal, "stuck"); });
        stuck.attach(transport);
        relay.start();

        constexpr int kEvents = 50;
        for (int v = 1; v <= kEvents; ++v) {
            QVERIFY(m_db->transact([&](storage::Tx& tx) { return appendToOutbox(tx, event("agg-order", v), &relay); })
                        .ok());
        }
        QTRY_COMPARE_WITH_TIMEOUT(
            [&] {
                std::lock_guard lock(mutex);
                return seen.size();
            }(),
            std::size_t{kEvents}, 2000);  // the stuck consumer needs 5 s
        {
            std::lock_guard lock(mutex);
            for (int i = 0; i < kEvents; ++i) QCOMPARE(seen[static_cast<std::size_t>(i)], i + 1);
        }
        // Once every consumer is done (the stuck one by dead-lettering), the outbox empties.
        QTRY_COMPARE_WITH_TIMEOUT(count("SELECT COUNT(*) FROM event_outbox"), std::int64_t{0}, 30000);
        transport.stop();
        relay.stop();
    }
};

QTEST_GUILESS_MAIN(TestEvents)
#include "tst_events.moc"
