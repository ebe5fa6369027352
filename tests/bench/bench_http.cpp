// bench_http: GET of a post through the HTTP/JSON gateway with wrk at concurrency 16, against the
// same GetPost over gRPC at concurrency 16 in the same run, printed as a ratio. wrk and the
// gRPC client threads share this machine with the server, as in every figure in README.md.
#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>

#include <cstdio>
#include <thread>

#include "bench/measure.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
using devcoll::bench::Figures;
using devcoll::bench::measure;
using devcoll::bench::print;

namespace {

constexpr int kConcurrency = 16;

// "1.23ms", "850.00us", "1.02s" as milliseconds.
double milliseconds(const QString& value, const QString& unit) {
    const double v = value.toDouble();
    if (unit == QLatin1String("us")) return v / 1000;
    if (unit == QLatin1String("s")) return v * 1000;
    if (unit == QLatin1String("m")) return v * 60'000;
    return v;
}

// Runs wrk against `url` and reads its figures; errors counts non-2xx answers and socket errors.
Figures runWrk(const QString& url, const std::string& token, double seconds, QString* failure) {
    QProcess wrk;
    wrk.setProcessChannelMode(QProcess::MergedChannels);
    wrk.start(
        QStringLiteral(DEVCOLL_WRK_PROGRAM),
        {QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--connections"),
         QString::number(kConcurrency), QStringLiteral("--duration"),
         QString::number(static_cast<int>(seconds)) + QStringLiteral("s"), QStringLiteral("--latency"),
         QStringLiteral("--header"), QStringLiteral("Authorization: Bearer ") + QString::fromStdString(token), url});
    Figures figures;
    if (!wrk.waitForStarted() || !wrk.waitForFinished(static_cast<int>(seconds * 1000) + 60'000)) {
        *failure = QStringLiteral("wrk did not run: ") + wrk.errorString();
        return figures;
    }
    const QString out = QString::fromUtf8(wrk.readAll());
    const auto number = [&](const QString& pattern) {
        const QRegularExpressionMatch m = QRegularExpression(pattern).match(out);
        return m.hasMatch() ? m.captured(1).toDouble() : 0.0;
    };
    const auto latency = [&](const QString& percent) {
        const QRegularExpressionMatch m =
            QRegularExpression(QStringLiteral("\\s%1%\\s+([0-9.]+)(us|ms|s|m)\\b").arg(percent)).match(out);
        return m.hasMatch() ? milliseconds(m.captured(1), m.captured(2)) : 0.0;
    };
    figures.callsPerSecond = number(QStringLiteral("Requests/sec:\\s+([0-9.]+)"));
    figures.p50Ms = latency(QStringLiteral("50"));
    figures.p99Ms = latency(QStringLiteral("99"));
    figures.errors = static_cast<long>(number(QStringLiteral("Non-2xx or 3xx responses:\\s+([0-9]+)")));
    const QRegularExpressionMatch socketErrors =
        QRegularExpression(QStringLiteral("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)"))
            .match(out);
    if (socketErrors.hasMatch()) {
        for (int i = 1; i <= 4; ++i) figures.errors += socketErrors.captured(i).toLong();
    }
    if (figures.callsPerSecond == 0) *failure = QStringLiteral("wrk printed no figures:\n") + out;
    return figures;
}

}  // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    const double seconds = argc > 1 ? std::max(1.0, std::atof(argv[1])) : 5.0;

    Config config = TestServer::defaultConfig();
    config.logLevel = "error";
    config.http.listen = "127.0.0.1:0";
    TestServer server(config);
    if (!server.ok()) {
        std::fprintf(stderr, "bench_http: cannot start: %s\n", qPrintable(server.error()));
        return 1;
    }
    std::printf(
        "devcoll bench_http: concurrency %d (gRPC: client threads; HTTP: wrk connections), %.0f s per "
        "figure, %u cores, %s\n",
        kConcurrency, seconds, std::thread::hardware_concurrency(), server.postgres() ? "PostgreSQL" : "SQLite");

    const TestUser reader = server.registerUser("bench");
    const TestUser author = server.registerUser("bench");
    const std::string postId = server.createPost(author, "the post everyone reads, over HTTP and gRPC").id();
    if (postId.empty()) return 1;

    const Figures grpcFigures = measure(kConcurrency, seconds, [&](int) {
        devcoll::post::v1::GetPostRequest req;
        req.set_post_id(postId);
        devcoll::post::v1::GetPostResponse resp;
        return server.posts().GetPost(TestServer::as(reader).get(), req, &resp).ok();
    });
    print("GetPost over gRPC", grpcFigures);

    QString failure;
    const QString url = QStringLiteral("http://127.0.0.1:%1/api/v1/posts/%2")
                            .arg(server.server().httpPort())
                            .arg(QString::fromStdString(postId));
    const Figures httpFigures = runWrk(url, reader.accessToken, seconds, &failure);
    if (!failure.isEmpty()) {
        std::fprintf(stderr, "bench_http: %s\n", qPrintable(failure));
        return 1;
    }
    print("GET /api/v1/posts/{id} (wrk)", httpFigures);
    std::printf("HTTP / gRPC throughput:      %.0f %%\n",
                100.0 * httpFigures.callsPerSecond / std::max(1.0, grpcFigures.callsPerSecond));
    return grpcFigures.errors == 0 && httpFigures.errors == 0 ? 0 : 1;
}
