// Search's text rules (shared/devcoll/search_text.h): code-friendly terms, the query language
// read without ever passing user syntax to an engine, and snippets with highlights.
#include <QTest>

#include "devcoll/search_text.h"

using namespace devcoll;
using namespace devcoll::search;

namespace {

QStringList terms(std::string_view text) {
    QStringList out;
    for (const Token& t : tokenize(text)) out << QString::fromStdString(t.term);
    return out;
}

QString describe(const SearchQuery& q) {
    QStringList parts;
    for (const auto& c : q.required) {
        QStringList words;
        for (const auto& t : c.terms) words << QString::fromStdString(t);
        parts << "+" + words.join('_') + (c.prefix ? "*" : "");
    }
    for (const auto& c : q.excluded) {
        QStringList words;
        for (const auto& t : c.terms) words << QString::fromStdString(t);
        parts << "-" + words.join('_');
    }
    for (const auto& u : q.fromUsernames) parts << "from=" + QString::fromStdString(u);
    for (const auto& t : q.tags) parts << "tag=" + QString::fromStdString(t);
    return parts.join(' ');
}

}  // namespace

class TestSearchText final : public QObject {
    Q_OBJECT

private slots:
    void termsAreMadeForCode_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("words fold ASCII case") << "Rust ASYNC await" << QStringList{"rust", "async", "await"};
        QTest::newRow("std::vector") << "use std::vector<int>" << QStringList{"use", "std", "vector", "int"};
        QTest::newRow("snake_case") << "snake_case_name" << QStringList{"snake", "case", "name"};
        QTest::newRow("C++ and C#") << "C++ or C#, F#" << QStringList{"c++", "or", "c#", "f#"};
        QTest::newRow("node.js") << "node.js v20" << QStringList{"node", "js", "v20"};
        QTest::newRow("accents kept") << "Café über" << QStringList{"café", "über"};
        QTest::newRow("CJK one by one") << "東京タワー" << QStringList{"東", "京", "タ", "ワ", "ー"};
        QTest::newRow("emoji are not words") << "ship it 🚀🔥 now" << QStringList{"ship", "it", "now"};
        QTest::newRow("a hashtag is also a word") << "#rust is fun" << QStringList{"rust", "is", "fun"};
        QTest::newRow("nothing") << " ,.;:!? " << QStringList{};
    }
    void termsAreMadeForCode() {
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QCOMPARE(terms(text.toStdString()), expected);
    }

    void tokensKnowWhereTheyAre() {
        const std::string text = "say héllo";
        const auto tokens = tokenize(text);
        QCOMPARE(tokens.size(), std::size_t{2});
        QCOMPARE(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), std::string("héllo"));
    }

    void hashtagsAreFound() {
        const auto tags = hashtags("#Rust and #cpp20, not a#b or ##x; #snake_case again #rust");
        QCOMPARE(tags, (std::vector<std::string>{"#rust", "#cpp20", "#snake_case"}));
        QCOMPARE(indexTerms("#Go time", true), std::string("go time #go"));
    }

    void queriesAreRead_data() {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");
        QTest::newRow("terms; the last a prefix") << "rust asy"
                                                  << "+rust +asy*";
        QTest::newRow("phrase") << "\"exact phrase\" here"
                                << "+exact_phrase +here*";
        QTest::newRow("phrase last is no prefix") << "x \"exact phrase\""
                                                  << "+x +exact_phrase";
        QTest::newRow("exclusion") << "rust -go -\"java script\""
                                   << "+rust -go -java_script";
        QTest::newRow("from and tag") << "from:Ada #Rust async"
                                      << "+async* from=ada tag=#rust";
        QTest::newRow("a code term is a sequence") << "std::vector"
                                                   << "+std_vector*";
        QTest::newRow("colon words are terms") << "note:this"
                                               << "+note_this*";
        QTest::newRow("bad from is a term") << "from:a"
                                            << "+from_a*";
        QTest::newRow("unterminated quote") << "\"open ended"
                                            << "+open_ended";
        QTest::newRow("engine syntax is just words") << "NEAR( OR OR * \" AND"
                                                     << "+near +or +or +and";
        QTest::newRow("only symbols") << "*** !!! ---"
                                      << "";
        QTest::newRow("a lone dash") << "a - b"
                                     << "+a +b*";
        QTest::newRow("excluded tag") << "rust -#go"
                                      << "+rust -#go";
    }
    void queriesAreRead() {
        QFETCH(QString, query);
        QFETCH(QString, expected);
        auto parsed = parseQuery("query", query.toStdString());
        QVERIFY(parsed.ok());
        QCOMPARE(describe(*parsed), expected);
    }

    void badQueriesAreRefused() {
        QVERIFY(!parseQuery("query", std::string(257, 'a')).ok());
        QCOMPARE(parseQuery("query", std::string(257, 'a')).error().field, std::string("query"));
        QVERIFY(!parseQuery("query", std::string("bad \xff utf8")).ok());
        QVERIFY(parseQuery("query", std::string(256, 'a')).ok());
    }

    void enginesGetQuotedTerms() {
        auto q = parseQuery("query", "it's \"c++ rocks\" -go #tag asy");
        QVERIFY(q.ok());
        QCOMPARE(*toFts5(*q, true), std::string("(\"it s\" AND \"c++ rocks\" AND \"asy\" * AND \"#tag\") NOT \"go\""));
        QCOMPARE(*toTsQuery(*q, true), std::string("('it' <-> 's') & ('c++' <-> 'rocks') & 'asy':* & '#tag' & !'go'"));
        QVERIFY(!toFts5(*parseQuery("query", "-only"), true).has_value());
        // Users have no tags: a tag-only query asks nothing of them.
        QVERIFY(!toTsQuery(*parseQuery("query", "#rust"), false).has_value());
        QCOMPARE(toTsVector("Go go #go", true), std::string("'#go':4 'go':1,2,3"));
    }

    void snippetsShowTheMatch() {
        const std::string body =
            "# Title\n\nSome words before the interesting part, quite a lot of them, really a great many words "
            "here to push the match away from the start of the text, and then **tokio** runs the async "
            "runtime.\n```rust\nfn main() {}\n```\nThe end.";
        auto q = parseQuery("query", "tokio asy");
        QVERIFY(q.ok());
        const Highlighted h = snippet(body, *q, 120);
        QVERIFY2(h.text.rfind("\u2026", 0) == 0, h.text.c_str());  // cut at the start
        QVERIFY(h.text.find("**") == std::string::npos);
        QVERIFY(h.text.find("```") == std::string::npos);
        QCOMPARE(h.highlights.size(), std::size_t{2});
        const auto [b0, e0] = h.highlights[0];
        QCOMPARE(h.text.substr(b0, e0 - b0), std::string("tokio"));
        const auto [b1, e1] = h.highlights[1];
        QCOMPARE(h.text.substr(b1, e1 - b1), std::string("async"));
        // A tag that matched is marked too.
        const Highlighted tagged = snippet("learning #rust today", *parseQuery("query", "#rust"), 200);
        QCOMPARE(tagged.highlights.size(), std::size_t{1});
        QCOMPARE(tagged.text.substr(tagged.highlights[0].first, 4), std::string("rust"));
        // Short bodies come whole.
        QCOMPARE(snippet("just *this*", *parseQuery("query", "this"), 200).text, std::string("just this"));
    }
};

QTEST_GUILESS_MAIN(TestSearchText)
#include "tst_search_text.moc"
