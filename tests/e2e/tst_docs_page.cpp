// Swagger UI at /docs, in a real headless Chromium: tests/e2e/docs_page.mjs (Playwright) opens
// it on a test server's gateway, checks that the operations are listed, and registers a user
// with "Try it out".
#include <QProcess>
#include <QTest>

#include "server/gateway/gateway_config.h"

using namespace devcoll;
using namespace devcoll::test;

class TestDocsPage final : public QObject {
    Q_OBJECT

private slots:
    void tryItOutRegistersAUser() {
        TestServer server(gatewayConfig());
        QVERIFY2(server.ok(), qPrintable(server.error()));
        const std::int64_t before = server.rowCount("auth", {"credentials"});

        QProcess browser;
        browser.setWorkingDirectory(QStringLiteral(DEVCOLL_SOURCE_DIR));
        browser.setProcessChannelMode(QProcess::MergedChannels);
        browser.start(QStringLiteral(DEVCOLL_NODE_PROGRAM),
                      {QStringLiteral("tests/e2e/docs_page.mjs"),
                       QStringLiteral("http://127.0.0.1:%1").arg(server.server().httpPort()),
                       QStringLiteral(DEVCOLL_CHROMIUM_PROGRAM)});
        QVERIFY2(browser.waitForStarted(), qPrintable(browser.errorString()));
        // The server answers the page's requests on its own threads while this one waits.
        QVERIFY2(browser.waitForFinished(120000), "the browser did not finish within 2 minutes");
        const QByteArray output = browser.readAll();
        qInfo("%s", output.constData());
        QVERIFY2(browser.exitStatus() == QProcess::NormalExit && browser.exitCode() == 0, output.constData());
        QVERIFY(output.contains("PASS: \"Try it out\" on register answers 200"));
        // The user registered from the page is in the auth service's database.
        QCOMPARE(server.rowCount("auth", {"credentials"}), before + 1);
    }
};

QTEST_GUILESS_MAIN(TestDocsPage)
#include "tst_docs_page.moc"
