// rpc::Peer: a peer that is down fails fast once the circuit opens, is tried again after a
// while, and a peer that answers (even with an error of its own) keeps the circuit closed.
#include <QtTest>

#include <thread>

#include "platform/rpc/peer.h"

using namespace devcoll;

namespace {

grpc::Status down() { return grpc::Status(grpc::StatusCode::UNAVAILABLE, "connection refused"); }
grpc::Status answered() { return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such thing"); }

rpc::Peer makePeer(std::chrono::milliseconds openFor) {
    return rpc::Peer(
        "media", [] { return std::shared_ptr<grpc::ChannelInterface>(); }, rpc::BreakerSettings{3, openFor});
}

}  // namespace

class TestPeer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aDeadPeerFailsFastOnceTheCircuitOpens() {
        rpc::Peer peer = makePeer(std::chrono::seconds(60));
        int calls = 0;
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(peer.call([&] {
                             ++calls;
                             return down();
                         })
                         .error_code(),
                     grpc::StatusCode::UNAVAILABLE);
        }
        QVERIFY(peer.open());
        const grpc::Status refused = peer.call([&] {
            ++calls;
            return answered();
        });
        QCOMPARE(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
        QVERIFY2(refused.error_message().find("media") != std::string::npos, refused.error_message().c_str());
        QCOMPARE(calls, 3);  // the fourth call never reached the peer
    }

    void afterAWhileOneTrialDecides() {
        rpc::Peer peer = makePeer(std::chrono::milliseconds(50));
        for (int i = 0; i < 3; ++i) (void)peer.call(down);
        QVERIFY(peer.open());
        // A failed trial opens the circuit again. (QTRY_* evaluates once more after success:
        // calls with effects are awaited with qWaitFor.)
        QVERIFY(QTest::qWaitFor([&] { return peer.call(down).error_message() == "connection refused"; }));
        QVERIFY(peer.open());
        QCOMPARE(peer.call(answered).error_code(), grpc::StatusCode::UNAVAILABLE);  // open again: refused
        // A trial that gets an answer closes it.
        QVERIFY(QTest::qWaitFor([&] { return peer.call(answered).error_code() == grpc::StatusCode::NOT_FOUND; }));
        QVERIFY(!peer.open());
        QCOMPARE(peer.call(answered).error_code(), grpc::StatusCode::NOT_FOUND);
    }

    void answersAndDeadlinesCountDifferently() {
        rpc::Peer peer = makePeer(std::chrono::seconds(60));
        // The peer's own verdicts (not found, permission denied) mean it is alive.
        for (int i = 0; i < 10; ++i) (void)peer.call(answered);
        QVERIFY(!peer.open());
        // Failures must come in a row: an answer in between starts the count again.
        (void)peer.call(down);
        (void)peer.call(down);
        (void)peer.call(answered);
        (void)peer.call(down);
        QVERIFY(!peer.open());
        // A call past its caller's deadline does not: the deadline may be the caller's own
        // impatience, and one client must not shut the peer off for everybody.
        for (int i = 0; i < 5; ++i) {
            (void)peer.call([] { return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "too slow"); });
        }
        QVERIFY(!peer.open());
        for (int i = 0; i < 3; ++i) (void)peer.call(down);
        QVERIFY(peer.open());
    }
};

QTEST_GUILESS_MAIN(TestPeer)
#include "tst_peer.moc"
