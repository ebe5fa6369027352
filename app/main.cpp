// devcoll-desktop: the wiring root of the desktop app. It reads the command line, installs the
// translation, decides which server to talk to, shows the main window and signs in.
#include "net/secret_store.h"
#include "server_address.h"
#include "views/main_window.h"
#include "views/settings_dialog.h"
#include "views/sign_in_flow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

#include <cstdio>
#include <cstdlib>
#include <optional>

#ifndef DEVCOLL_VERSION
#error "DEVCOLL_VERSION must be defined by the build"
#endif

namespace {

using devcoll::app::MainWindow;

constexpr char kLanguageOptionName[] = "lang";
constexpr char kTranslationsPath[] = ":/i18n";

QCommandLineOption languageOption() {
    return QCommandLineOption(
        QString::fromLatin1(kLanguageOptionName),
        QCoreApplication::translate(
            "main", "Show the user interface in <language> (for example de or en) instead of the system language."),
        QCoreApplication::translate("main", "language"));
}

void addOptions(QCommandLineParser& parser) {
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "devcoll: a local-first social network for developers."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(devcoll::app::serverAddressOption());
    parser.addOption(languageOption());
}

// The language asked for with --lang, read before the real parse so that --help is already
// translated. Mistakes on the command line are reported by the real parse, not here.
std::optional<QString> requestedLanguage(const QStringList& arguments) {
    QCommandLineParser parser;
    addOptions(parser);
    (void)parser.parse(arguments);
    const QString name = QString::fromLatin1(kLanguageOptionName);
    return parser.isSet(name) ? std::optional<QString>(parser.value(name)) : std::nullopt;
}

// Installs Qt's own translation (standard buttons, --help) and devcoll's for the locale. English,
// the source language, needs no translation; asking for a language devcoll lacks is a warning.
void installTranslations(QCoreApplication& app, const QLocale& locale, bool requested, QTranslator& qtTranslator,
                         QTranslator& appTranslator) {
    if (qtTranslator.load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        app.installTranslator(&qtTranslator);
    }
    if (appTranslator.load(locale, QStringLiteral("devcoll"), QStringLiteral("_"),
                           QString::fromLatin1(kTranslationsPath))) {
        app.installTranslator(&appTranslator);
    } else if (requested && locale.language() != QLocale::English) {
        qWarning().noquote() << QCoreApplication::translate("main", "devcoll has no translation for %1; using English.")
                                    .arg(QLocale::languageToString(locale.language()));
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("devcoll"));
    QCoreApplication::setApplicationName(QStringLiteral("devcoll-desktop"));
    QCoreApplication::setApplicationVersion(QStringLiteral(DEVCOLL_VERSION));
    QGuiApplication::setApplicationDisplayName(QStringLiteral("devcoll"));
    QGuiApplication::setDesktopFileName(QStringLiteral("devcoll-desktop"));

    Q_INIT_RESOURCE(devcoll);  // the icons live in the static library devcoll_app_core
    QGuiApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/devcoll.svg")));

    QTranslator qtTranslator;
    QTranslator appTranslator;
    QLocale locale;
    bool languageRequested = false;
    // --lang first, then the language chosen in the settings, then the system's.
    std::optional<QString> language = requestedLanguage(QCoreApplication::arguments());
    if (!language) {
        const QString chosen = QSettings().value(QLatin1String(devcoll::app::kLanguageSettingsKey)).toString();
        if (!chosen.isEmpty()) language = chosen;
    }
    if (language) {
        const QLocale requested(*language);
        if (requested.language() == QLocale::C) {
            qWarning().noquote() << QCoreApplication::translate("main",
                                                                "Unknown language \"%1\"; using the system language.")
                                        .arg(*language);
        } else {
            locale = requested;
            languageRequested = true;
            QLocale::setDefault(locale);
        }
    }
    installTranslations(app, locale, languageRequested, qtTranslator, appTranslator);

    QCommandLineParser parser;
    addOptions(parser);
    parser.process(app);  // exits on --help, --version and unknown options
    if (const QStringList extra = parser.positionalArguments(); !extra.isEmpty()) {
        const QString message =
            QCoreApplication::translate("main", "Unexpected argument \"%1\"; see --help.").arg(extra.first());
        std::fprintf(stderr, "%s: %s\n", qPrintable(QCoreApplication::applicationName()), qPrintable(message));
        return EXIT_FAILURE;
    }

    const QSettings settings;
    const devcoll::app::ResolvedServerAddress server =
        devcoll::app::resolveServerAddress(devcoll::app::readServerAddressCandidates(parser, settings));
    for (const QString& warning : server.warnings) {
        qWarning().noquote() << warning;
    }
    if (!server.warnings.isEmpty()) {
        qWarning().noquote() << QCoreApplication::translate("main", "Using the server at %1 from %2.")
                                    .arg(server.address.toString(), devcoll::app::describeSource(server.source));
    }

    MainWindow window(server.address);
    window.show();
    // The remembered session, or the sign-in dialog; then the account's feed from its replica.
    devcoll::app::KeychainSecretStore keychain(QStringLiteral("devcoll"));
    devcoll::app::SignInFlow flow(window, server.address, keychain);
    flow.start();
    return QApplication::exec();
}
