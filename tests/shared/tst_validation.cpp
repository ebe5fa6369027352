// The shared checks of untrusted text: UTF-8, lengths in characters, usernames, e-mail
// addresses and UUIDv7 ids, each at and just past its limits.
#include <QTest>

#include "devcoll/ids.h"
#include "devcoll/validation.h"

using namespace devcoll;

class TestValidation final : public QObject {
    Q_OBJECT

private slots:
    void utf8_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("ascii") << QByteArray("hello") << true;
        QTest::newRow("two-byte") << QByteArray("gr\xc3\xbc\xc3\x9f") << true;
        QTest::newRow("emoji") << QByteArray("\xf0\x9f\x9a\x80") << true;
        QTest::newRow("lone continuation") << QByteArray("\x80") << false;
        QTest::newRow("truncated") << QByteArray("\xe2\x82") << false;
        QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << false;
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
        QTest::newRow("past U+10FFFF") << QByteArray("\xf4\x90\x80\x80") << false;
        QTest::newRow("0xFF byte") << QByteArray("a\xff") << false;
    }
    void utf8() {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QCOMPARE(isValidUtf8(std::string_view(text.constData(), static_cast<std::size_t>(text.size()))), valid);
    }

    void lengthsCountCharactersNotBytes() {
        const std::string sixtyFourUmlauts = [] {
            std::string s;
            for (int i = 0; i < 64; ++i) s += "\xc3\xbc";
            return s;
        }();
        QVERIFY(checkText("display_name", sixtyFourUmlauts, 0, 64).ok());
        QVERIFY(!checkText("display_name", sixtyFourUmlauts + "a", 0, 64).ok());
        const Status control = checkText("bio", "tab\there", 0, 500);
        QVERIFY(!control.ok());
        QCOMPARE(control.error().field, std::string("bio"));
        QVERIFY(checkText("bio", "line\nbreak\ttab", 0, 500, true).ok());
    }

    void usernames_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("3 chars") << "abc" << true;
        QTest::newRow("2 chars") << "ab" << false;
        QTest::newRow("30 chars") << QString(30, 'a') << true;
        QTest::newRow("31 chars") << QString(31, 'a') << false;
        QTest::newRow("underscore digits") << "dev_42" << true;
        QTest::newRow("dash") << "dev-42" << false;
        QTest::newRow("space") << "dev 42" << false;
        QTest::newRow("non-ascii") << QString::fromUtf8("d\xc3\xa9v") << false;
    }
    void usernames() {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(checkUsername("username", name.toStdString()).ok(), valid);
    }

    void emails_data() {
        QTest::addColumn<QString>("email");
        QTest::addColumn<bool>("valid");
        QTest::newRow("plain") << "a@example.com" << true;
        QTest::newRow("plus") << "a+tag@dev.example.org" << true;
        QTest::newRow("no at") << "example.com" << false;
        QTest::newRow("two ats") << "a@b@example.com" << false;
        QTest::newRow("no domain dot") << "a@localhost" << false;
        QTest::newRow("empty local") << "@example.com" << false;
        QTest::newRow("space") << "a b@example.com" << false;
        QTest::newRow("trailing dot") << "a@example." << false;
        QTest::newRow("255 chars") << QString(243, 'a') + "@example.com" << false;
    }
    void emails() {
        QFETCH(QString, email);
        QFETCH(bool, valid);
        QCOMPARE(checkEmail("email", email.toStdString()).ok(), valid);
    }

    void uuidV7() {
        const std::string id = newUuidV7();
        QVERIFY(isUuidV7(id));
        QVERIFY(uuidV7Time(id).has_value());
        QVERIFY(newUuidV7() > id || newUuidV7() != id);
        QVERIFY(!isUuidV7("0190b6c4-7d3e-4a1b-8c2d-3e4f5a6b7c8d"));  // version 4
        QVERIFY(!isUuidV7("0190b6c4-7d3e-7a1b-cc2d-3e4f5a6b7c8d"));  // wrong variant
        QVERIFY(!isUuidV7("0190b6c47d3e7a1b8c2d3e4f5a6b7c8d"));      // no dashes
        QVERIFY(!checkUuidV7("user_id", "").ok());
    }
};

QTEST_APPLESS_MAIN(TestValidation)
#include "tst_validation.moc"
