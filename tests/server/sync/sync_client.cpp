#include "server/sync/sync_client.h"

#include <QtGlobal>

namespace devcoll::test {

bool takeSnapshot(sv1::SyncService::Stub& sync, const TestUser& as, Replica& replica, int pageSize,
                  const std::function<void()>& betweenPages) {
    sv1::SnapshotRequest req;
    req.set_page_size(pageSize);
    for (;;) {
        sv1::SnapshotResponse resp;
        const grpc::Status status = sync.Snapshot(TestServer::as(as).get(), req, &resp);
        if (!status.ok()) {
            qWarning("Snapshot: %s", qPrintable(describe(status)));
            return false;
        }
        for (const auto& c : resp.changes()) {
            if (c.tombstone()) return false;  // a snapshot holds upserts only
            replica.apply(c);
        }
        if (resp.next_page_token().empty()) {
            replica.cursor = resp.cursor();
            return !replica.cursor.empty();
        }
        req.set_page_token(resp.next_page_token());
        if (betweenPages) betweenPages();
    }
}

std::vector<sv1::Change> pullAll(sv1::SyncService::Stub& sync, const TestUser& as, Replica& replica,
                                 grpc::Status* status) {
    std::vector<sv1::Change> seen;
    for (;;) {
        sv1::PullRequest req;
        req.set_cursor(replica.cursor);
        req.set_limit(50);
        sv1::PullResponse resp;
        const grpc::Status s = sync.Pull(TestServer::as(as).get(), req, &resp);
        if (status) *status = s;
        if (!s.ok()) return seen;
        if (resp.has_resync()) replica.resync(resp.resync());
        for (const auto& c : resp.changes()) {
            replica.apply(c);
            seen.push_back(c);
        }
        replica.cursor = resp.next_cursor();
        if (!resp.has_more()) return seen;
    }
}

}  // namespace devcoll::test
