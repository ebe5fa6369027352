// The Prometheus endpoint (--metrics-listen), scraped over real HTTP and parsed as Prometheus's
// text format: per-RPC counts by code and latency histograms, each service's outbox, consumer,
// dead letters and pool, open sync streams, and the process metrics.
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QTest>

#include <map>

#include "devcoll/ids.h"
#include "server/sync/sync_client.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;

namespace {

// One scrape: every sample by its series ("name{label="value",...}"), or an error naming the
// first line that is not Prometheus's text format.
struct Scrape final {
    std::map<QString, double> samples;
    QString error;

    double value(const QString& series) const {
        const auto it = samples.find(series);
        return it == samples.end() ? -1 : it->second;
    }
};

Scrape parse(const QString& text) {
    Scrape scrape;
    static const QRegularExpression sample(
        "^([a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"[^\"]*\",?)*\\})?) (\\S+)$");
    for (const QString& line : text.split('\n', Qt::SkipEmptyParts)) {
        if (line.startsWith("# HELP ") || line.startsWith("# TYPE ")) continue;
        const auto match = sample.match(line);
        bool ok = false;
        const QString number = match.captured(4);
        double value = number.toDouble(&ok);
        if (!ok && number.compare("nan", Qt::CaseInsensitive) == 0) ok = true, value = 0;
        if (!ok && (number == "+Inf" || number == "-Inf")) ok = true;
        if (!match.hasMatch() || !ok) {
            scrape.error = "not a sample: " + line;
            return scrape;
        }
        scrape.samples[match.captured(1)] = value;
    }
    return scrape;
}

// A series as the endpoint writes it: name{label="value",...} (no raw string literals here:
// moc cannot read them).
QString series(const char* name, std::initializer_list<std::pair<const char*, QString>> labels = {}) {
    QString out = QString::fromLatin1(name);
    if (labels.size() == 0) return out;
    QStringList parts;
    for (const auto& [key, value] : labels) parts << QString::fromLatin1(key) + "=\"" + value + "\"";
    return out + "{" + parts.join(',') + "}";
}

}  // namespace

class TestMetrics final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QNetworkAccessManager m_http;

    Scrape scrape(int* status = nullptr, const QString& path = "/metrics") {
        QNetworkReply* reply = m_http.get(QNetworkRequest(
            QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->server().metricsPort()).arg(path))));
        if (!QTest::qWaitFor([&] { return reply->isFinished(); }, 10000)) return Scrape{{}, "no answer"};
        reply->deleteLater();
        if (status) *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError) return Scrape{{}, reply->errorString()};
        return parse(QString::fromUtf8(reply->readAll()));
    }

private slots:
    void initTestCase() {
        Config config = TestServer::defaultConfig();
        config.metricsListen = "127.0.0.1:0";
        m_server = std::make_unique<TestServer>(config);
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
        QVERIFY(m_server->server().metricsPort() > 0);
    }

    void callsAreCountedByMethodAndCode() {
        TestUser ada = m_server->newUser("ada");
        auth::v1::LoginRequest login;
        login.set_login(ada.username);
        login.set_password("not her password");
        auth::v1::LoginResponse loggedIn;
        QCOMPARE(m_server->auth().Login(TestServer::anonymous().get(), login, &loggedIn).error_code(),
                 grpc::StatusCode::UNAUTHENTICATED);
        post::v1::GetPostRequest get;
        get.set_post_id(newUuidV7());
        post::v1::GetPostResponse got;
        QCOMPARE(m_server->posts().GetPost(TestServer::as(ada).get(), get, &got).error_code(),
                 grpc::StatusCode::NOT_FOUND);
        for (int i = 0; i < 3; ++i) QVERIFY(!m_server->createPost(ada, "counted " + std::to_string(i)).id().empty());

        const Scrape s = scrape();
        QVERIFY2(s.error.isEmpty(), qPrintable(s.error));
        QCOMPARE(s.value(series("devcoll_rpc_calls_total", {{"code", "OK"}, {"method", "auth.Register"}})), 1.0);
        QCOMPARE(s.value(series("devcoll_rpc_calls_total", {{"code", "UNAUTHENTICATED"}, {"method", "auth.Login"}})),
                 1.0);
        QCOMPARE(s.value(series("devcoll_rpc_calls_total", {{"code", "NOT_FOUND"}, {"method", "post.GetPost"}})), 1.0);
        QCOMPARE(s.value(series("devcoll_rpc_calls_total", {{"code", "OK"}, {"method", "post.CreatePost"}})), 3.0);
        // The histogram: cumulative buckets ending in +Inf, which equals the count.
        QCOMPARE(s.value(series("devcoll_rpc_duration_seconds_count", {{"method", "post.CreatePost"}})), 3.0);
        QCOMPARE(
            s.value(series("devcoll_rpc_duration_seconds_bucket", {{"method", "post.CreatePost"}, {"le", "+Inf"}})),
            3.0);
        double previous = 0;
        for (const char* le : {"0.0005", "0.001", "0.01", "0.1", "1", "10"}) {
            const double bucket = s.value(series("devcoll_rpc_duration_seconds_bucket",
                                                 {{"method", "post.CreatePost"}, {"le", QString::fromLatin1(le)}}));
            QVERIFY2(bucket >= previous, le);
            previous = bucket;
        }
        QVERIFY(s.value(series("devcoll_rpc_duration_seconds_sum", {{"method", "post.CreatePost"}})) > 0);
    }

    void eachServiceReportsItsEventsAndPool() {
        // The posts' events reach search and sync: their consumers count them.
        QTRY_VERIFY(scrape().value(series("devcoll_events_applied_total", {{"service", "search"}})) >= 3);
        const Scrape s = scrape();
        for (const std::string& service : knownServices()) {
            const QString name = QString::fromStdString(service);
            QVERIFY2(s.value(series("devcoll_outbox_backlog", {{"service", name}})) >= 0, service.c_str());
            QVERIFY2(s.value(series("devcoll_outbox_oldest_age_seconds", {{"service", name}})) >= 0, service.c_str());
            QCOMPARE(s.value(series("devcoll_event_dead_letters", {{"service", name}})), 0.0);
            QVERIFY2(s.value(series("devcoll_event_consumer_lag_seconds", {{"service", name}})) >= 0, service.c_str());
            QVERIFY2(s.value(series("devcoll_db_connections", {{"service", name}, {"state", "idle"}})) > 0,
                     service.c_str());
            QCOMPARE(s.value(series("devcoll_db_waiting_transactions", {{"service", name}})), 0.0);
        }
        QVERIFY(s.value(series("devcoll_event_consumer_lag_seconds", {{"service", "search"}})) > 0);
        QVERIFY(s.value("process_resident_memory_bytes") > 1e6);
        QVERIFY(s.value("process_open_fds") > 0);
        QVERIFY(s.value("process_cpu_seconds_total") > 0);
        QVERIFY(s.value("process_start_time_seconds") > 1.7e9);
    }

    void openSyncStreamsAreCounted() {
        QCOMPARE(scrape().value("devcoll_sync_streams"), 0.0);
        TestUser grace = m_server->newUser("grace");
        auto sync = sv1::SyncService::NewStub(m_server->channel());
        {
            Stream stream(*sync, grace, "");
            QTRY_COMPARE(scrape().value("devcoll_sync_streams"), 1.0);
            QCOMPARE(scrape().value("devcoll_sync_stream_users"), 1.0);
        }
        QTRY_COMPARE(scrape().value("devcoll_sync_streams"), 0.0);
    }

    void onlyMetricsAreServed() {
        int status = 0;
        scrape(&status, "/other");
        QCOMPARE(status, 404);
    }

    void aTakenMetricsAddressIsAClearStartError() {
        Config config = TestServer::defaultConfig();
        config.metricsListen = "127.0.0.1:" + std::to_string(m_server->server().metricsPort());
        TestServer second(config);
        QVERIFY(!second.ok());
        QVERIFY2(second.error().contains("cannot serve metrics on 127.0.0.1:"), qPrintable(second.error()));
        // And without --metrics-listen there is no endpoint.
        TestServer plain;
        QVERIFY(plain.ok());
        QCOMPARE(plain.server().metricsPort(), 0);
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
