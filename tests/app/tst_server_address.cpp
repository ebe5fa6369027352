// Tests of how the app picks its server address: parsing, the order of the sources, and reading them.
#include "server_address.h"

#include <QCommandLineParser>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using devcoll::app::ServerAddressCandidates;
using devcoll::app::ServerAddressSource;
using OptionalText = std::optional<QString>;

Q_DECLARE_METATYPE(OptionalText)
Q_DECLARE_METATYPE(ServerAddressSource)

namespace {

const QString kDefault = QStringLiteral("127.0.0.1:50051");

// Sets or unsets DEVCOLL_SERVER for one test and puts the previous value back afterwards.
class ScopedServerEnvironment final {
public:
    explicit ScopedServerEnvironment(const OptionalText& value)
        : m_hadValue(qEnvironmentVariableIsSet(devcoll::app::kServerEnvironmentVariable)),
          m_previous(qgetenv(devcoll::app::kServerEnvironmentVariable)) {
        if (value) {
            qputenv(devcoll::app::kServerEnvironmentVariable, value->toUtf8());
        } else {
            qunsetenv(devcoll::app::kServerEnvironmentVariable);
        }
    }
    ~ScopedServerEnvironment() {
        if (m_hadValue) {
            qputenv(devcoll::app::kServerEnvironmentVariable, m_previous);
        } else {
            qunsetenv(devcoll::app::kServerEnvironmentVariable);
        }
    }
    ScopedServerEnvironment(const ScopedServerEnvironment&) = delete;
    ScopedServerEnvironment& operator=(const ScopedServerEnvironment&) = delete;

private:
    bool m_hadValue;
    QByteArray m_previous;
};

}  // namespace

class TestServerAddress final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void parseServerAddress_data();
    void parseServerAddress();
    void resolveServerAddress_data();
    void resolveServerAddress();
    void warningNamesValueSourceAndReason();
    void readServerAddressCandidates_data();
    void readServerAddressCandidates();
};

void TestServerAddress::initTestCase() { QStandardPaths::setTestModeEnabled(true); }

void TestServerAddress::parseServerAddress_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("valid") << "127.0.0.1:50051" << true << "127.0.0.1" << 50051 << "127.0.0.1:50051";
    QTest::newRow("host name") << "devcoll.example.org:443" << true << "devcoll.example.org" << 443
                               << "devcoll.example.org:443";
    QTest::newRow("single label") << "localhost:50051" << true << "localhost" << 50051 << "localhost:50051";
    QTest::newRow("surrounding spaces") << "  localhost:50051\n" << true << "localhost" << 50051 << "localhost:50051";
    QTest::newRow("port 1, just inside") << "localhost:1" << true << "localhost" << 1 << "localhost:1";
    QTest::newRow("port 65535, just inside") << "localhost:65535" << true << "localhost" << 65535 << "localhost:65535";
    QTest::newRow("IPv6") << "[::1]:50051" << true << "::1" << 50051 << "[::1]:50051";
    QTest::newRow("IPv6 full") << "[2001:db8::7]:443" << true << "2001:db8::7" << 443 << "[2001:db8::7]:443";
    QTest::newRow("IPv6 with zone") << "[fe80::1%eth0]:50051" << true << "fe80::1%eth0" << 50051
                                    << "[fe80::1%eth0]:50051";

    QTest::newRow("empty") << "" << false << "" << 0 << "";
    QTest::newRow("only spaces") << "   " << false << "" << 0 << "";
    QTest::newRow("missing port") << "localhost" << false << "" << 0 << "";
    QTest::newRow("empty port") << "localhost:" << false << "" << 0 << "";
    QTest::newRow("port 0, just outside") << "localhost:0" << false << "" << 0 << "";
    QTest::newRow("port 65536, just outside") << "localhost:65536" << false << "" << 0 << "";
    QTest::newRow("port 70000") << "localhost:70000" << false << "" << 0 << "";
    QTest::newRow("port with sign") << "localhost:+80" << false << "" << 0 << "";
    QTest::newRow("port not a number") << "localhost:grpc" << false << "" << 0 << "";
    QTest::newRow("empty host") << ":50051" << false << "" << 0 << "";
    QTest::newRow("host with space") << "dev coll:50051" << false << "" << 0 << "";
    QTest::newRow("host with scheme") << "http://localhost:50051" << false << "" << 0 << "";
    QTest::newRow("host with user") << "me@localhost:50051" << false << "" << 0 << "";
    QTest::newRow("label starting with -") << "-devcoll.example.org:443" << false << "" << 0 << "";
    QTest::newRow("IPv6 without brackets") << "::1:50051" << false << "" << 0 << "";
    QTest::newRow("IPv6 missing port") << "[::1]" << false << "" << 0 << "";
    QTest::newRow("IPv6 unclosed bracket") << "[::1:50051" << false << "" << 0 << "";
    QTest::newRow("IPv6 empty brackets") << "[]:50051" << false << "" << 0 << "";
    QTest::newRow("IPv6 two ::") << "[1::2::3]:50051" << false << "" << 0 << "";
    QTest::newRow("IPv6 not hex") << "[::g]:50051" << false << "" << 0 << "";
    QTest::newRow("brackets around a name") << "[localhost]:50051" << false << "" << 0 << "";
}

void TestServerAddress::parseServerAddress() {
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, canonical);

    const devcoll::app::ServerAddressParse parsed = devcoll::app::parseServerAddress(text);
    QCOMPARE(parsed.address.has_value(), valid);
    if (valid) {
        QCOMPARE(parsed.address->host, host);
        QCOMPARE(int(parsed.address->port), port);
        QCOMPARE(parsed.address->toString(), canonical);
        QVERIFY(parsed.error.isEmpty());
    } else {
        QVERIFY2(!parsed.error.isEmpty(), "a rejected address says why");
    }
}

void TestServerAddress::resolveServerAddress_data() {
    QTest::addColumn<OptionalText>("commandLine");
    QTest::addColumn<OptionalText>("environment");
    QTest::addColumn<OptionalText>("settings");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<ServerAddressSource>("source");
    QTest::addColumn<int>("warnings");

    const OptionalText unset;
    const OptionalText a = QStringLiteral("a.example:1");
    const OptionalText b = QStringLiteral("b.example:2");
    const OptionalText c = QStringLiteral("c.example:3");
    QTest::newRow("nothing set") << unset << unset << unset << kDefault << ServerAddressSource::Default << 0;
    QTest::newRow("command line first") << a << b << c << "a.example:1" << ServerAddressSource::CommandLine << 0;
    QTest::newRow("then environment") << unset << b << c << "b.example:2" << ServerAddressSource::Environment << 0;
    QTest::newRow("then settings") << unset << unset << c << "c.example:3" << ServerAddressSource::Settings << 0;
    QTest::newRow("bad command line, next source") << OptionalText(QStringLiteral("localhost:0")) << b << c
                                                   << "b.example:2" << ServerAddressSource::Environment << 1;
    QTest::newRow("empty command line value")
        << OptionalText(QString()) << unset << unset << kDefault << ServerAddressSource::Default << 1;
    QTest::newRow("every source bad") << OptionalText(QStringLiteral("localhost"))
                                      << OptionalText(QStringLiteral("localhost:70000"))
                                      << OptionalText(QStringLiteral(":50051")) << kDefault
                                      << ServerAddressSource::Default << 3;
}

void TestServerAddress::resolveServerAddress() {
    QFETCH(OptionalText, commandLine);
    QFETCH(OptionalText, environment);
    QFETCH(OptionalText, settings);
    QFETCH(QString, expected);
    QFETCH(ServerAddressSource, source);
    QFETCH(int, warnings);

    const devcoll::app::ResolvedServerAddress resolved =
        devcoll::app::resolveServerAddress(ServerAddressCandidates{commandLine, environment, settings});
    QCOMPARE(resolved.address.toString(), expected);
    QCOMPARE(resolved.source, source);
    QCOMPARE(resolved.warnings.size(), warnings);
}

void TestServerAddress::warningNamesValueSourceAndReason() {
    const devcoll::app::ResolvedServerAddress resolved = devcoll::app::resolveServerAddress(
        ServerAddressCandidates{std::nullopt, QStringLiteral("localhost:70000"), std::nullopt});
    QCOMPARE(resolved.warnings.size(), 1);
    const QString& warning = resolved.warnings.first();
    QVERIFY2(warning.contains(QLatin1String("localhost:70000")), qPrintable(warning));
    QVERIFY2(warning.contains(QLatin1String("DEVCOLL_SERVER")), qPrintable(warning));
    QVERIFY2(warning.contains(QLatin1String("65535")), qPrintable(warning));
}

void TestServerAddress::readServerAddressCandidates_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<OptionalText>("environment");
    QTest::addColumn<OptionalText>("setting");
    QTest::addColumn<OptionalText>("expectedCommandLine");
    QTest::addColumn<OptionalText>("expectedEnvironment");

    const OptionalText unset;
    const QString app = QStringLiteral("devcoll-desktop");
    QTest::newRow("none") << QStringList{app} << unset << unset << unset << unset;
    QTest::newRow("all") << QStringList{app, QStringLiteral("--server"), QStringLiteral("a.example:1")}
                         << OptionalText(QStringLiteral("b.example:2")) << OptionalText(QStringLiteral("c.example:3"))
                         << OptionalText(QStringLiteral("a.example:1")) << OptionalText(QStringLiteral("b.example:2"));
    QTest::newRow("--server=value") << QStringList{app, QStringLiteral("--server=[::1]:50051")} << unset << unset
                                    << OptionalText(QStringLiteral("[::1]:50051")) << unset;
    QTest::newRow("empty environment counts as unset")
        << QStringList{app} << OptionalText(QString()) << unset << unset << unset;
}

void TestServerAddress::readServerAddressCandidates() {
    QFETCH(QStringList, arguments);
    QFETCH(OptionalText, environment);
    QFETCH(OptionalText, setting);
    QFETCH(OptionalText, expectedCommandLine);
    QFETCH(OptionalText, expectedEnvironment);

    QCommandLineParser parser;
    parser.addOption(devcoll::app::serverAddressOption());
    QVERIFY2(parser.parse(arguments), qPrintable(parser.errorText()));

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    QSettings settings(directory.filePath(QStringLiteral("devcoll.ini")), QSettings::IniFormat);
    if (setting) {
        settings.setValue(QLatin1String(devcoll::app::kServerSettingsKey), *setting);
    }
    const ScopedServerEnvironment scopedEnvironment(environment);

    const ServerAddressCandidates candidates = devcoll::app::readServerAddressCandidates(parser, settings);
    QCOMPARE(candidates.commandLine, expectedCommandLine);
    QCOMPARE(candidates.environment, expectedEnvironment);
    QCOMPARE(candidates.settings, setting);
}

QTEST_MAIN(TestServerAddress)
#include "tst_server_address.moc"
