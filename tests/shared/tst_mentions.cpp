// The mention rules the server notifies by and the app links by: whole usernames after an `@`
// that starts a word, outside code.
#include <QTest>

#include "devcoll/mentions.h"

using namespace devcoll;

class TestMentions final : public QObject {
    Q_OBJECT

    static QStringList names(std::string_view text) {
        QStringList out;
        for (const Mention& m : findMentions(text)) out << QString::fromStdString(m.username);
        return out;
    }

private Q_SLOTS:
    void findsWholeNamesThatStartAWord() {
        QCOMPARE(names("@ann"), QStringList{"ann"});
        QCOMPARE(names("hi @ann, @Bob_2 and (@cat)."), (QStringList{"ann", "Bob_2", "cat"}));
        QCOMPARE(names("line one\n@dan on line two"), QStringList{"dan"});
        const auto found = findMentions("so @ann!");
        QCOMPARE(found.size(), std::size_t{1});
        QCOMPARE(found[0].offset, std::size_t{3});
        QCOMPARE(found[0].length, std::size_t{4});
    }

    void skipsWhatIsNotAName() {
        QCOMPARE(names("ann@example.com"), QStringList{});  // an e-mail address
        QCOMPARE(names("@@ann"), QStringList{});
        QCOMPARE(names("see https://example.social/@ann"), QStringList{});  // a URL's path
        QCOMPARE(names("@ab"), QStringList{});                              // too short for a username
        QCOMPARE(names("@" + std::string(31, 'a')), QStringList{});         // too long
        QCOMPARE(names("@ @- @"), QStringList{});
        QCOMPARE(names("@ann-lee"), QStringList{"ann"});  // '-' ends a name
    }

    void codeMentionsNobody() {
        QCOMPARE(names("use `@Override` here, @ann"), QStringList{"ann"});
        QCOMPARE(names("``a ` @x_y_z``, @bob"), QStringList{"bob"});
        QCOMPARE(names("```java\n@Override\nvoid f();\n```\n@cat"), QStringList{"cat"});
        QCOMPARE(names("~~~\n@inside\n~~~"), QStringList{});
        QCOMPARE(names("an unmatched ` @dan"), QStringList{"dan"});
        QCOMPARE(names("Java:\n\n    @Override\n    void f();\n\nthanks @eve"), QStringList{"eve"});
        QCOMPARE(names("    @Override at the start"), QStringList{});
        // Indented without a blank line before it, a line continues the paragraph.
        QCOMPARE(names("see\n    @fay here"), QStringList{"fay"});
    }

    void usernamesAreDistinctLowerCaseAndLimited() {
        const auto all = mentionedUsernames("@Ann @ann @BOB @cat", 10);
        QCOMPARE(all, (std::vector<std::string>{"ann", "bob", "cat"}));
        QCOMPARE(mentionedUsernames("@ann @bob @cat", 2), (std::vector<std::string>{"ann", "bob"}));
        QVERIFY(mentionedUsernames("no one", 10).empty());
    }
};

QTEST_GUILESS_MAIN(TestMentions)
#include "tst_mentions.moc"
