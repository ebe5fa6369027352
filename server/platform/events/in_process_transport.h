#pragma once
// The embedded default's transport: each subscribing service gets its own thread and FIFO
// queue, so a slow or failing consumer never holds up another, and the events of one
// aggregate are applied in the order they were published.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "platform/events/event_transport.h"

namespace devcoll::events {

class InProcessTransport final : public EventTransport {
public:
    InProcessTransport();
    ~InProcessTransport() override;
    InProcessTransport(const InProcessTransport&) = delete;
    InProcessTransport& operator=(const InProcessTransport&) = delete;

    void publish(const Envelope& envelope, Confirmation confirmed) override;
    void subscribe(const std::string& consumer, std::set<int> types, Handler handler) override;
    bool idle() const override;
    void stop() override;

private:
    struct Delivery;
    struct Subscriber;

    mutable std::mutex m_mutex;
    std::vector<std::unique_ptr<Subscriber>> m_subscribers;
    bool m_stopped = false;
};

}  // namespace devcoll::events
