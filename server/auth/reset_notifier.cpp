#include "auth/reset_notifier.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>

#include "devcoll/ids.h"

namespace devcoll::auth {
namespace fs = std::filesystem;

Status MailDirectoryNotifier::send(const ResetMessage& m) {
    std::error_code ec;
    fs::create_directories(m_directory, ec);
    if (ec) return makeError(ErrorCode::Internal, "cannot create " + m_directory + ": " + ec.message());
    const fs::path path = fs::path(m_directory) / (newUuidV7() + ".eml");
    const fs::path tmp = path.string() + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        // The file holds a live secret: readable by the server's user only.
        fs::permissions(tmp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace, ec);
        out << "To: " << m.email << "\r\n"
            << "Subject: Reset your devcoll password\r\n"
            << "Content-Type: text/plain; charset=utf-8\r\n"
            << "X-Devcoll-Reset-Token: " << m.resetToken << "\r\n\r\n"
            << "Hello " << m.username << ",\r\n\r\n"
            << "someone asked to reset the password of your devcoll account. If it was you, enter this\r\n"
            << "code in devcoll within " << m.validMinutes << " minutes:\r\n\r\n    " << m.resetToken << "\r\n\r\n"
            << "If it was not you, ignore this message: your password stays as it is.\r\n";
        if (!out.flush()) return makeError(ErrorCode::Internal, "cannot write " + tmp.string());
    }
    fs::rename(tmp, path, ec);
    if (ec) return makeError(ErrorCode::Internal, "cannot write " + path.string() + ": " + ec.message());
    spdlog::info("password reset mail for {} written to {}", m.email, path.string());
    return {};
}

}  // namespace devcoll::auth
