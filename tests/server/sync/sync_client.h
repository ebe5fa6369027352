#pragma once
// What the sync tests use as a client: a stand-in replica that applies changes as the proto
// says a client does, and a Subscribe stream read on a thread of its own.
#include <grpcpp/grpcpp.h>

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "devcoll/sync/v1/sync.grpc.pb.h"
#include "server/test_server.h"

namespace devcoll::test {

namespace sv1 = devcoll::sync::v1;

// A stand-in replica: entities by (kind, id) with their versions, applied the way the proto
// says a client applies changes (skip what is not newer; drop tombstones).
struct Replica final {
    std::map<std::pair<int, std::string>, sv1::Change> entities;
    std::string cursor;

    void apply(const sv1::Change& c) {
        const auto key = std::make_pair(static_cast<int>(c.kind()), c.entity_id());
        if (c.tombstone()) {
            entities.erase(key);
            return;
        }
        const auto it = entities.find(key);
        if (it == entities.end() || it->second.version() <= c.version()) entities[key] = c;
    }
    // A diff for an expired cursor: keep only what its scope names.
    void resync(const sv1::ResyncDiff& diff) {
        std::set<std::pair<int, std::string>> scope;
        for (const auto& ref : diff.scope()) scope.emplace(static_cast<int>(ref.kind()), ref.entity_id());
        std::erase_if(entities, [&](const auto& entry) { return !scope.contains(entry.first); });
    }
    bool has(sv1::EntityKind kind, const std::string& id) const {
        return entities.contains(std::make_pair(static_cast<int>(kind), id));
    }
    std::int64_t version(sv1::EntityKind kind, const std::string& id) const {
        const auto it = entities.find(std::make_pair(static_cast<int>(kind), id));
        return it == entities.end() ? 0 : it->second.version();
    }
    std::set<std::string> ids(sv1::EntityKind kind) const {
        std::set<std::string> out;
        for (const auto& [key, change] : entities) {
            if (key.first == kind) out.insert(key.second);
        }
        return out;
    }
};

// A Subscribe stream read on a thread of its own, as an app would keep it open.
class Stream final {
public:
    Stream(sv1::SyncService::Stub& stub, const TestUser& as, const std::string& cursor) {
        m_ctx.AddMetadata("authorization", "Bearer " + as.accessToken);
        sv1::SubscribeRequest req;
        req.set_cursor(cursor);
        m_reader = stub.Subscribe(&m_ctx, req);
        m_thread = std::thread([this] {
            sv1::SubscribeResponse message;
            while (m_reader->Read(&message)) {
                std::lock_guard lock(m_mutex);
                m_messages.push_back(message);
            }
            const grpc::Status status = m_reader->Finish();
            std::lock_guard lock(m_mutex);
            m_status = status;
            m_finished = true;
        });
    }
    ~Stream() {
        m_ctx.TryCancel();
        m_thread.join();
    }

    std::vector<sv1::SubscribeResponse> messages() const {
        std::lock_guard lock(m_mutex);
        return m_messages;
    }
    bool finished() const {
        std::lock_guard lock(m_mutex);
        return m_finished;
    }
    grpc::Status status() const {
        std::lock_guard lock(m_mutex);
        return m_status;
    }
    // The change for a post, if it arrived.
    std::optional<sv1::Change> post(const std::string& id) const {
        for (const auto& m : messages()) {
            if (m.has_change() && m.change().kind() == sv1::ENTITY_KIND_POST && m.change().entity_id() == id) {
                return m.change();
            }
        }
        return std::nullopt;
    }
    bool has(sv1::SubscribeResponse::EventCase kind) const {
        for (const auto& m : messages()) {
            if (m.event_case() == kind) return true;
        }
        return false;
    }
    // The cursor of the last change or checkpoint received.
    std::string lastCursor() const {
        std::string cursor;
        for (const auto& m : messages()) {
            if (m.has_change()) cursor = m.change().cursor();
            if (m.has_checkpoint()) cursor = m.checkpoint().cursor();
        }
        return cursor;
    }

private:
    grpc::ClientContext m_ctx;
    std::unique_ptr<grpc::ClientReader<sv1::SubscribeResponse>> m_reader;
    std::thread m_thread;
    mutable std::mutex m_mutex;
    std::vector<sv1::SubscribeResponse> m_messages;
    grpc::Status m_status;
    bool m_finished = false;
};

// Pages through a whole snapshot into `replica`; false on an error (with a warning).
bool takeSnapshot(sv1::SyncService::Stub& sync, const TestUser& as, Replica& replica, int pageSize = 0,
                  const std::function<void()>& betweenPages = {});

// Pulls into `replica` (applying a resync diff first if one comes) until nothing more waits;
// the changes seen, in order.
std::vector<sv1::Change> pullAll(sv1::SyncService::Stub& sync, const TestUser& as, Replica& replica,
                                 grpc::Status* status = nullptr);

}  // namespace devcoll::test
