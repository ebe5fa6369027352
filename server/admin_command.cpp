#include "admin_command.h"

#include <google/protobuf/util/time_util.h>

#include <sys/stat.h>

#include <iomanip>
#include <iostream>

#include "data_backup.h"
#include "data_export.h"
#include "devcoll/auth/v1/auth.grpc.pb.h"
#include "devcoll/ids.h"
#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/post/v1/post.grpc.pb.h"
#include "devcoll/sync/v1/sync.grpc.pb.h"
#include "devcoll/user/v1/user.grpc.pb.h"
#include "devcoll/validation.h"
#include "operator_session.h"

namespace devcoll {
namespace {

namespace av1 = devcoll::auth::v1;
namespace mv1 = devcoll::moderation::v1;
namespace uv1 = devcoll::user::v1;
using google::protobuf::util::TimeUtil;

constexpr auto kOperatorTokenLifetime = std::chrono::minutes(5);
constexpr auto kCallTimeout = std::chrono::seconds(30);

int fail(const AdminCommand& command, const std::string& message) {
    std::cerr << "devcoll-server admin " << command.action << ": " << message << "\n";
    return 1;
}

// Calls one service of the server as the operator.
class Admin final {
public:
    Admin(const Config& config, const AdminCommand& command) : m_config(config), m_command(command) {}

    Result<OperatorSession> session(const std::string& service) const {
        const auto peer = m_config.peers.find(service);
        return OperatorSession::open(m_config, {peer == m_config.peers.end() ? m_command.server : peer->second},
                                     kOperatorTokenLifetime);
    }

    static std::unique_ptr<grpc::ClientContext> context(const OperatorSession& session) {
        auto context = std::make_unique<grpc::ClientContext>();
        session.authorize(*context);
        context->set_deadline(std::chrono::system_clock::now() + kCallTimeout);
        return context;
    }

    // A user id for an id or a username.
    Result<std::string> userId(const std::string& account) const {
        if (checkUuidV7("account", account).ok()) return account;
        if (!checkUsername("account", account).ok()) {
            return makeError(ErrorCode::InvalidArgument, "'" + account + "' is neither a user id nor a username");
        }
        DEVCOLL_TRY(OperatorSession users, session("user"));
        uv1::GetUserByUsernameRequest request;
        request.set_username(account);
        uv1::GetUserByUsernameResponse response;
        const grpc::Status status =
            uv1::UserService::NewStub(users.channel())->GetUserByUsername(context(users).get(), request, &response);
        if (!status.ok()) return makeError(ErrorCode::NotFound, "no user " + account + ": " + status.error_message());
        return response.user().id();
    }

private:
    const Config& m_config;
    const AdminCommand& m_command;
};

std::string roles(const google::protobuf::RepeatedPtrField<std::string>& list) {
    std::string out;
    for (const auto& r : list) out += (out.empty() ? "" : ", ") + r;
    return out;
}

int changeRole(const Admin& admin, const AdminCommand& command, bool granted) {
    auto auth = admin.session("auth");
    if (!auth.ok()) return fail(command, auth.error().message);
    auto stub = av1::AuthService::NewStub(auth->channel());
    grpc::Status status;
    std::string userId;
    std::string now;
    if (granted) {
        av1::GrantRoleRequest request;
        request.set_account(command.account);
        request.set_role(command.role);
        av1::GrantRoleResponse response;
        status = stub->GrantRole(Admin::context(*auth).get(), request, &response);
        userId = response.user_id();
        now = roles(response.roles());
    } else {
        av1::RevokeRoleRequest request;
        request.set_account(command.account);
        request.set_role(command.role);
        av1::RevokeRoleResponse response;
        status = stub->RevokeRole(Admin::context(*auth).get(), request, &response);
        userId = response.user_id();
        now = roles(response.roles());
    }
    if (!status.ok()) return fail(command, status.error_message());
    std::cout << userId << " now holds: " << now << " (from its next sign-in or token refresh)\n";
    return 0;
}

int createUser(const Admin& admin, const AdminCommand& command) {
    std::string password;
    if (command.passwordStdin) {
        std::getline(std::cin, password);
    } else {
        password = randomHex(12);  // 96 bits, shown once
    }
    auto auth = admin.session("auth");
    if (!auth.ok()) return fail(command, auth.error().message);
    av1::RegisterRequest request;
    request.set_username(command.account);
    request.set_email(command.email);
    request.set_display_name(command.displayName);
    request.set_password(password);
    request.set_device_name("devcoll-server admin");
    av1::RegisterResponse response;
    const grpc::Status status =
        av1::AuthService::NewStub(auth->channel())->Register(Admin::context(*auth).get(), request, &response);
    if (!status.ok()) return fail(command, status.error_message());
    std::cout << "created " << response.user().username() << " with id " << response.user().id() << "\n";
    if (!command.passwordStdin) std::cout << "password: " << password << "\n";
    if (command.role.empty()) return 0;
    AdminCommand grant = command;
    grant.account = response.user().id();
    return changeRole(admin, grant, true);
}

int suspend(const Admin& admin, const AdminCommand& command, bool suspended) {
    auto userId = admin.userId(command.account);
    if (!userId.ok()) return fail(command, userId.error().message);
    auto moderation = admin.session("moderation");
    if (!moderation.ok()) return fail(command, moderation.error().message);
    auto stub = mv1::ModerationService::NewStub(moderation->channel());
    grpc::Status status;
    mv1::Action action;
    if (suspended) {
        mv1::SuspendUserRequest request;
        request.set_user_id(*userId);
        request.set_reason(command.reason);
        if (command.days > 0) {
            *request.mutable_until() =
                TimeUtil::GetCurrentTime() + TimeUtil::SecondsToDuration(std::int64_t{command.days} * 24 * 3600);
        }
        mv1::SuspendUserResponse response;
        status = stub->SuspendUser(Admin::context(*moderation).get(), request, &response);
        action = response.action();
    } else {
        mv1::UnsuspendUserRequest request;
        request.set_user_id(*userId);
        request.set_reason(command.reason);
        mv1::UnsuspendUserResponse response;
        status = stub->UnsuspendUser(Admin::context(*moderation).get(), request, &response);
        action = response.action();
    }
    if (!status.ok()) return fail(command, status.error_message());
    std::cout << (suspended ? "suspended " : "lifted the suspension of ") << *userId;
    if (action.has_suspended_until()) std::cout << " until " << TimeUtil::ToString(action.suspended_until());
    std::cout << " (audit log entry " << action.id() << ")\n";
    return 0;
}

int listReports(const Admin& admin, const AdminCommand& command) {
    auto moderation = admin.session("moderation");
    if (!moderation.ok()) return fail(command, moderation.error().message);
    auto stub = mv1::ModerationService::NewStub(moderation->channel());
    mv1::ListReportsRequest request;
    request.set_state(command.state == "resolved" ? mv1::REPORT_STATE_RESOLVED : mv1::REPORT_STATE_OPEN);
    if (command.kind != "all") {
        request.set_kind(command.kind == "post" ? mv1::SUBJECT_KIND_POST : mv1::SUBJECT_KIND_USER);
    }
    int printed = 0;
    std::cout << std::left << std::setw(37) << "REPORT" << std::setw(6) << "KIND" << std::setw(11) << "COMPLAINTS"
              << std::setw(22) << "OPENED"
              << "SUBJECT\n";
    do {
        request.set_page_size(std::min(100, command.limit - printed));
        mv1::ListReportsResponse response;
        const grpc::Status status = stub->ListReports(Admin::context(*moderation).get(), request, &response);
        if (!status.ok()) return fail(command, status.error_message());
        for (const auto& r : response.reports()) {
            std::cout << std::setw(37) << r.id() << std::setw(6)
                      << (r.subject().kind() == mv1::SUBJECT_KIND_POST ? "post" : "user") << std::setw(11)
                      << r.complaints_size() << std::setw(22) << TimeUtil::ToString(r.created_at()).substr(0, 19)
                      << r.subject().id() << " " << r.subject_excerpt().substr(0, 60) << "\n";
            ++printed;
        }
        request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty() && printed < command.limit);
    std::cout << printed << " report" << (printed == 1 ? "" : "s") << "\n";
    return 0;
}

// The counts of one service's operator listing (its total_size), or the reason it failed.
template <typename Call>
std::string total(const Admin& admin, const std::string& service, Call call) {
    auto session = admin.session(service);
    if (!session.ok()) return "unknown (" + session.error().message + ")";
    std::string out;
    const grpc::Status status = call(*session, out);
    return status.ok() ? out : "unknown (" + service + " service: " + status.error_message() + ")";
}

int stats(const Admin& admin) {
    namespace pv1 = devcoll::post::v1;
    namespace sv1 = devcoll::sync::v1;
    const std::string accounts = total(admin, "user", [](const OperatorSession& s, std::string& out) {
        uv1::ListAllUsersRequest request;
        request.set_page_size(1);
        uv1::ListAllUsersResponse response;
        const auto status =
            uv1::UserService::NewStub(s.channel())->ListAllUsers(Admin::context(s).get(), request, &response);
        out = std::to_string(response.total_size());
        return status;
    });
    const std::string follows = total(admin, "user", [](const OperatorSession& s, std::string& out) {
        uv1::ListAllFollowsRequest request;
        request.set_page_size(1);
        uv1::ListAllFollowsResponse response;
        const auto status =
            uv1::UserService::NewStub(s.channel())->ListAllFollows(Admin::context(s).get(), request, &response);
        out = std::to_string(response.total_size());
        return status;
    });
    const std::string posts = total(admin, "post", [](const OperatorSession& s, std::string& out) {
        pv1::ListAllPostsRequest request;
        request.set_page_size(1);
        pv1::ListAllPostsResponse response;
        const auto status =
            pv1::PostService::NewStub(s.channel())->ListAllPosts(Admin::context(s).get(), request, &response);
        out = std::to_string(response.total_size());
        return status;
    });
    // The queue has no count of its own: paged through, up to a limit worth reading.
    const std::string reports = total(admin, "moderation", [](const OperatorSession& s, std::string& out) {
        constexpr int kCountUpTo = 10'000;
        auto stub = mv1::ModerationService::NewStub(s.channel());
        mv1::ListReportsRequest request;
        request.set_page_size(100);
        int count = 0;
        grpc::Status status;
        do {
            mv1::ListReportsResponse response;
            status = stub->ListReports(Admin::context(s).get(), request, &response);
            count += response.reports_size();
            request.set_page_token(response.next_page_token());
        } while (status.ok() && !request.page_token().empty() && count < kCountUpTo);
        out = std::to_string(count) + (request.page_token().empty() ? "" : "+");
        return status;
    });
    const std::string streams = total(admin, "sync", [](const OperatorSession& s, std::string& out) {
        sv1::GetSyncStatusResponse response;
        const auto status = sv1::SyncService::NewStub(s.channel())
                                ->GetSyncStatus(Admin::context(s).get(), sv1::GetSyncStatusRequest(), &response);
        out = std::to_string(response.open_streams()) + " (" + std::to_string(response.streaming_users()) + " users)";
        return status;
    });
    std::cout << "accounts:      " << accounts << "\n"
              << "follows:       " << follows << "\n"
              << "posts:         " << posts << " (not deleted)\n"
              << "open reports:  " << reports << "\n"
              << "sync streams:  " << streams << "\n";
    return 0;
}

}  // namespace

int runAdmin(const Config& config, const AdminCommand& command) {
    if (command.action == "backup" || command.action == "restore") {
        const auto progress = [](const std::string& step) { std::cout << step << std::endl; };
        // What it writes holds password hashes and keys: for the owner alone.
        ::umask(077);
        const Status done = command.action == "backup" ? backUp(config, command.path, progress)
                                                       : restore(config, command.path, progress);
        if (!done.ok()) return fail(command, done.error().message);
        std::cout << (command.action == "backup" ? "backup complete in " : "restore complete from ") << command.path
                  << "\n";
        return 0;
    }
    if (command.action == "export") {
        ::umask(077);  // a person's data: for the operator alone
        const Status done = exportAccount(config, command.account, command.path,
                                          [](const std::string& step) { std::cout << step << std::endl; });
        if (!done.ok()) return fail(command, done.error().message);
        std::cout << "export complete in " << command.path << " (export.json)\n";
        return 0;
    }
    const Admin admin(config, command);
    if (command.action == "create-user") return createUser(admin, command);
    if (command.action == "grant-role") return changeRole(admin, command, true);
    if (command.action == "revoke-role") return changeRole(admin, command, false);
    if (command.action == "suspend") return suspend(admin, command, true);
    if (command.action == "unsuspend") return suspend(admin, command, false);
    if (command.action == "list-reports") return listReports(admin, command);
    if (command.action == "stats") return stats(admin);
    return fail(command, "unknown command");
}

}  // namespace devcoll
