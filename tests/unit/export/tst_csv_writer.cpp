// Unit tests of the streaming CSV/TSV writer: RFC 4180 quoting, formula escaping, typed cells.
#include "export/csv_writer.h"
#include "model/result_table.h"

#include <QBuffer>
#include <QTest>

using namespace hogscope;
using namespace Qt::StringLiterals;

namespace {

std::shared_ptr<const model::ResultTable> tableOf(const QStringList& texts)
{
    model::ResultTableBuilder builder;
    for (const QString& text : texts) {
        builder.beginRow();
        const QByteArray utf8 = text.toUtf8();
        builder.appendText(std::string_view(utf8.constData(), size_t(utf8.size())));
        builder.endRow();
    }
    std::vector<model::ColumnInfo> columns(1);
    columns[0].name = u"value"_s;
    columns[0].type = model::ColumnType::String;
    builder.setColumns(columns);
    return builder.finish();
}

QByteArray writeAll(const model::ResultTable& table, exporting::CsvOptions options)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    exporting::CsvWriter writer(options);
    const bool ok = writer.write(table, &buffer);
    if (!ok)
        qWarning() << writer.errorString();
    return ok ? buffer.data() : QByteArray("<failed>");
}

} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void quoting_data()
    {
        QTest::addColumn<QString>("cell");
        QTest::addColumn<bool>("escapeFormulas");
        QTest::addColumn<QByteArray>("csv");
        QTest::newRow("plain") << u"hello"_s << true << QByteArray("hello");
        QTest::newRow("comma") << u"a,b"_s << true << QByteArray("\"a,b\"");
        QTest::newRow("quote") << u"say \"hi\""_s << true << QByteArray("\"say \"\"hi\"\"\"");
        QTest::newRow("newline") << u"two\nlines"_s << true << QByteArray("\"two\nlines\"");
        QTest::newRow("carriage return") << u"a\rb"_s << true << QByteArray("\"a\rb\"");
        QTest::newRow("formula") << u"=HYPERLINK(\"x\")"_s << true
                                 << QByteArray("\"'=HYPERLINK(\"\"x\"\")\"");
        QTest::newRow("plus") << u"+1"_s << true << QByteArray("'+1");
        QTest::newRow("minus text") << u"-cmd"_s << true << QByteArray("'-cmd");
        QTest::newRow("at") << u"@SUM(A1)"_s << true << QByteArray("'@SUM(A1)");
        QTest::newRow("formula unescaped") << u"=1+2"_s << false << QByteArray("=1+2");
        QTest::newRow("utf8") << u"café ☕"_s << true << QByteArray("caf\xc3\xa9 \xe2\x98\x95");
        QTest::newRow("empty") << QString() << true << QByteArray();
    }
    void quoting()
    {
        QFETCH(QString, cell);
        QFETCH(bool, escapeFormulas);
        QFETCH(QByteArray, csv);
        exporting::CsvOptions options;
        options.escapeFormulas = escapeFormulas;
        const auto table = tableOf({cell});
        QCOMPARE(writeAll(*table, options), QByteArray("value\r\n") + csv + "\r\n");
    }

    void typedCells()
    {
        model::ResultTableBuilder builder;
        builder.beginRow();
        builder.appendInteger(-5);
        builder.appendFloat(0.1);
        builder.appendBool(true);
        builder.appendText("2026-05-02T12:11:12.5+02:00");
        builder.appendNull();
        builder.appendJson(R"({"k":"a,b"})");
        builder.endRow();
        std::vector<model::ColumnInfo> columns(6);
        const model::ColumnType types[] = {model::ColumnType::Integer, model::ColumnType::Float,
                                           model::ColumnType::Boolean, model::ColumnType::DateTime,
                                           model::ColumnType::String,  model::ColumnType::Json};
        for (int i = 0; i < 6; ++i) {
            columns[size_t(i)].name = u"c%1"_s.arg(i);
            columns[size_t(i)].type = types[i];
        }
        builder.setColumns(columns);
        const auto table = builder.finish();
        QVERIFY(table);
        // -5 is a number, not a formula; the JSON is quoted for its comma but not formula-escaped.
        QCOMPARE(writeAll(*table, exporting::CsvOptions::csv()),
                 QByteArray("c0,c1,c2,c3,c4,c5\r\n-5,0.1,true,2026-05-02T10:11:12.500Z,,\"{\"\"k\"\":\"\"a,"
                            "b\"\"}\"\r\n"));
    }

    void tsv()
    {
        const auto table = tableOf({u"a\tb"_s, u"plain, with comma"_s});
        QCOMPARE(writeAll(*table, exporting::CsvOptions::tsv()),
                 QByteArray("value\r\n\"a\tb\"\r\nplain, with comma\r\n"));
    }

    void noHeader()
    {
        exporting::CsvOptions options;
        options.header = false;
        options.lineEnding = "\n";
        QCOMPARE(writeAll(*tableOf({u"x"_s, u"y"_s}), options), QByteArray("x\ny\n"));
    }

    void streamsLargeTablesAndReportsProgress()
    {
        QStringList texts;
        for (int i = 0; i < 20000; ++i)
            texts << u"row %1 with some text to make it longer than a few bytes"_s.arg(i);
        const auto table = tableOf(texts);
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        exporting::CsvWriter writer;
        int calls = 0;
        int last = 0;
        QVERIFY(writer.write(*table, &buffer, [&](int done, int total) {
            ++calls;
            last = done;
            return total == 20000;
        }));
        QVERIFY(calls >= 4);
        QCOMPARE(last, 20000);
        QCOMPARE(buffer.data().count('\n'), 20001);
        QVERIFY(buffer.data().endsWith("row 19999 with some text to make it longer than a few bytes\r\n"));
    }

    void cancelStops()
    {
        QStringList texts;
        for (int i = 0; i < 10000; ++i)
            texts << u"v"_s;
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        exporting::CsvWriter writer;
        QVERIFY(!writer.write(*tableOf(texts), &buffer, [](int, int) { return false; }));
        QVERIFY(writer.errorString().contains(u"cancelled"_s));
    }

    void closedDeviceFails()
    {
        QBuffer buffer;
        exporting::CsvWriter writer;
        QVERIFY(!writer.write(*tableOf({u"x"_s}), &buffer));
        QVERIFY(!writer.errorString().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csv_writer.moc"
