#include "platform/events/in_process_transport.h"

#include <spdlog/spdlog.h>

#include <atomic>

namespace devcoll::events {

// One event on its way to several subscribers; confirmed when the last one is done.
struct InProcessTransport::Delivery final {
    Envelope envelope;
    std::atomic<int> remaining{0};
    Confirmation confirmed;

    void done() {
        if (remaining.fetch_sub(1) == 1 && confirmed) confirmed();
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
        for (;;) {
            std::shared_ptr<Delivery> next;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [&] { return stopping || !queue.empty(); });
                if (stopping) return;
                next = std::move(queue.front());
                queue.pop_front();
                busy = true;
            }
            // The handler (an EventConsumer) retries and dead-letters by itself; an error that
            // still comes back here means the event stays in the outbox for redelivery.
            if (Status applied = handler(next->envelope); applied.ok()) {
                next->done();
            } else {
                spdlog::warn("{}: event {} not applied, left for redelivery: {}", name, next->envelope.event_id(),
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
