// `devcoll-server admin export`: one account's data for a data-portability request, on both
// engines. The export holds what the account made and what was done about it (profile,
// follows, posts with earlier versions, comments, likes, images with their bytes, sessions,
// reports filed, moderation actions), nothing secret and nothing of other people's; bad
// requests are refused with nothing written.
#include <QTest>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "data_export.h"
#include "devcoll/moderation/v1/moderation.grpc.pb.h"
#include "devcoll/notification/v1/notification.grpc.pb.h"
#include "server/media/media_client.h"
#include "server/media/test_images.h"
#include "server/test_server.h"

using namespace devcoll;
using namespace devcoll::test;
namespace fs = std::filesystem;
namespace dv1 = devcoll::moderation::v1;
namespace pv1 = devcoll::post::v1;
using nlohmann::json;

namespace {

const BackupProgress quiet = [](const std::string&) {};

std::string fileText(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

class TestExport final : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<TestServer> m_server;
    QTemporaryDir m_scratch;

private Q_SLOTS:
    void initTestCase() {
        m_server = std::make_unique<TestServer>();
        QVERIFY2(m_server->ok(), qPrintable(m_server->error()));
    }

    void anExportHoldsTheAccountsDataAndNothingElse() {
        TestUser ada = m_server->newUser("ada");
        TestUser grace = m_server->newUser("grace");
        QVERIFY(m_server->follow(grace, ada));
        QVERIFY(m_server->follow(ada, grace));
        const UploadOutcome picture = uploadMedia(*m_server, ada, encodedImage(64, 48, ".png"));
        QVERIFY2(picture.status.ok(), qPrintable(describe(picture.status)));
        pv1::CreatePostRequest withPicture;
        withPicture.set_body("first words");
        withPicture.add_media_ids(picture.media.id());
        pv1::CreatePostResponse created;
        QVERIFY(m_server->posts().CreatePost(TestServer::as(ada).get(), withPicture, &created).ok());
        pv1::UpdatePostRequest edit;
        edit.mutable_post()->set_id(created.post().id());
        edit.mutable_post()->set_body("second thoughts");
        edit.mutable_update_mask()->add_paths("body");
        edit.set_expected_version(created.post().version());
        pv1::UpdatePostResponse edited;
        const grpc::Status editStatus = m_server->posts().UpdatePost(TestServer::as(ada).get(), edit, &edited);
        QVERIFY2(editStatus.ok(), qPrintable(describe(editStatus)));
        const std::string hiddenId = m_server->createPost(ada, "to be hidden").id();
        const pv1::Post gracesPost = m_server->createPost(grace, "grace's own words, not ada's");
        pv1::CreateCommentRequest comment;
        comment.set_post_id(gracesPost.id());
        comment.set_body("a comment by ada");
        pv1::CreateCommentResponse commented;
        QVERIFY(m_server->posts().CreateComment(TestServer::as(ada).get(), comment, &commented).ok());
        pv1::LikePostRequest like;
        like.set_post_id(gracesPost.id());
        pv1::LikePostResponse liked;
        QVERIFY(m_server->posts().LikePost(TestServer::as(ada).get(), like, &liked).ok());
        auto moderation = dv1::ModerationService::NewStub(m_server->channel());
        dv1::ReportContentRequest report;
        report.mutable_subject()->set_kind(dv1::SUBJECT_KIND_POST);
        report.mutable_subject()->set_id(gracesPost.id());
        report.set_reason(dv1::REPORT_REASON_OTHER);
        report.set_note("ada's note");
        dv1::ReportContentResponse reported;
        QVERIFY(moderation->ReportContent(TestServer::as(ada).get(), report, &reported).ok());
        TestUser moderator = m_server->newUserWithRole("mod", "moderator");
        // A report about ada that a moderator dismissed: a note between moderators, not hers.
        dv1::ReportContentRequest aboutAda;
        aboutAda.mutable_subject()->set_kind(dv1::SUBJECT_KIND_USER);
        aboutAda.mutable_subject()->set_id(ada.id);
        aboutAda.set_reason(dv1::REPORT_REASON_OTHER);
        dv1::ReportContentResponse reportedAda;
        QVERIFY(moderation->ReportContent(TestServer::as(grace).get(), aboutAda, &reportedAda).ok());
        dv1::DismissReportRequest dismiss;
        dismiss.set_report_id(reportedAda.report().id());
        dismiss.set_reason("grace reports everyone");
        dv1::DismissReportResponse dismissed;
        QVERIFY(moderation->DismissReport(TestServer::as(moderator).get(), dismiss, &dismissed).ok());
        dv1::HidePostRequest hide;
        hide.set_post_id(hiddenId);
        hide.set_reason("Off topic");
        dv1::HidePostResponse hidden;
        QVERIFY(moderation->HidePost(TestServer::as(moderator).get(), hide, &hidden).ok());
        pv1::GetPostRequest get;
        get.set_post_id(hiddenId);
        QTRY_VERIFY(([&] {
            pv1::GetPostResponse got;
            return m_server->posts().GetPost(TestServer::as(ada).get(), get, &got).ok() && got.post().hidden();
        }()));

        auto notifications = devcoll::notification::v1::NotificationService::NewStub(m_server->channel());
        devcoll::notification::v1::UpdateNotificationPreferencesRequest quieter;
        auto* preference = quieter.add_preferences();
        preference->set_kind(devcoll::notification::v1::NOTIFICATION_KIND_LIKE);
        preference->set_delivery(devcoll::notification::v1::DELIVERY_IN_APP);
        devcoll::notification::v1::UpdateNotificationPreferencesResponse quieted;
        QVERIFY(notifications->UpdateNotificationPreferences(TestServer::as(ada).get(), quieter, &quieted).ok());

        const fs::path target = m_scratch.filePath("ada").toStdString();
        std::vector<std::string> steps;
        const Status done =
            exportAccount(m_server->config(), ada.username, target, [&](const std::string& s) { steps.push_back(s); });
        QVERIFY2(done.ok(), done.ok() ? "" : done.error().message.c_str());
        QCOMPARE(steps.size(), std::size_t{5});
        const std::string text = fileText(target / "export.json");
        const json out = json::parse(text, nullptr, false);
        QVERIFY2(!out.is_discarded(), text.c_str());
        QCOMPARE(fs::status(target / "export.json").permissions() & fs::perms::others_read, fs::perms::none);

        QCOMPARE(out["format"].get<std::string>(), "devcoll-export-1");
        QCOMPARE(out["account"]["id"].get<std::string>(), ada.id);
        QCOMPARE(out["account"]["username"].get<std::string>(), ada.username);
        QCOMPARE(out["account"]["email"].get<std::string>(), ada.email);
        QCOMPARE(out["profile"]["display_name"].get<std::string>(), out["account"]["display_name"].get<std::string>());
        QVERIFY(!out["sessions"].empty());
        QCOMPARE(out["following"].size(), std::size_t{1});
        QCOMPARE(out["following"][0]["username"].get<std::string>(), grace.username);
        QCOMPARE(out["followers"].size(), std::size_t{1});
        QCOMPARE(out["followers"][0]["user_id"].get<std::string>(), grace.id);

        QCOMPARE(out["posts"].size(), std::size_t{2});
        const json& first = out["posts"][0];
        QCOMPARE(first["id"].get<std::string>(), created.post().id());
        QCOMPARE(first["body"].get<std::string>(), "second thoughts");
        QCOMPARE(first["visibility"].get<std::string>(), "VISIBILITY_PUBLIC");
        QVERIFY(first["media_ids"] == json::array({picture.media.id()}));
        QVERIFY(first["revisions"].size() >= 2);
        QCOMPARE(first["revisions"][0]["body"].get<std::string>(), "first words");
        QCOMPARE(out["posts"][1]["hidden"].get<bool>(), true);
        QCOMPARE(out["posts"][1]["hidden_reason"].get<std::string>(), "Off topic");

        QCOMPARE(out["comments"].size(), std::size_t{1});
        QCOMPARE(out["comments"][0]["body"].get<std::string>(), "a comment by ada");
        QCOMPARE(out["likes"].size(), std::size_t{1});
        QCOMPARE(out["likes"][0]["post_id"].get<std::string>(), gracesPost.id());

        QCOMPARE(out["media"].size(), std::size_t{1});
        const json& image = out["media"][0];
        QCOMPARE(image["id"].get<std::string>(), picture.media.id());
        const DownloadOutcome original = downloadMedia(*m_server, ada, picture.media.id());
        QVERIFY(original.status.ok());
        QCOMPARE(fileText(target / image["file"].get<std::string>()), original.bytes);

        QCOMPARE(out["reports_filed"].size(), std::size_t{1});
        QCOMPARE(out["reports_filed"][0]["reason"].get<std::string>(), "REPORT_REASON_OTHER");
        QCOMPARE(out["reports_filed"][0]["note"].get<std::string>(), "ada's note");
        QCOMPARE(out["moderation_actions"].size(), std::size_t{1});
        QCOMPARE(out["moderation_actions"][0]["kind"].get<std::string>(), "ACTION_KIND_HIDE_POST");
        QCOMPARE(out["moderation_actions"][0]["reason"].get<std::string>(), "Off topic");
        QCOMPARE(out["notification_preferences"].size(), std::size_t{1});
        QCOMPARE(out["notification_preferences"][0]["kind"].get<std::string>(), "NOTIFICATION_KIND_LIKE");
        QCOMPARE(out["notification_preferences"][0]["delivery"].get<std::string>(), "DELIVERY_IN_APP");

        // Nothing secret, nothing of grace's own, no moderator named.
        QVERIFY(text.find("password_hash") == std::string::npos);
        QVERIFY(text.find("$argon2") == std::string::npos);
        QVERIFY(text.find("grace's own words") == std::string::npos);
        QVERIFY(text.find(moderator.id) == std::string::npos);
        QVERIFY(text.find("token") == std::string::npos);
        QVERIFY(text.find("grace reports everyone") == std::string::npos);
    }

    void badRequestsAreRefusedWithNothingWritten() {
        TestUser someone = m_server->newUser("someone");
        const fs::path target = m_scratch.filePath("refused").toStdString();
        Status refused = exportAccount(m_server->config(), "nobody-has-this-name", target, quiet);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, ErrorCode::NotFound);
        QVERIFY(!fs::exists(target));
        refused = exportAccount(m_server->config(), "", target, quiet);
        QCOMPARE(refused.error().code, ErrorCode::InvalidArgument);

        // A target that holds anything is refused, and is left as it was.
        fs::create_directories(target);
        std::ofstream(target / "keep.txt") << "mine";
        refused = exportAccount(m_server->config(), someone.email, target, quiet);
        QCOMPARE(refused.error().code, ErrorCode::FailedPrecondition);
        QCOMPARE(fileText(target / "keep.txt"), "mine");
        QVERIFY(!fs::exists(target / "export.json"));

        // A wrong data dir is an error, not a new empty deployment.
        if (!m_server->postgres()) {
            Config wrong = m_server->config();
            wrong.dataDir = m_scratch.filePath("no-such-data").toStdString();
            refused = exportAccount(wrong, someone.username, m_scratch.filePath("x").toStdString(), quiet);
            QCOMPARE(refused.error().code, ErrorCode::NotFound);
            QVERIFY(refused.error().message.find("--data-dir") != std::string::npos);
            QVERIFY(!fs::exists(wrong.dataDir));
        }
    }
};

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
