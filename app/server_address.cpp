#include "server_address.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>

namespace devcoll::app {

namespace {

constexpr qsizetype kMaxHostNameLength = 253;

ServerAddressParse failure(QString error) { return ServerAddressParse{std::nullopt, std::move(error)}; }

QString missingPortError() {
    return QCoreApplication::translate("ServerAddress",
                                       "the port is missing; write host:port, for example 127.0.0.1:50051");
}

// A DNS name (labels of letters, digits, '-' and '_', at most 63 characters each, optionally
// ending in '.') or an IPv4 address, which has the same shape.
bool isHostName(const QString& host) {
    static const QRegularExpression pattern(QStringLiteral(
        R"(^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$)"));
    return host.size() <= kMaxHostNameLength && pattern.match(host).hasMatch();
}

// An IPv6 address as written between the brackets, with an optional zone ("fe80::1%eth0").
bool isIpv6Address(const QString& host) {
    const qsizetype percent = host.indexOf(u'%');
    const QString address = percent < 0 ? host : host.left(percent);
    if (percent >= 0) {
        static const QRegularExpression zone(QStringLiteral(R"(^[A-Za-z0-9._~-]+$)"));
        if (!zone.match(host.mid(percent + 1)).hasMatch()) {
            return false;
        }
    }
    static const QRegularExpression characters(QStringLiteral(R"(^[0-9A-Fa-f:.]+$)"));
    if (!address.contains(u':') || !characters.match(address).hasMatch()) {
        return false;
    }
    QUrl url;  // QUrl knows every valid IPv6 form: "::", "::ffff:1.2.3.4", "2001:db8::1"
    url.setHost(u'[' + address + u']', QUrl::StrictMode);
    return url.isValid() && !url.host().isEmpty();
}

// The port: ASCII digits only (no sign, no spaces), 1 to 65535.
std::optional<quint16> parsePort(const QString& text) {
    static const QRegularExpression digits(QStringLiteral(R"(^[0-9]{1,5}$)"));
    if (!digits.match(text).hasMatch()) {
        return std::nullopt;
    }
    const uint value = text.toUInt();
    if (value < 1 || value > 65535) {
        return std::nullopt;
    }
    return static_cast<quint16>(value);
}

}  // namespace

ServerAddress ServerAddress::defaultAddress() {
    return ServerAddress{QString::fromLatin1(kDefaultServerHost), kDefaultServerPort};
}

QString ServerAddress::toString() const {
    const QString portText = QString::number(port);
    return host.contains(u':') ? QStringLiteral("[%1]:%2").arg(host, portText)
                               : QStringLiteral("%1:%2").arg(host, portText);
}

ServerAddressParse parseServerAddress(const QString& text) {
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty()) {
        return failure(QCoreApplication::translate("ServerAddress", "the address is empty"));
    }

    QString host;
    QString portText;
    bool bracketed = false;
    if (trimmed.startsWith(u'[')) {
        const qsizetype close = trimmed.indexOf(u']');
        if (close < 0) {
            return failure(
                QCoreApplication::translate("ServerAddress", "the \"[\" of an IPv6 address has no closing \"]\""));
        }
        host = trimmed.mid(1, close - 1);
        const QString rest = trimmed.mid(close + 1);
        if (!rest.startsWith(u':')) {
            return failure(missingPortError());
        }
        portText = rest.mid(1);
        bracketed = true;
    } else {
        const qsizetype colon = trimmed.lastIndexOf(u':');
        if (colon < 0) {
            return failure(missingPortError());
        }
        host = trimmed.left(colon);
        portText = trimmed.mid(colon + 1);
    }

    if (host.isEmpty()) {
        return failure(QCoreApplication::translate(
            "ServerAddress", "the host is missing; write host:port, for example 127.0.0.1:50051"));
    }
    if (!bracketed && host.contains(u':')) {
        return failure(
            QCoreApplication::translate("ServerAddress", "an IPv6 address needs brackets, as in [::1]:50051"));
    }
    if (bracketed && !isIpv6Address(host)) {
        return failure(QCoreApplication::translate("ServerAddress", "\"%1\" is not a valid IPv6 address").arg(host));
    }
    if (!bracketed && !isHostName(host)) {
        return failure(
            QCoreApplication::translate("ServerAddress", "\"%1\" is not a valid host name or IPv4 address").arg(host));
    }
    if (portText.isEmpty()) {
        return failure(missingPortError());
    }
    const std::optional<quint16> port = parsePort(portText);
    if (!port) {
        return failure(QCoreApplication::translate("ServerAddress", "the port must be a number from 1 to 65535"));
    }
    return ServerAddressParse{ServerAddress{host, *port}, {}};
}

// Each phrase follows "from" in the messages "Ignoring the server address ... from %2" and
// "Using the server at %1 from %2"; the translator comments say so.
QString describeSource(ServerAddressSource source) {
    switch (source) {
        case ServerAddressSource::CommandLine:
            //: Follows "from" in "Ignoring the server address ... from %2". %1 is the option name, server.
            return QCoreApplication::translate("ServerAddress", "the option --%1")
                .arg(QLatin1String(kServerOptionName));
        case ServerAddressSource::Environment:
            //: Follows "from" in "Ignoring the server address ... from %2". %1 is DEVCOLL_SERVER.
            return QCoreApplication::translate("ServerAddress", "the environment variable %1")
                .arg(QLatin1String(kServerEnvironmentVariable));
        case ServerAddressSource::Settings:
            //: Follows "from" in "Ignoring the server address ... from %2". %1 is the settings key, server/address.
            return QCoreApplication::translate("ServerAddress", "the setting %1")
                .arg(QLatin1String(kServerSettingsKey));
        case ServerAddressSource::Default:
            break;
    }
    //: Follows "from" in "Using the server at %1 from %2".
    return QCoreApplication::translate("ServerAddress", "the default");
}

QCommandLineOption serverAddressOption() {
    return QCommandLineOption(
        QString::fromLatin1(kServerOptionName),
        QCoreApplication::translate("ServerAddress",
                                    "Talk to the devcoll server at <host:port>, for example 127.0.0.1:50051 or "
                                    "[::1]:50051. Without it: the environment variable %1, else the setting %2, "
                                    "else %3.")
            .arg(QLatin1String(kServerEnvironmentVariable), QLatin1String(kServerSettingsKey),
                 ServerAddress::defaultAddress().toString()),
        QCoreApplication::translate("ServerAddress", "host:port"));
}

ServerAddressCandidates readServerAddressCandidates(const QCommandLineParser& parser, const QSettings& settings) {
    ServerAddressCandidates candidates;
    const QString option = QString::fromLatin1(kServerOptionName);
    if (parser.isSet(option)) {
        candidates.commandLine = parser.value(option);
    }
    if (!qEnvironmentVariableIsEmpty(kServerEnvironmentVariable)) {
        candidates.environment = qEnvironmentVariable(kServerEnvironmentVariable);
    }
    const QString key = QString::fromLatin1(kServerSettingsKey);
    if (settings.contains(key)) {
        candidates.settings = settings.value(key).toString();
    }
    return candidates;
}

ResolvedServerAddress resolveServerAddress(const ServerAddressCandidates& candidates) {
    struct Candidate {
        ServerAddressSource source;
        const std::optional<QString>& value;
    };
    const Candidate ordered[] = {
        {ServerAddressSource::CommandLine, candidates.commandLine},
        {ServerAddressSource::Environment, candidates.environment},
        {ServerAddressSource::Settings, candidates.settings},
    };

    ResolvedServerAddress resolved{ServerAddress::defaultAddress(), ServerAddressSource::Default, {}};
    for (const Candidate& candidate : ordered) {
        if (!candidate.value) {
            continue;
        }
        ServerAddressParse parsed = parseServerAddress(*candidate.value);
        if (parsed.address) {
            resolved.address = std::move(*parsed.address);
            resolved.source = candidate.source;
            return resolved;
        }
        resolved.warnings << QCoreApplication::translate("ServerAddress",
                                                         "Ignoring the server address \"%1\" from %2: %3.")
                                 .arg(*candidate.value, describeSource(candidate.source), parsed.error);
    }
    return resolved;
}

}  // namespace devcoll::app
