#include "platform/events/in_process_transport.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <vector>

namespace devcoll::events {

// One event on its way to several subscribers; confirmed when the last one is done.
struct InProcessTransport::Delivery final {
    Envelope envelope;
    std::atomic<int> remaining{0};
    Confirmation confirmed;

    void done() {
        if (remaining.fetch_sub(1) == 1 && confirmed) confirmed(true);
    }
};

struct InProcessTransport::Subscriber final {
    std::string name;
    std::set<int> types;
    Handler handler;
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::shared_ptr<Delivery>> queue;
    bool busy = false;
    bool stopping = false;
    std::thread thread;

    void run() {
        // What queued up while the last batch was applied goes together, up to this many.
        constexpr std::size_t kMaxBatch = 64;
        for (;;) {
            std::vector<std::shared_ptr<Delivery>> batch;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [&] { return stopping || !queue.empty(); });
                if (stopping) return;
                while (!queue.empty() && batch.size() < kMaxBatch) {
                    batch.push_back(std::move(queue.front()));
                    queue.pop_front();
                }
                busy = true;
            }
            std::vector<const Envelope*> envelopes;
            for (const auto& d : batch) envelopes.push_back(&d->envelope);
            // The handler (an EventConsumer) retries and dead-letters by itself; an error that
            // still comes back here means the events stay in the outbox for redelivery.
            if (Status applied = handler(envelopes); applied.ok()) {
                for (const auto& d : batch) d->done();
            } else {
                spdlog::warn("{}: {} events not applied, left for redelivery: {}", name, batch.size(),
                             applied.error().message);
            }
            std::lock_guard lock(mutex);
            busy = false;
        }
    }
};

InProcessTransport::InProcessTransport() = default;
InProcessTransport::~InProcessTransport() { stop(); }

void InProcessTransport::publish(const Envelope& envelope, Confirmation confirmed) {
    auto delivery = std::make_shared<Delivery>();
    delivery->envelope = envelope;
    delivery->confirmed = std::move(confirmed);
    std::vector<Subscriber*> targets;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped) return;
        for (auto& s : m_subscribers) {
            if (s->types.contains(envelope.type())) targets.push_back(s.get());
        }
    }
    delivery->remaining = static_cast<int>(targets.size()) + 1;  // +1 held by this function
    for (Subscriber* s : targets) {
        {
            std::lock_guard lock(s->mutex);
            s->queue.push_back(delivery);
        }
        s->wake.notify_one();
    }
    delivery->done();
}

void InProcessTransport::subscribe(const std::string& consumer, std::set<int> types, Handler handler) {
    auto s = std::make_unique<Subscriber>();
    s->name = consumer;
    s->types = std::move(types);
    s->handler = std::move(handler);
    Subscriber* raw = s.get();
    std::lock_guard lock(m_mutex);
    m_subscribers.push_back(std::move(s));
    raw->thread = std::thread([raw] { raw->run(); });
}

bool InProcessTransport::idle() const {
    std::lock_guard lock(m_mutex);
    for (const auto& s : m_subscribers) {
        std::lock_guard inner(s->mutex);
        if (s->busy || !s->queue.empty()) return false;
    }
    return true;
}

void InProcessTransport::stop() {
    std::vector<Subscriber*> all;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopped) return;
        m_stopped = true;
        for (auto& s : m_subscribers) all.push_back(s.get());
    }
    for (Subscriber* s : all) {
        {
            std::lock_guard lock(s->mutex);
            s->stopping = true;
        }
        s->wake.notify_all();
    }
    for (Subscriber* s : all) {
        if (s->thread.joinable()) s->thread.join();
    }
}

}  // namespace devcoll::events
