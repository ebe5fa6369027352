// devcoll-server: parses the command line, sets up logging, starts the server and stops it
// gracefully on SIGTERM or SIGINT (finish calls in flight, drain the outbox, exit 0).
#include <signal.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <thread>

#include "admin_command.h"
#include "devcoll_server.h"
#include "health_command.h"
#include "platform/config.h"
#include "platform/logging.h"
#include "platform/security/key_store.h"
#include "reindex_command.h"
#include "sync_status_command.h"

int main(int argc, char** argv) {
    devcoll::CommandLine commandLine = devcoll::parseCommandLine(argc, argv);
    if (!commandLine.config) return commandLine.exitCode;
    const devcoll::Config& config = *commandLine.config;
    devcoll::setupLogging(config.logFormat, config.logLevel);

    if (commandLine.rotateKeys) {
        auto kid = devcoll::security::KeyStore::rotate(config.effectiveKeysDir(), config.accessTokenLifetime);
        if (!kid.ok()) {
            std::cerr << "devcoll-server: " << kid.error().message << "\n";
            return 1;
        }
        std::cout << "new signing key " << *kid << " in " << config.effectiveKeysDir() << "\n";
        return 0;
    }

    if (commandLine.reindex) return devcoll::runReindex(config, *commandLine.reindex);
    if (commandLine.admin) return devcoll::runAdmin(config, *commandLine.admin);
    if (commandLine.syncStatus) return devcoll::runSyncStatus(config, *commandLine.syncStatus);
    if (commandLine.health) {
        return devcoll::runHealth(*commandLine.health, commandLine.healthService, commandLine.healthWait);
    }

    // Signals are taken synchronously by one thread, so shutdown runs outside a signal handler.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    auto server = devcoll::DevcollServer::start(config);
    if (!server.ok()) {
        spdlog::critical("cannot start: {}", server.error().message);
        return 1;
    }
    std::thread signalWaiter([&] {
        int signal = 0;
        sigwait(&signals, &signal);
        spdlog::info("received {}, shutting down", signal == SIGTERM ? "SIGTERM" : "SIGINT");
        (*server)->shutdown();
    });
    (*server)->wait();
    signalWaiter.join();
    return 0;
}
