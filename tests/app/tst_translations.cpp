// Every translation file in translations/ is complete: each message has a translation, none is
// left unfinished, and a translation keeps its source's placeholders (%1, %2, ...) and its
// mnemonic (&), so that no German window shows English or a broken sentence. A message with
// %n has a translation for each plural form, and each form is checked.
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>
#include <QXmlStreamReader>

namespace {

QStringList placeholders(const QString& text) {
    static const QRegularExpression placeholder(QStringLiteral("%\\d+"));
    QStringList found;
    for (auto it = placeholder.globalMatch(text); it.hasNext();) found << it.next().captured();
    found.sort();
    return found;
}

}  // namespace

class TestTranslations final : public QObject {
    Q_OBJECT

private slots:
    void everyMessageIsTranslated_data() {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(DEVCOLL_TRANSLATIONS_DIR));
        const QStringList files = dir.entryList({QStringLiteral("*.ts")}, QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QString& f : files) QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void everyMessageIsTranslated() {
        QFETCH(QString, file);
        QFile ts(file);
        QVERIFY(ts.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&ts);
        QString context;
        QString source;
        int messages = 0;
        QStringList problems;
        while (!xml.atEnd()) {
            xml.readNext();
            if (!xml.isStartElement()) continue;
            if (xml.name() == QLatin1String("name")) context = xml.readElementText();
            if (xml.name() == QLatin1String("source")) source = xml.readElementText();
            if (xml.name() != QLatin1String("translation")) continue;
            const QString type = xml.attributes().value(QLatin1String("type")).toString();
            // A message with %n has one form per plural of the language, each checked alone.
            QStringList forms;
            QString text;
            while (xml.readNext() != QXmlStreamReader::EndElement || xml.name() != QLatin1String("translation")) {
                if (xml.atEnd()) break;
                if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) forms << xml.readElementText();
                if (xml.isCharacters()) text += xml.text();
            }
            if (forms.isEmpty()) forms << text;
            ++messages;
            const QString where = context + QStringLiteral(": \"") + source + QLatin1Char('"');
            if (type == QLatin1String("vanished") || type == QLatin1String("obsolete")) continue;
            for (const QString& translation : forms) {
                if (type == QLatin1String("unfinished") || translation.isEmpty()) {
                    problems << QStringLiteral("untranslated ") + where;
                } else if (placeholders(source) != placeholders(translation)) {
                    problems << QStringLiteral("placeholders differ in ") + where;
                } else if (source.contains(QLatin1Char('&')) != translation.contains(QLatin1Char('&'))) {
                    problems << QStringLiteral("mnemonic lost in ") + where;
                }
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 0);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestTranslations)
#include "tst_translations.moc"
