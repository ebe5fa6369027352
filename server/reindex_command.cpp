#include "reindex_command.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <iostream>
#include <map>

#include "devcoll/search/v1/search.grpc.pb.h"
#include "operator_session.h"

namespace devcoll {
namespace {

namespace sv1 = devcoll::search::v1;

// Long enough for a rebuild of millions of posts (the token is forwarded with every page the
// search service fetches), and it never leaves this process and the server.
constexpr auto kOperatorTokenLifetime = std::chrono::hours(2);
constexpr auto kPrintInterval = std::chrono::seconds(1);

const char* phaseName(sv1::ReindexPhase phase) {
    switch (phase) {
        case sv1::REINDEX_PHASE_USERS:
            return "users";
        case sv1::REINDEX_PHASE_FOLLOWS:
            return "follows";
        case sv1::REINDEX_PHASE_POSTS:
            return "posts";
        case sv1::REINDEX_PHASE_CLEANUP:
            return "stale entries checked";
        default:
            return "done";
    }
}

void printProgress(const sv1::ReindexResponse& p) {
    std::cout << "  " << phaseName(p.phase());
    if (p.phase() == sv1::REINDEX_PHASE_CLEANUP) {
        std::cout << std::endl;
        return;
    }
    std::cout << ": " << p.done();
    if (p.total() > 0)
        std::cout << " of " << p.total() << " (" << (100 * std::min(p.done(), p.total()) / p.total()) << " %)";
    std::cout << std::endl;
}

int fail(const std::string& message) {
    std::cerr << "devcoll-server reindex: " << message << "\n";
    return 1;
}

}  // namespace

int runReindex(const Config& config, const OperatorCommand& command) {
    auto session = OperatorSession::open(config, command, kOperatorTokenLifetime);
    if (!session.ok()) return fail(session.error().message);
    auto stub = sv1::SearchService::NewStub(session->channel());
    grpc::ClientContext context;
    session->authorize(context);
    std::cout << "rebuilding the search index of " << command.server << std::endl;
    const auto started = std::chrono::steady_clock::now();
    auto reader = stub->Reindex(&context, sv1::ReindexRequest());
    // A line when a phase is complete, and one a second while a long phase runs.
    sv1::ReindexResponse progress;
    sv1::ReindexResponse last;
    auto printedAt = started;
    std::map<sv1::ReindexPhase, std::int64_t> indexed;
    while (reader->Read(&progress)) {
        indexed[progress.phase()] = progress.done();
        const auto now = std::chrono::steady_clock::now();
        if (last.phase() != sv1::REINDEX_PHASE_UNSPECIFIED && progress.phase() != last.phase()) {
            printProgress(last);
            printedAt = now;
        } else if (now - printedAt >= kPrintInterval) {
            printProgress(progress);
            printedAt = now;
        }
        last = progress;
    }
    const grpc::Status status = reader->Finish();
    if (!status.ok()) return fail(status.error_message());
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "search index rebuilt in " << static_cast<int>(seconds + 0.5)
              << " s: " << indexed[sv1::REINDEX_PHASE_USERS] << " users, " << indexed[sv1::REINDEX_PHASE_FOLLOWS]
              << " follows, " << indexed[sv1::REINDEX_PHASE_POSTS] << " posts; " << indexed[sv1::REINDEX_PHASE_DONE]
              << " stale entries removed" << std::endl;
    return 0;
}

}  // namespace devcoll
