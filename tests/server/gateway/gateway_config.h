#pragma once
// The test server's configuration with the HTTP gateway on an ephemeral loopback port.
#include "server/test_server.h"

namespace devcoll::test {

inline Config gatewayConfig() {
    Config config = TestServer::defaultConfig();
    config.http.listen = "127.0.0.1:0";
    config.http.corsOrigins = {"https://app.example.org"};
    config.http.maxBodyBytes = 64 * 1024;
    return config;
}

}  // namespace devcoll::test
