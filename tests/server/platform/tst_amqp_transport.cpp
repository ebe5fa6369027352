// AmqpTransport against the real RabbitMQ that scripts/test starts (DEVCOLL_TEST_AMQP_URL):
// confirms, order, acks after the consumer's transaction, dead letters, a broker that is away.
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <map>
#include <mutex>

#include "devcoll/ids.h"
#include "platform/events/amqp_transport.h"
#include "platform/events/event_consumer.h"
#include "platform/events/outbox.h"

using namespace devcoll;
using namespace devcoll::events;

namespace {

std::map<std::string, std::string> noSqlFiles() { return {}; }

}  // namespace

class TestAmqpTransport : public QObject {
    Q_OBJECT

    AmqpSettings m_settings;
    QTemporaryDir m_dir;

    // A consumer name of its own per test, so that queues never mix between tests and runs.
    static std::string uniqueName(const char* what) { return std::string("t") + randomHex(4) + "_" + what; }

    static Envelope event(EventType type, const std::string& aggregate, std::int64_t version) {
        Envelope e = newEnvelope(type, aggregate, version, "test");
        e.mutable_post_created()->set_post_id(aggregate);
        return e;
    }

    std::uint32_t waiting(const std::string& queue) {
        auto c = AmqpConnection::open(m_settings.address, "test probe");
        if (!c.ok()) return 0;
        auto state = (*c)->queueState(queue);
        return state.ok() ? state->messages : 0;
    }

    // True once `consumer`'s queue is bound and consumed: events published from then on reach it.
    bool consuming(const std::string& consumer) {
        auto c = AmqpConnection::open(m_settings.address, "test probe");
        if (!c.ok()) return false;
        auto state = (*c)->queueState(consumer + "_queue");
        return state.ok() && state->consumers > 0;
    }

    std::unique_ptr<storage::Database> scratchDatabase(const std::string& name) {
        storage::DatabaseLocation location;
        location.sqlitePath = (m_dir.path() + "/" + QString::fromStdString(name) + ".db").toStdString();
        auto catalog = storage::SqlCatalog::load(noSqlFiles(), storage::Engine::Sqlite);
        if (!catalog.ok()) return nullptr;
        auto db = storage::Database::open(name, location,
                                          std::make_shared<const storage::SqlCatalog>(std::move(catalog).value()), 2);
        if (!db.ok() || !createEventTables(**db).ok()) return nullptr;
        return std::move(db).value();
    }

private Q_SLOTS:
    void initTestCase() {
        const QByteArray url = qgetenv("DEVCOLL_TEST_AMQP_URL");
        QVERIFY2(!url.isEmpty(), "DEVCOLL_TEST_AMQP_URL is not set (scripts/test starts a RabbitMQ and sets it)");
        auto address = parseAmqpUrl(url.toStdString());
        QVERIFY2(address.ok(), address.ok() ? "" : address.error().message.c_str());
        m_settings.address = std::move(address).value();
        QVERIFY(m_dir.isValid());
    }

    void routingKeysNameTheEvent() {
        QCOMPARE(routingKeyOf(v1::EVENT_TYPE_POST_CREATED), std::string("post.created"));
        QCOMPARE(routingKeyOf(v1::EVENT_TYPE_USER_LOGGED_IN), std::string("user.logged_in"));
        QCOMPARE(routingKeyOf(v1::EVENT_TYPE_COMMENT_DELETED), std::string("comment.deleted"));
    }

    void badUrlsAreRefused() {
        QVERIFY(!parseAmqpUrl("http://localhost/").ok());
        QVERIFY(!parseAmqpUrl("amqps://localhost/").ok());
        auto plain = parseAmqpUrl("amqp://alice:secret@mq.example:5673/devcoll");
        QVERIFY(plain.ok());
        QCOMPARE(plain->vhost, std::string("devcoll"));
        QVERIFY2(plain->display.find("secret") == std::string::npos, "the password must not reach the logs");
    }

    void everyEventIsConfirmedAndConsumedInOrder() {
        AmqpTransport transport(m_settings);
        const std::string name = uniqueName("order");
        std::mutex mutex;
        std::vector<std::int64_t> seen;
        transport.subscribe(name, {v1::EVENT_TYPE_POST_CREATED}, [&](std::span<const Envelope* const> batch) -> Status {
            std::lock_guard lock(mutex);
            for (const Envelope* e : batch) seen.push_back(e->aggregate_version());
            return {};
        });
        QTRY_VERIFY_WITH_TIMEOUT(transport.publisherConnected(), 10000);
        // Events published before the consumer's queue is bound would go nowhere.
        QTRY_VERIFY_WITH_TIMEOUT(consuming(name), 10000);
        constexpr int kEvents = 500;
        std::atomic<int> accepted{0};
        std::atomic<int> refused{0};
        const std::string aggregate = newUuidV7();
        for (int i = 1; i <= kEvents; ++i) {
            transport.publish(event(v1::EVENT_TYPE_POST_CREATED, aggregate, i),
                              [&](bool ok) { ok ? ++accepted : ++refused; });
        }
        QTRY_COMPARE_WITH_TIMEOUT(accepted.load() + refused.load(), kEvents, 20000);
        QCOMPARE(refused.load(), 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            [&] {
                std::lock_guard lock(mutex);
                return seen.size();
            }(),
            std::size_t{kEvents}, 20000);
        std::lock_guard lock(mutex);
        for (int i = 0; i < kEvents; ++i) QCOMPARE(seen[static_cast<std::size_t>(i)], std::int64_t{i + 1});
    }

    void aFailingBatchIsHeldAndRetriedInOrder() {
        AmqpTransport transport(m_settings);
        const std::string name = uniqueName("retry");
        std::atomic<int> failuresLeft{3};
        std::mutex mutex;
        std::vector<std::int64_t> applied;
        transport.subscribe(name, {v1::EVENT_TYPE_POST_CREATED}, [&](std::span<const Envelope* const> batch) -> Status {
            if (failuresLeft.fetch_sub(1) > 0) return makeError(ErrorCode::Unavailable, "database away");
            std::lock_guard lock(mutex);
            for (const Envelope* e : batch) applied.push_back(e->aggregate_version());
            return {};
        });
        QTRY_VERIFY_WITH_TIMEOUT(transport.publisherConnected(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(consuming(name), 10000);
        const std::string aggregate = newUuidV7();
        for (int i = 1; i <= 20; ++i) transport.publish(event(v1::EVENT_TYPE_POST_CREATED, aggregate, i), nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(
            [&] {
                std::lock_guard lock(mutex);
                return applied.size();
            }(),
            std::size_t{20}, 20000);
        std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < applied.size(); ++i) QCOMPARE(applied[i], static_cast<std::int64_t>(i + 1));
        QVERIFY(failuresLeft.load() < 0);
    }

    void anEventTheConsumerGivesUpOnGoesToItsDeadLetterQueue() {
        const std::string name = uniqueName("dead");
        auto db = scratchDatabase(name);
        QVERIFY(db);
        EventConsumer consumer(name, *db, RetryPolicy{2, std::chrono::milliseconds(5), std::chrono::milliseconds(5)});
        std::atomic<int> applied{0};
        consumer.on(v1::EVENT_TYPE_POST_CREATED, [&](storage::Tx&, const Envelope& e) -> Status {
            if (e.aggregate_id() == "poison") return makeError(ErrorCode::InvalidArgument, "cannot apply this one");
            ++applied;
            return {};
        });
        AmqpTransport transport(m_settings);
        consumer.attach(transport);
        QTRY_VERIFY_WITH_TIMEOUT(transport.publisherConnected(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(consuming(name), 10000);
        transport.publish(event(v1::EVENT_TYPE_POST_CREATED, "poison", 1), nullptr);
        transport.publish(event(v1::EVENT_TYPE_POST_CREATED, newUuidV7(), 1), nullptr);
        // The rest flows on, and the poison waits in the dead-letter queue for an operator.
        QTRY_COMPARE_WITH_TIMEOUT(applied.load(), 1, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(waiting(name + "_queue.dead"), std::uint32_t{1}, 20000);
        QCOMPARE(waiting(name + "_queue"), std::uint32_t{0});
    }

    void anUnreadableMessageGoesToTheDeadLetterQueue() {
        AmqpTransport transport(m_settings);
        const std::string name = uniqueName("garbage");
        std::atomic<int> applied{0};
        transport.subscribe(name, {v1::EVENT_TYPE_POST_CREATED}, [&](std::span<const Envelope* const> batch) -> Status {
            applied += static_cast<int>(batch.size());
            return {};
        });
        QTRY_VERIFY_WITH_TIMEOUT(transport.publisherConnected(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(consuming(name), 10000);
        {
            auto c = AmqpConnection::open(m_settings.address, "test garbage");
            QVERIFY(c.ok());
            const std::string garbage = "\xff\xff\xff not protobuf";
            QCOMPARE(amqp_basic_publish((*c)->state(), AmqpConnection::kChannel, amqp_cstring_bytes("devcoll.events"),
                                        amqp_cstring_bytes("post.created"), 0, 0, nullptr, events::amqpBytes(garbage)),
                     int{AMQP_STATUS_OK});
        }
        transport.publish(event(v1::EVENT_TYPE_POST_CREATED, newUuidV7(), 1), nullptr);
        QTRY_COMPARE_WITH_TIMEOUT(waiting(name + "_queue.dead"), std::uint32_t{1}, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(applied.load(), 1, 20000);
    }

    void aBrokerThatIsAwayRefusesPublishes() {
        AmqpSettings away = m_settings;
        away.address.port = 1;  // nothing listens there
        AmqpTransport transport(away);
        std::atomic<int> refused{0};
        transport.publish(event(v1::EVENT_TYPE_POST_CREATED, newUuidV7(), 1), [&](bool ok) { refused += ok ? 0 : 1; });
        QCOMPARE(refused.load(), 1);
        QVERIFY(!transport.publisherConnected());
        QVERIFY(transport.idle());
    }
};

QTEST_GUILESS_MAIN(TestAmqpTransport)
#include "tst_amqp_transport.moc"
