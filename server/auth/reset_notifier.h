#pragma once
// ResetNotifier: how a password reset token reaches its owner. The embedded default writes
// each message as an .eml file into <data-dir>/outbox-mail/ (and says so in the log) for an
// operator to relay; a deployment with a mail server plugs in its own implementation.
#include <string>

#include "devcoll/result.h"

namespace devcoll::auth {

struct ResetMessage final {
    std::string email;
    std::string username;
    std::string resetToken;
    int validMinutes = 30;
};

class ResetNotifier {
public:
    virtual ~ResetNotifier() = default;
    virtual Status send(const ResetMessage& message) = 0;
};

class MailDirectoryNotifier final : public ResetNotifier {
public:
    explicit MailDirectoryNotifier(std::string directory) : m_directory(std::move(directory)) {}
    Status send(const ResetMessage& message) override;

private:
    std::string m_directory;
};

}  // namespace devcoll::auth
