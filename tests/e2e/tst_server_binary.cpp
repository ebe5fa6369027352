// devcoll-server as an operator runs it: help, bad flags, JSON logs, health over gRPC, a
// registration through reflection-free stubs, and a graceful SIGTERM that exits 0.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <QFile>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <future>

#include "devcoll/auth/v1/auth.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "grpc/health/v1/health.pb.h"

class TestServerBinary final : public QObject {
    Q_OBJECT

private:
    static QString binary() { return QStringLiteral(DEVCOLL_SERVER_BINARY); }

    // Runs the binary to completion, with `input` on its stdin; its exit code and everything
    // it printed.
    static std::pair<int, QString> run(const QStringList& args, const QByteArray& input = {}) {
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(binary(), args);
        if (!input.isEmpty()) p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(20000)) return {-1, "timed out"};
        return {p.exitCode(), QString::fromUtf8(p.readAll())};
    }

    // Starts a server on `dataDir`; its gRPC address, or "" when it did not come up.
    static QString startServer(QProcess& server, const QString& dataDir) {
        server.start(binary(), {"--data-dir", dataDir, "--listen", "127.0.0.1:0", "--http-listen", "off"});
        if (!server.waitForStarted()) return {};
        QString log;
        int port = 0;
        if (!QTest::qWaitFor([&] { return (port = portFrom(server, log)) > 0; }, 15000)) return {};
        return QStringLiteral("127.0.0.1:%1").arg(port);
    }

    static grpc::Status login(const QString& address, const std::string& who, const std::string& password,
                              std::string* token = nullptr) {
        auto auth = devcoll::auth::v1::AuthService::NewStub(
            grpc::CreateChannel(address.toStdString(), grpc::InsecureChannelCredentials()));
        devcoll::auth::v1::LoginRequest request;
        request.set_login(who);
        request.set_password(password);
        devcoll::auth::v1::LoginResponse response;
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
        const grpc::Status status = auth->Login(&ctx, request, &response);
        if (token) *token = response.access_token();
        return status;
    }

    static grpc::Status healthCheck(const std::shared_ptr<grpc::Channel>& channel, std::string service,
                                    grpc::health::v1::HealthCheckResponse* out) {
        grpc::health::v1::HealthCheckRequest request;
        request.set_service(std::move(service));
        std::string bytes = request.SerializeAsString();
        grpc::Slice slice(bytes);
        grpc::ByteBuffer in(&slice, 1);
        grpc::ByteBuffer reply;
        grpc::ClientContext ctx;
        ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
        grpc::GenericStub stub(channel);
        std::promise<grpc::Status> done;
        stub.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", {}, &in, &reply,
                       [&done](grpc::Status s) { done.set_value(s); });
        grpc::Status status = done.get_future().get();
        std::vector<grpc::Slice> slices;
        if (status.ok() && reply.Dump(&slices).ok()) {
            std::string data;
            for (const auto& s : slices) data.append(reinterpret_cast<const char*>(s.begin()), s.size());
            out->ParseFromString(data);
        }
        return status;
    }

    // Adds what the server logged since the last look to `log`; the port it says it listens
    // on, or 0 while it has not said.
    static int portFrom(QProcess& server, QString& log) {
        static const QRegularExpression pattern("\\(port (\\d+)\\)");
        log += QString::fromUtf8(server.readAllStandardError());
        const auto match = pattern.match(log);
        return match.hasMatch() ? match.captured(1).toInt() : 0;
    }

private slots:
    void helpDescribesEveryFlag() {
        const auto [code, output] = run({"--help"});
        QCOMPARE(code, 0);
        for (const char* flag : {"--data-dir", "--listen", "--services", "--database-url", "--log-format",
                                 "--metrics-listen", "--rate-limit-per-account", "--rate-limit-per-address"}) {
            QVERIFY2(output.contains(flag), flag);
        }
        QVERIFY(output.contains("DEVCOLL_DATA_DIR"));
        for (const char* command : {"rotate-signing-key", "reindex", "sync-status", "health", "admin"}) {
            QVERIFY2(output.contains(command), command);
        }
    }

    void badFlagsExitWithCode2_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown flag") << QStringList{"--bogus"};
        QTest::newRow("unknown service") << QStringList{"--services", "auth,billing"};
        QTest::newRow("bad log format") << QStringList{"--log-format", "xml"};
        QTest::newRow("bad database url") << QStringList{"--database-url", "mysql://x"};
        QTest::newRow("bad peer") << QStringList{"--peer", "auth"};
        QTest::newRow("auth without user (no broker yet)") << QStringList{"--services", "auth"};
        QTest::newRow("reindex of a service without an index") << QStringList{"reindex", "--services", "post"};
    }
    void badFlagsExitWithCode2() {
        QFETCH(QStringList, args);
        const auto [code, output] = run(args);
        QCOMPARE(code, 2);
        QVERIFY(!output.trimmed().isEmpty());
    }

    // The operator commands: reindex rebuilds the search index, sync-status reports the streams.
    void operatorCommandsTalkToARunningServer() {
        QTemporaryDir dir;
        QProcess server;
        server.start(binary(), {"--data-dir", dir.path(), "--listen", "127.0.0.1:0", "--http-listen", "off"});
        QVERIFY(server.waitForStarted());
        QString log;
        int port = 0;
        QTRY_VERIFY_WITH_TIMEOUT((port = portFrom(server, log)) > 0, 15000);
        const QString address = QStringLiteral("127.0.0.1:%1").arg(port);

        const auto [code, output] = run({"--data-dir", dir.path(), "reindex", "--server", address});
        QVERIFY2(code == 0, qPrintable(output));
        QVERIFY2(output.contains("search index rebuilt"), qPrintable(output));
        QVERIFY2(output.contains("0 stale entries removed"), qPrintable(output));
        const auto [statusCode, status] = run({"--data-dir", dir.path(), "sync-status", "--server", address});
        QVERIFY2(statusCode == 0, qPrintable(status));
        QVERIFY2(status.contains("open streams:      0 (0 users)"), qPrintable(status));

        // Without the server's keys there is no operator token to sign.
        QTemporaryDir elsewhere;
        const auto [noKeys, why] = run({"--data-dir", elsewhere.path() + "/none", "reindex", "--server", address});
        QCOMPARE(noKeys, 1);
        QVERIFY2(why.contains("no keys directory"), qPrintable(why));
        const auto [noStatus, whyNot] =
            run({"--data-dir", elsewhere.path() + "/none", "sync-status", "--server", address});
        QCOMPARE(noStatus, 1);
        QVERIFY2(whyNot.contains("no keys directory"), qPrintable(whyNot));

        server.terminate();
        QVERIFY(server.waitForFinished(20000));
        QCOMPARE(server.exitCode(), 0);
    }

    // devcoll-server admin, as an operator types it: accounts, roles, a suspension, the report
    // queue, then a backup restored into a new data dir that a new server serves.
    void adminCommandsRoundTrip() {
        QTemporaryDir dir;
        const QString data = dir.filePath("data");
        QProcess server;
        const QString address = startServer(server, data);
        QVERIFY(!address.isEmpty());
        const QStringList admin{"--data-dir", data, "admin", "--server", address};

        const auto [helpCode, help] = run({"admin", "--help"});
        QCOMPARE(helpCode, 0);
        for (const char* command : {"create-user", "grant-role", "revoke-role", "suspend", "unsuspend", "list-reports",
                                    "stats", "backup", "restore", "export"}) {
            QVERIFY2(help.contains(command), command);
        }
        auto [created, made] = run(
            admin + QStringList{"create-user", "grace", "grace@example.com", "--role", "moderator", "--password-stdin"},
            "correct horse battery\n");
        QVERIFY2(created == 0, qPrintable(made));
        QVERIFY2(made.contains("created grace with id") && made.contains("now holds: user, moderator"),
                 qPrintable(made));
        QCOMPARE(login(address, "grace", "correct horse battery").error_code(), grpc::StatusCode::OK);
        auto [trollMade, trollOut] = run(admin + QStringList{"create-user", "troll", "troll@example.com"});
        QVERIFY2(trollMade == 0, qPrintable(trollOut));
        const auto password = QRegularExpression("password: (\\S+)").match(trollOut).captured(1).toStdString();
        QVERIFY(!password.empty());
        std::string token;
        QCOMPARE(login(address, "troll", password, &token).error_code(), grpc::StatusCode::OK);

        auto [suspended, suspendOut] = run(admin + QStringList{"suspend", "troll", "--reason", "Spam", "--days", "7"});
        QVERIFY2(suspended == 0, qPrintable(suspendOut));
        QVERIFY2(suspendOut.contains("suspended ") && suspendOut.contains(" until "), qPrintable(suspendOut));
        const grpc::Status refused = login(address, "troll", password);
        QCOMPARE(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
        QVERIFY(refused.error_message().find("Spam") != std::string::npos);
        auto [lifted, liftOut] = run(admin + QStringList{"unsuspend", "troll", "--reason", "Appeal accepted"});
        QVERIFY2(lifted == 0, qPrintable(liftOut));
        QCOMPARE(login(address, "troll", password).error_code(), grpc::StatusCode::OK);

        auto [counted, stats] = run(admin + QStringList{"stats"});
        QVERIFY2(counted == 0, qPrintable(stats));
        for (const char* line :
             {"follows:       0", "posts:         0 (not deleted)", "open reports:  0", "sync streams:  0 (0 users)"}) {
            QVERIFY2(stats.contains(line), qPrintable(stats));
        }
        QVERIFY2(QRegularExpression("accounts:      [0-9]+\\n").match(stats).hasMatch(), qPrintable(stats));
        auto [listed, reports] = run(admin + QStringList{"list-reports"});
        QVERIFY2(listed == 0 && reports.contains("0 reports"), qPrintable(reports));
        auto [revoked, revokeOut] = run(admin + QStringList{"revoke-role", "grace", "moderator"});
        QVERIFY2(revoked == 0 && revokeOut.contains("now holds: user "), qPrintable(revokeOut));
        auto [unknown, unknownOut] = run(admin + QStringList{"grant-role", "nobody", "moderator"});
        QCOMPARE(unknown, 1);
        QVERIFY2(unknownOut.contains("no account"), qPrintable(unknownOut));
        QCOMPARE(run(admin + QStringList{"grant-role", "grace", "superuser"}).first, 2);

        auto [exported, exportOut] = run({"--data-dir", data, "admin", "export", "grace", dir.filePath("grace")});
        QVERIFY2(exported == 0 && exportOut.contains("export complete"), qPrintable(exportOut));
        QFile exportFile(dir.filePath("grace/export.json"));
        QVERIFY(exportFile.open(QIODevice::ReadOnly));
        QVERIFY(exportFile.readAll().contains("grace@example.com"));
        auto [exportedAgain, againOut] = run({"--data-dir", data, "admin", "export", "grace", dir.filePath("grace")});
        QVERIFY2(exportedAgain == 1 && againOut.contains("is not empty"), qPrintable(againOut));

        auto [backedUp, backupOut] = run({"--data-dir", data, "admin", "backup", dir.filePath("backup")});
        QVERIFY2(backedUp == 0 && backupOut.contains("backup complete"), qPrintable(backupOut));
        server.terminate();
        QVERIFY(server.waitForFinished(20000));
        auto [restored, restoreOut] =
            run({"--data-dir", dir.filePath("restored"), "admin", "restore", dir.filePath("backup")});
        QVERIFY2(restored == 0 && restoreOut.contains("restore complete"), qPrintable(restoreOut));
        QProcess again;
        const QString restoredAddress = startServer(again, dir.filePath("restored"));
        QVERIFY(!restoredAddress.isEmpty());
        QCOMPARE(login(restoredAddress, "grace", "correct horse battery").error_code(), grpc::StatusCode::OK);
        again.terminate();
        QVERIFY(again.waitForFinished(20000));
        QCOMPARE(again.exitCode(), 0);
    }

    void servesHealthAndStopsGracefullyOnSigterm() {
        QTemporaryDir dir;
        QProcess server;
        server.setProcessChannelMode(QProcess::SeparateChannels);
        server.start(binary(), {"--data-dir", dir.path(), "--listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0",
                                "--log-format", "json"});
        QVERIFY(server.waitForStarted());
        // The log says where the server listens; every line is a JSON object.
        QString log;
        int port = 0;
        QTRY_VERIFY_WITH_TIMEOUT((port = portFrom(server, log)) > 0, 15000);
        for (const QString& line : log.split('\n', Qt::SkipEmptyParts)) {
            QVERIFY2(QJsonDocument::fromJson(line.toUtf8()).isObject(), qPrintable(line));
        }

        auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
        grpc::health::v1::HealthCheckResponse health;
        QVERIFY(healthCheck(channel, "", &health).ok());
        QCOMPARE(health.status(), grpc::health::v1::HealthCheckResponse::SERVING);
        QVERIFY(healthCheck(channel, "devcoll.user.v1.UserService", &health).ok());
        QCOMPARE(health.status(), grpc::health::v1::HealthCheckResponse::SERVING);

        // A write just before SIGTERM is finished and its events delivered before exit.
        auto stub = devcoll::auth::v1::AuthService::NewStub(channel);
        devcoll::auth::v1::RegisterRequest req;
        req.set_username("last_one");
        req.set_email("last_one@example.com");
        req.set_password("password-123");
        devcoll::auth::v1::RegisterResponse resp;
        grpc::ClientContext ctx;
        QVERIFY(stub->Register(&ctx, req, &resp).ok());

        server.terminate();  // SIGTERM
        QVERIFY(server.waitForFinished(20000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
        log += QString::fromUtf8(server.readAllStandardError());
        QVERIFY(log.contains("devcoll-server stopped"));
        QVERIFY2(!log.contains("not drained"), qPrintable(log));

        // Restarted on the same data, the profile created from that last event is there.
        QProcess again;
        again.start(binary(), {"--data-dir", dir.path(), "--listen", "127.0.0.1:0", "--http-listen", "off"});
        QVERIFY(again.waitForStarted());
        QString log2;
        QTRY_VERIFY_WITH_TIMEOUT((port = portFrom(again, log2)) > 0, 15000);
        auto channel2 = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
        auto users = devcoll::user::v1::UserService::NewStub(channel2);
        devcoll::user::v1::GetUserRequest get;
        get.set_user_id(resp.user().id());
        devcoll::user::v1::GetUserResponse got;
        grpc::ClientContext getCtx;
        getCtx.AddMetadata("authorization", "Bearer " + resp.access_token());
        QVERIFY(users->GetUser(&getCtx, get, &got).ok());
        QCOMPARE(got.user().username(), std::string("last_one"));
        again.terminate();
        QVERIFY(again.waitForFinished(20000));
        QCOMPARE(again.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestServerBinary)
#include "tst_server_binary.moc"
