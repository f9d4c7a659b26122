// Unit tests of the JSON / JSON Lines writer (typed values, escaping, unique keys) and of the XLSX
// writer (a real zip holding xl/worksheets/sheet1.xml with typed cells, frozen header, autofilter,
// formula escaping), read back with `unzip`.
#include "export/json_writer.h"
#include "export/xlsx_writer.h"
#include "model/result_table.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace hogscope;
using namespace Qt::StringLiterals;

namespace {

// id Integer | name String | score Float | ok Boolean | ts DateTime | day Date | tags Json
std::shared_ptr<const model::ResultTable> sampleTable()
{
    model::ResultTableBuilder builder;
    builder.beginRow();
    builder.appendInteger(42);
    builder.appendText("alice \"al\"\nsecond line\x01");
    builder.appendFloat(0.5);
    builder.appendBool(true);
    builder.appendText("2026-03-01T12:34:56.789Z");
    builder.appendText("2026-03-01");
    builder.appendJson(R"(["a",{"b":1}])");
    builder.endRow();
    builder.beginRow();
    builder.appendInteger(4611686018427387904LL); // 2^62: beyond a double's exact integers
    builder.appendText("=SUM(A1:A2)");
    builder.appendFloat(std::numeric_limits<double>::quiet_NaN());
    builder.appendBool(false);
    builder.appendText("2026-03-02T00:00:00Z");
    builder.appendText("1899-12-31"); // before Excel's calendar: stays text
    builder.appendNull();
    builder.endRow();
    builder.beginRow();
    builder.appendInteger(-7);
    builder.appendText("café ☕");
    builder.appendNull();
    builder.appendNull();
    builder.appendNull();
    builder.appendNull();
    builder.appendJson("{}");
    builder.endRow();
    const struct
    {
        const char* name;
        model::ColumnType type;
    } columns[] = {{"id", model::ColumnType::Integer},  {"name", model::ColumnType::String},
                   {"score", model::ColumnType::Float}, {"ok", model::ColumnType::Boolean},
                   {"ts", model::ColumnType::DateTime}, {"day", model::ColumnType::Date},
                   {"tags", model::ColumnType::Json}};
    std::vector<model::ColumnInfo> infos;
    for (const auto& column : columns) {
        model::ColumnInfo info;
        info.name = QString::fromLatin1(column.name);
        info.type = column.type;
        infos.push_back(info);
    }
    builder.setColumns(infos);
    return builder.finish();
}

QByteArray writeJson(const model::ResultTable& table, exporting::JsonOptions options)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    exporting::JsonWriter writer(options);
    if (!writer.write(table, &buffer)) {
        qWarning() << writer.errorString();
        return "<failed>";
    }
    return buffer.data();
}

// `unzip -p FILE MEMBER`, or the listing with member empty.
QByteArray unzip(const QString& file, const QString& member)
{
    QProcess process;
    process.start(u"unzip"_s,
                  member.isEmpty() ? QStringList{u"-l"_s, file} : QStringList{u"-p"_s, file, member});
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        qWarning() << "unzip failed:" << process.readAllStandardError();
        return QByteArray();
    }
    return process.readAllStandardOutput();
}

} // namespace

class TestJsonXlsxWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (QStandardPaths::findExecutable(u"unzip"_s).isEmpty())
            QSKIP("unzip is not installed");
    }

    void jsonArrayHasTypedValues()
    {
        const auto table = sampleTable();
        QVERIFY(table);
        const QByteArray json = writeJson(*table, exporting::JsonOptions::array());
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(json, &error);
        QVERIFY2(error.error == QJsonParseError::NoError,
                 qPrintable(error.errorString() + u'\n' + QString::fromUtf8(json)));
        QVERIFY(document.isArray());
        const QJsonArray rows = document.array();
        QCOMPARE(rows.size(), 3);

        const QJsonObject first = rows[0].toObject();
        QCOMPARE(first.keys(),
                 (QStringList{u"day"_s, u"id"_s, u"name"_s, u"ok"_s, u"score"_s, u"tags"_s, u"ts"_s}));
        QVERIFY(first[u"id"_s].isDouble());
        QCOMPARE(first[u"id"_s].toInteger(), 42);
        QCOMPARE(first[u"name"_s].toString(), u"alice \"al\"\nsecond line\x01"_s);
        QCOMPARE(first[u"score"_s].toDouble(), 0.5);
        QCOMPARE(first[u"ok"_s], QJsonValue(true));
        QCOMPARE(first[u"ts"_s].toString(), u"2026-03-01T12:34:56.789Z"_s);
        QCOMPARE(first[u"day"_s].toString(), u"2026-03-01"_s);
        QVERIFY(first[u"tags"_s].isArray()); // nested JSON stays JSON, not a string
        QCOMPARE(first[u"tags"_s].toArray()[1].toObject()[u"b"_s].toInt(), 1);

        const QJsonObject second = rows[1].toObject();
        QVERIFY(second[u"score"_s].isNull()); // NaN has no JSON form
        QCOMPARE(second[u"ok"_s], QJsonValue(false));
        QVERIFY(second[u"tags"_s].isNull());
        // Exact digits in the text even where a double reader would round them.
        QVERIFY(json.contains("\"id\":4611686018427387904"));
        QVERIFY(json.contains("\\u0001"));
        QCOMPARE(rows[2].toObject()[u"name"_s].toString(), u"café ☕"_s);
        QVERIFY(rows[2].toObject()[u"tags"_s].isObject());
        // One row object a line: diff- and grep-friendly.
        QCOMPARE(json.count('\n'), 5);
        QVERIFY(json.startsWith("[\n{\"id\":42,"));
        QVERIFY(json.endsWith("}\n]\n"));
    }

    void jsonLines()
    {
        const auto table = sampleTable();
        const QByteArray out = writeJson(*table, exporting::JsonOptions::lines());
        const QList<QByteArray> lines = out.split('\n');
        QCOMPARE(lines.size(), 4); // three rows and the empty piece after the last newline
        QVERIFY(lines.last().isEmpty());
        for (int i = 0; i < 3; ++i) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(lines[i], &error);
            QVERIFY2(document.isObject(), lines[i].constData());
        }
        QCOMPARE(QJsonDocument::fromJson(lines[2]).object()[u"id"_s].toInt(), -7);
    }

    void jsonEmptyTableAndDuplicateNames()
    {
        model::ResultTableBuilder empty;
        std::vector<model::ColumnInfo> columns(1);
        columns[0].name = u"x"_s;
        empty.setColumns(columns);
        const auto none = empty.finish();
        QVERIFY(none);
        QCOMPARE(writeJson(*none, exporting::JsonOptions::array()), QByteArray("[]\n"));
        QCOMPARE(writeJson(*none, exporting::JsonOptions::lines()), QByteArray());

        model::ResultTableBuilder builder;
        builder.beginRow();
        builder.appendInteger(1);
        builder.appendInteger(2);
        builder.appendInteger(3);
        builder.endRow();
        std::vector<model::ColumnInfo> same(3);
        for (auto& column : same)
            column.name = u"count()"_s;
        builder.setColumns(same);
        const auto table = builder.finish();
        QVERIFY(table);
        QCOMPARE(exporting::JsonWriter::keysFor(*table),
                 (QStringList{u"count()"_s, u"count()_2"_s, u"count()_3"_s}));
        QCOMPARE(writeJson(*table, exporting::JsonOptions::lines()),
                 QByteArray("{\"count()\":1,\"count()_2\":2,\"count()_3\":3}\n"));
    }

    void xlsxIsAZipWithTypedCells_data()
    {
        QTest::addColumn<bool>("escapeFormulas");
        QTest::newRow("escaped") << true;
        QTest::newRow("raw") << false;
    }
    void xlsxIsAZipWithTypedCells()
    {
        QFETCH(bool, escapeFormulas);
        const auto table = sampleTable();
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"result.xlsx"_s);
        exporting::XlsxOptions options;
        options.escapeFormulas = escapeFormulas;
        exporting::XlsxWriter writer(options);
        QVERIFY2(writer.write(*table, path), qPrintable(writer.errorString()));

        const QByteArray listing = unzip(path, QString());
        QVERIFY2(listing.contains("xl/worksheets/sheet1.xml"), listing.constData());
        QVERIFY(listing.contains("xl/workbook.xml"));
        const QString sheet = QString::fromUtf8(unzip(path, u"xl/worksheets/sheet1.xml"_s));
        QVERIFY(!sheet.isEmpty());

        // Frozen header and filter buttons over the whole range (7 columns A..G, header + 3 rows).
        QVERIFY2(sheet.contains(u"state=\"frozen\""_s), qPrintable(sheet.left(2000)));
        QVERIFY(sheet.contains(u"ySplit=\"1\""_s));
        QVERIFY(sheet.contains(u"<autoFilter ref=\"A1:G4\"/>"_s));
        // Header strings (written inline in constant-memory mode).
        for (const QString& name : {u"id"_s, u"name"_s, u"score"_s, u"ok"_s, u"ts"_s, u"day"_s, u"tags"_s})
            QVERIFY2(sheet.contains(u"<t>%1</t>"_s.arg(name)), qPrintable(name));
        // Typed cells: a number, a boolean, a date/time as a serial number, text.
        QVERIFY(sheet.contains(u"<c r=\"A2\" s=\"0\"><v>42</v></c>"_s) ||
                sheet.contains(u"<c r=\"A2\"><v>42</v></c>"_s));
        QVERIFY(sheet.contains(u"<c r=\"C2\"><v>0.5</v></c>"_s));
        QVERIFY(sheet.contains(u"<c r=\"D2\" t=\"b\"><v>1</v></c>"_s));
        QVERIFY(sheet.contains(u"<c r=\"D3\" t=\"b\"><v>0</v></c>"_s));
        // 2026-03-01 12:34:56.789 is Excel serial 46082.524268...
        static const QRegularExpression dateTime(u"<c r=\"E2\" s=\"\\d+\"><v>46082\\.524\\d*</v></c>"_s);
        QVERIFY2(dateTime.match(sheet).hasMatch(), qPrintable(sheet));
        static const QRegularExpression date(u"<c r=\"F2\" s=\"\\d+\"><v>46082</v></c>"_s);
        QVERIFY(date.match(sheet).hasMatch());
        QVERIFY(sheet.contains(u"<t>1899-12-31</t>"_s));          // outside Excel's dates: text
        QVERIFY(sheet.contains(u"<t>4611686018427387904</t>"_s)); // exact digits as text
        QVERIFY(sheet.contains(u"<t>café ☕</t>"_s));
        QVERIFY(sheet.contains(u"<t>[&quot;a&quot;,{&quot;b&quot;:1}]</t>"_s) ||
                sheet.contains(u"<t>[\"a\",{\"b\":1}]</t>"_s));
        // A null is no cell at all.
        QVERIFY(!sheet.contains(u"r=\"G3\""_s));
        // Never a formula element; the = text is prefixed unless escaping is off.
        QVERIFY(!sheet.contains(u"<f>"_s));
        if (escapeFormulas)
            QVERIFY(sheet.contains(u"<t>'=SUM(A1:A2)</t>"_s));
        else
            QVERIFY(sheet.contains(u"<t>=SUM(A1:A2)</t>"_s));
    }

    void xlsxCutsHugeCellsAndReportsErrors()
    {
        model::ResultTableBuilder builder;
        const std::string big(40000, 'x');
        builder.beginRow();
        builder.appendText(big);
        builder.endRow();
        std::vector<model::ColumnInfo> columns(1);
        columns[0].name = u"big"_s;
        columns[0].type = model::ColumnType::String;
        builder.setColumns(columns);
        const auto table = builder.finish();
        QTemporaryDir dir;
        const QString path = dir.filePath(u"big.xlsx"_s);
        exporting::XlsxWriter writer;
        QVERIFY2(writer.write(*table, path), qPrintable(writer.errorString()));
        const QByteArray sheet = unzip(path, u"xl/worksheets/sheet1.xml"_s);
        QVERIFY(sheet.contains(QByteArray(exporting::XlsxWriter::kMaxCellChars, 'x')));
        QVERIFY(!sheet.contains(QByteArray(exporting::XlsxWriter::kMaxCellChars + 1, 'x')));

        // An unwritable place fails with a message and leaves nothing behind.
        const QString bad = dir.filePath(u"no/such/dir/out.xlsx"_s);
        QVERIFY(!writer.write(*table, bad));
        QVERIFY(!writer.errorString().isEmpty());
        QVERIFY(!QFile::exists(bad));
    }
};

QTEST_GUILESS_MAIN(TestJsonXlsxWriter)
#include "tst_json_xlsx_writer.moc"
