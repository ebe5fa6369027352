#pragma once
// ServerAddress: which devcoll server the app talks to, and how the app decides. The first of
// these that holds a valid host:port wins:
//   1. the command-line option --server HOST:PORT
//   2. the environment variable DEVCOLL_SERVER
//   3. the setting "server/address" (QSettings)
//   4. the default, 127.0.0.1:50051 (devcoll-server's default listen address)
// A value that is set but not a valid host:port is skipped with a warning naming the value, where
// it came from and what is wrong with it; the next source is tried.
#include <QCommandLineOption>
#include <QString>
#include <QStringList>

#include <optional>

class QCommandLineParser;
class QSettings;

namespace devcoll::app {

inline constexpr char kServerOptionName[] = "server";
inline constexpr char kServerEnvironmentVariable[] = "DEVCOLL_SERVER";
inline constexpr char kServerSettingsKey[] = "server/address";
inline constexpr char kDefaultServerHost[] = "127.0.0.1";
inline constexpr quint16 kDefaultServerPort = 50051;

// A server's address: a host name, an IPv4 address or an IPv6 address (stored without brackets,
// with an optional %zone), and a port from 1 to 65535.
struct ServerAddress final {
    QString host;
    quint16 port = 0;

    static ServerAddress defaultAddress();

    // "host:port", with an IPv6 host in brackets ("[::1]:50051"); also the gRPC target string.
    QString toString() const;

    friend bool operator==(const ServerAddress&, const ServerAddress&) = default;
};

// What parsing one text gave: the address, or a message saying why the text is not one.
struct ServerAddressParse final {
    std::optional<ServerAddress> address;
    QString error;  // empty when address is set
};

// Parses "host:port" ("localhost:50051", "10.0.0.7:443", "[::1]:50051"). Surrounding spaces are
// ignored; everything else must be exact.
ServerAddressParse parseServerAddress(const QString& text);

enum class ServerAddressSource { CommandLine, Environment, Settings, Default };

// Where an address came from, for messages: "the --server option", "the environment variable ...".
QString describeSource(ServerAddressSource source);

// The raw value each source holds; nullopt when the source does not set one.
struct ServerAddressCandidates final {
    std::optional<QString> commandLine;
    std::optional<QString> environment;
    std::optional<QString> settings;
};

struct ResolvedServerAddress final {
    ServerAddress address;
    ServerAddressSource source = ServerAddressSource::Default;
    QStringList warnings;  // one for each value skipped because it is not a valid host:port
};

// The --server option, for the app's QCommandLineParser.
QCommandLineOption serverAddressOption();

// Reads every source: --server from a parser that has serverAddressOption() and has parsed its
// arguments, DEVCOLL_SERVER from the environment (empty counts as unset), and the setting.
ServerAddressCandidates readServerAddressCandidates(const QCommandLineParser& parser, const QSettings& settings);

// Picks the first valid candidate in priority order, else the default.
ResolvedServerAddress resolveServerAddress(const ServerAddressCandidates& candidates);

}  // namespace devcoll::app
