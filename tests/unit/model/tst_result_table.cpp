// Unit tests of the columnar ResultTable, its builder and the Qt model over it.
#include "model/result_table.h"
#include "model/result_table_model.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

#include <cstring>

using namespace hogscope::model;
using namespace Qt::StringLiterals;

namespace {

std::shared_ptr<const ResultTable> sampleTable()
{
    ResultTableBuilder builder;
    builder.beginRow();
    builder.appendText("$pageview");
    builder.appendInteger(1523);
    builder.appendFloat(0.25);
    builder.appendText("2026-05-02T10:11:12.345000Z");
    builder.appendJson(R"({"a":1})");
    builder.appendBool(true);
    builder.endRow();
    builder.beginRow();
    builder.appendText("=cmd()");
    builder.appendNull();
    builder.appendInteger(3); // a whole number in a Float column
    builder.appendText("2026-05-02T12:11:12+02:00");
    builder.appendNull();
    builder.appendBool(false);
    builder.endRow();
    std::vector<ColumnInfo> columns(6);
    const char* names[] = {"event", "n", "ratio", "timestamp", "props", "flag"};
    const char* types[] = {"String", "UInt64", "Float64", "DateTime64(6, 'UTC')", "Map(String, UInt8)",
                           "Bool"};
    for (int i = 0; i < 6; ++i) {
        columns[size_t(i)].name = QString::fromLatin1(names[i]);
        columns[size_t(i)].clickhouseType = QString::fromLatin1(types[i]);
        columns[size_t(i)].type = columnTypeFromClickHouse(types[i], &columns[size_t(i)].nullable);
    }
    builder.setColumns(std::move(columns));
    auto table = builder.finish();
    Q_ASSERT(table);
    return table;
}

} // namespace

class TestResultTable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void columnTypes_data()
    {
        QTest::addColumn<QString>("clickhouse");
        QTest::addColumn<int>("type");
        QTest::addColumn<bool>("nullable");
        QTest::newRow("uint64") << u"UInt64"_s << int(ColumnType::Integer) << false;
        QTest::newRow("int8") << u"Int8"_s << int(ColumnType::Integer) << false;
        QTest::newRow("float") << u"Float64"_s << int(ColumnType::Float) << false;
        QTest::newRow("decimal") << u"Decimal(10, 2)"_s << int(ColumnType::Float) << false;
        QTest::newRow("nullable string") << u"Nullable(String)"_s << int(ColumnType::String) << true;
        QTest::newRow("low cardinality nullable")
            << u"LowCardinality(Nullable(String))"_s << int(ColumnType::String) << true;
        QTest::newRow("datetime64") << u"DateTime64(6, 'UTC')"_s << int(ColumnType::DateTime) << false;
        QTest::newRow("nullable datetime")
            << u"Nullable(DateTime('UTC'))"_s << int(ColumnType::DateTime) << true;
        QTest::newRow("date") << u"Date"_s << int(ColumnType::Date) << false;
        QTest::newRow("bool") << u"Bool"_s << int(ColumnType::Boolean) << false;
        QTest::newRow("array") << u"Array(String)"_s << int(ColumnType::Json) << false;
        QTest::newRow("tuple") << u"Tuple(UInt8, String)"_s << int(ColumnType::Json) << false;
        QTest::newRow("uuid") << u"UUID"_s << int(ColumnType::String) << false;
        QTest::newRow("empty") << QString() << int(ColumnType::Unknown) << false;
    }
    void columnTypes()
    {
        QFETCH(QString, clickhouse);
        QFETCH(int, type);
        QFETCH(bool, nullable);
        const QByteArray utf8 = clickhouse.toUtf8();
        bool isNullable = !nullable;
        QCOMPARE(int(columnTypeFromClickHouse(std::string_view(utf8.constData(), size_t(utf8.size())),
                                              &isNullable)),
                 type);
        QCOMPARE(isNullable, nullable);
    }

    void isoDateTimes_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<qint64>("msecs");
        const qint64 base = QDateTime(QDate(2026, 5, 2), QTime(10, 11, 12, 345), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("zulu micros") << QByteArray("2026-05-02T10:11:12.345000Z") << true << base;
        QTest::newRow("offset") << QByteArray("2026-05-02T12:11:12.345+02:00") << true << base;
        QTest::newRow("negative offset") << QByteArray("2026-05-02T03:11:12.345-07:00") << true << base;
        QTest::newRow("space no zone") << QByteArray("2026-05-02 10:11:12.345") << true << base;
        QTest::newRow("date only") << QByteArray("2026-05-02") << true
                                   << QDateTime(QDate(2026, 5, 2), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
        QTest::newRow("before epoch") << QByteArray("1969-12-31T23:59:59Z") << true << qint64(-1000);
        QTest::newRow("garbage") << QByteArray("yesterday") << false << qint64(0);
        QTest::newRow("bad month") << QByteArray("2026-13-02T10:11:12Z") << false << qint64(0);
        QTest::newRow("trailing junk") << QByteArray("2026-05-02T10:11:12Zx") << false << qint64(0);
    }
    void isoDateTimes()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, valid);
        QFETCH(qint64, msecs);
        qint64 micros = 0;
        QCOMPARE(parseIsoDateTime(std::string_view(text.constData(), size_t(text.size())), &micros), valid);
        if (valid)
            QCOMPARE(micros / 1000, msecs);
    }

    void isoRoundTrip()
    {
        std::string out;
        appendIsoDateTime(-1, 'T', true, out);
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("1969-12-31T23:59:59.999999Z"));
        out.clear();
        appendIsoDateTime(1'777'716'672'345'000, ' ', false, out);
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("2026-05-02 10:11:12.345"));
    }

    void builderTypesCells()
    {
        const auto table = sampleTable();
        QCOMPARE(table->rowCount(), 2);
        QCOMPARE(table->columnCount(), 6);
        QCOMPARE(table->columnName(1), u"n"_s);
        QCOMPARE(table->cellKind(0, 0), CellKind::Text);
        QCOMPARE(table->text(0, 0), std::string_view("$pageview"));
        QCOMPARE(table->cellKind(0, 1), CellKind::Integer);
        QCOMPARE(table->integer(0, 1), qint64(1523));
        QVERIFY(table->isNull(1, 1));
        // Integer cells in a Float column are widened to doubles.
        QCOMPARE(table->cellKind(1, 2), CellKind::Float);
        QCOMPARE(table->real(1, 2), 3.0);
        // ISO text in a DateTime column becomes an instant, offsets normalised to UTC.
        QCOMPARE(table->cellKind(0, 3), CellKind::DateTime);
        QCOMPARE(table->dateTimeMicros(0, 3) - table->dateTimeMicros(1, 3), qint64(345'000));
        QCOMPARE(table->cellKind(0, 4), CellKind::Json);
        QCOMPARE(table->displayText(0, 4), u"{\"a\":1}"_s);
        QCOMPARE(table->displayText(0, 3), u"2026-05-02 10:11:12.345"_s);
        QCOMPARE(table->displayText(1, 3), u"2026-05-02 10:11:12"_s);
        QCOMPARE(table->value(0, 3).toDateTime(),
                 QDateTime(QDate(2026, 5, 2), QTime(10, 11, 12, 345), Qt::UTC));
        QCOMPARE(table->displayText(0, 5), u"true"_s);
        QCOMPARE(table->value(1, 5), QVariant(false));
    }

    void builderRejectsRaggedRows()
    {
        ResultTableBuilder builder;
        builder.beginRow();
        builder.appendInteger(1);
        builder.appendInteger(2);
        QVERIFY(builder.endRow());
        builder.beginRow();
        builder.appendInteger(1);
        QVERIFY(!builder.endRow());
        QVERIFY(builder.error().contains(u"Row 2"_s));
    }

    void builderRejectsColumnMismatch()
    {
        ResultTableBuilder builder;
        builder.beginRow();
        builder.appendInteger(1);
        QVERIFY(builder.endRow());
        builder.setColumns(std::vector<ColumnInfo>(2));
        QVERIFY(!builder.finish());
        QVERIFY(builder.error().contains(u"2 columns"_s));
    }

    void builderInfersUntypedColumns()
    {
        ResultTableBuilder builder;
        builder.beginRow();
        builder.appendNull();
        builder.appendText("x");
        builder.endRow();
        builder.beginRow();
        builder.appendFloat(1.5);
        builder.appendText("y");
        builder.endRow();
        auto table = builder.finish();
        QVERIFY(table);
        QCOMPARE(table->columnType(0), ColumnType::Float);
        QCOMPARE(table->columnType(1), ColumnType::String);
        QCOMPARE(table->columnName(0), u"column_1"_s);
    }

    void emptyTableKeepsColumns()
    {
        ResultTableBuilder builder;
        std::vector<ColumnInfo> columns(1);
        columns[0].name = u"event"_s;
        builder.setColumns(columns);
        auto table = builder.finish();
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 0);
        QCOMPARE(table->columnCount(), 1);
    }

    void builderMixesKindsOnlyWhenNeeded()
    {
        ResultTableBuilder builder;
        for (int row = 0; row < 1000; ++row) {
            builder.beginRow();
            builder.appendInteger(row);
            if (row == 700)
                builder.appendNull();
            else
                builder.appendInteger(row * 2);
            QVERIFY(builder.endRow());
        }
        const auto table = builder.finish();
        QVERIFY(table);
        QCOMPARE(table->cellKind(699, 1), CellKind::Integer);
        QVERIFY(table->isNull(700, 1));
        QCOMPARE(table->integer(701, 1), qint64(1402));
        QCOMPARE(table->integer(999, 0), qint64(999));
        // Two columns of 8-byte cells, one byte of kind for the mixed column only.
        QVERIFY2(table->memoryBytes() <= size_t(1000 * 8 * 2 + 1000 + 1024),
                 qPrintable(QString::number(table->memoryBytes())));
    }

    void instantsFromDecoder()
    {
        // Text read as an instant while decoding becomes a DateTime cell if the column turns out so.
        ResultTableBuilder builder;
        const std::string_view times[] = {"2026-05-02T10:11:12Z", "garbage", "2026-05-02 10:11:13"};
        for (int row = 0; row < 3; ++row) {
            builder.beginRow();
            builder.ensureText(times[row].size());
            std::memcpy(builder.textEnd(), times[row].data(), times[row].size());
            qint64 micros = 0;
            if (parseIsoDateTime(times[row], &micros))
                builder.commitTextWithInstant(times[row].size(), micros + 1); // marked: not re-parsed
            else
                builder.commitText(times[row].size(), CellKind::Text);
            QVERIFY(builder.endRow());
        }
        std::vector<ColumnInfo> columns(1);
        columns[0].name = u"t"_s;
        columns[0].type = ColumnType::DateTime;
        builder.setColumns(columns);
        const auto table = builder.finish();
        QCOMPARE(table->cellKind(0, 0), CellKind::DateTime);
        QCOMPARE(table->dateTimeMicros(0, 0) % 1000000, qint64(1));
        QCOMPARE(table->cellKind(1, 0), CellKind::Text);
        QCOMPARE(table->text(1, 0), std::string_view("garbage"));
        QCOMPARE(table->cellKind(2, 0), CellKind::DateTime);
        QCOMPARE(table->dateTimeMicros(2, 0) - table->dateTimeMicros(0, 0), qint64(1000000));
        QCOMPARE(table->dateTimeMicros(2, 0) % 1000000, qint64(1));
    }

    void instantsIgnoredForStrings()
    {
        ResultTableBuilder builder;
        builder.beginRow();
        builder.ensureText(20);
        std::memcpy(builder.textEnd(), "2026-05-02T10:11:12Z", 20);
        builder.commitTextWithInstant(20, 1);
        QVERIFY(builder.endRow());
        std::vector<ColumnInfo> columns(1);
        columns[0].type = ColumnType::String;
        builder.setColumns(columns);
        const auto table = builder.finish();
        QCOMPARE(table->cellKind(0, 0), CellKind::Text);
        QCOMPARE(table->displayText(0, 0), u"2026-05-02T10:11:12Z"_s);
    }

    void longTextCarriesItsLength()
    {
        const std::string big(ResultTable::kMaxInlineTextLength + 10, 'q');
        ResultTableBuilder builder;
        builder.beginRow();
        builder.appendText("before");
        builder.appendText(big);
        builder.appendJson("[1]");
        QVERIFY(builder.endRow());
        const auto table = builder.finish();
        QCOMPARE(table->text(0, 0), std::string_view("before"));
        QCOMPARE(table->text(0, 1).size(), big.size());
        QVERIFY(table->text(0, 1) == big);
        QCOMPARE(table->text(0, 2), std::string_view("[1]"));
        std::string out;
        table->appendExportText(0, 1, out);
        QCOMPARE(out.size(), big.size());
    }

    void displayExcerpt_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<int>("maxChars");
        QTest::addColumn<QString>("display");
        QTest::newRow("short") << QByteArray("abc") << 5 << u"abc"_s;
        QTest::newRow("exact") << QByteArray("abcde") << 5 << u"abcde"_s;
        QTest::newRow("cut") << QByteArray("abcdefgh") << 5 << u"abcde…"_s;
        QTest::newRow("multibyte") << QByteArray("\xC3\xBC\xC3\xBC\xC3\xBC\xC3\xBC") << 3 << u"üüü…"_s;
        QTest::newRow("no split surrogate")
            << QByteArray("a\xF0\x9F\x98\x80\xF0\x9F\x98\x80") << 2 << u"a…"_s;
        QTest::newRow("unlimited") << QByteArray("abcdefgh") << -1 << u"abcdefgh"_s;
    }
    void displayExcerpt()
    {
        QFETCH(QByteArray, text);
        QFETCH(int, maxChars);
        QFETCH(QString, display);
        ResultTableBuilder builder;
        builder.beginRow();
        builder.appendText(std::string_view(text.constData(), size_t(text.size())));
        builder.endRow();
        const auto table = builder.finish();
        QCOMPARE(table->displayText(0, 0, maxChars), display);
    }

    void modelLimitsDisplayText()
    {
        ResultTableBuilder builder;
        const std::string json = "{\"k\": \"" + std::string(5000, 'v') + "\"}";
        builder.beginRow();
        builder.appendText(json);
        builder.endRow();
        ResultTableModel model;
        model.setTable(builder.finish());
        const QString shown = model.index(0, 0).data().toString();
        QCOMPARE(shown.size(), 513);
        QVERIFY(shown.endsWith(QChar(0x2026)));
        QCOMPARE(model.index(0, 0).data(ResultTableModel::RawValueRole).toString().size(),
                 qsizetype(json.size()));
    }

    void modelPersonColumn()
    {
        ResultTableBuilder builder;
        builder.beginRow();
        builder.appendJson(R"({"id":"u1","distinct_ids":["d1"],"properties":{"name":"Jane"}})");
        builder.endRow();
        std::vector<ColumnInfo> columns(1);
        columns[0].name = u"person"_s;
        builder.setColumns(columns);
        ResultTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTable(builder.finish());
        QCOMPARE(model.table()->columnType(0), ColumnType::Person);
        QCOMPARE(model.index(0, 0).data().toString(), u"Jane"_s);
        QVERIFY(model.index(0, 0).data(Qt::ToolTipRole).toString().contains(u"distinct_ids"_s));
        QCOMPARE(model.headerData(0, Qt::Horizontal, ResultTableModel::CellKindRole).toInt(),
                 int(ColumnType::Person));
    }

    void modelLargeTableSwapsAndReleases()
    {
        // A large table: the reset is O(1) and the replaced table dies off the GUI thread.
        const auto makeBig = [] {
            ResultTableBuilder builder;
            for (int row = 0; row < 200000; ++row) {
                builder.beginRow();
                builder.appendInteger(row);
                builder.appendText("some text for the row");
                builder.endRow();
            }
            return builder.finish();
        };
        std::weak_ptr<const ResultTable> first;
        ResultTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        {
            auto table = makeBig();
            QVERIFY(table->memoryBytes() > 4 * 1024 * 1024);
            first = table;
            model.setTable(std::move(table));
        }
        // Views get the rows in chunks, as they scroll to the end (fetchMore).
        QCOMPARE(model.shownRowCount(), 200000);
        QCOMPARE(model.rowCount(), ResultTableModel::kRowChunk);
        QVERIFY(!model.index(199999, 0).isValid());
        int fetches = 0;
        while (model.canFetchMore(QModelIndex())) {
            model.fetchMore(QModelIndex());
            ++fetches;
        }
        QCOMPARE(fetches, 200000 / ResultTableModel::kRowChunk - 1);
        QCOMPARE(model.rowCount(), 200000);
        QCOMPARE(model.index(199999, 0).data().toString(), u"199999"_s);
        // A sort keeps the loaded count; an index whose row moves past it goes, the others follow.
        model.setTable(makeBig());
        QPersistentModelIndex near(model.index(10, 0));
        QPersistentModelIndex far(model.index(ResultTableModel::kRowChunk - 1, 0));
        auto reversed = std::make_shared<std::vector<int>>();
        for (int row = 199999; row >= 0; --row)
            reversed->push_back(row);
        model.setRowOrder(reversed);
        QCOMPARE(model.rowCount(), ResultTableModel::kRowChunk);
        QCOMPARE(model.index(0, 0).data().toString(), u"199999"_s);
        QVERIFY(!near.isValid()); // row 10 is now at 199989, not loaded
        QVERIFY(!far.isValid());
        // A filter starts over with one chunk of what it keeps.
        model.setRowOrder(std::make_shared<std::vector<int>>(std::vector<int>{5, 7}));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.shownRowCount(), 2);
        QVERIFY(!model.canFetchMore(QModelIndex()));
        model.setTable(sampleTable());
        QCOMPARE(model.rowCount(), 2);
        QTRY_VERIFY(first.expired());
    }

    void largeTablesReuseMemory()
    {
        // Blocks of several MiB: reserved before the first row (columns then widen one by one),
        // grown past the estimate, freed and reused by the next table.
        for (int round = 0; round < 3; ++round) {
            ResultTableBuilder builder;
            builder.reserveRows(200000);
            const int rows = 250000 + round * 1000;
            for (int row = 0; row < rows; ++row) {
                builder.beginRow();
                builder.appendInteger(row * 3 + round);
                builder.appendFloat(row + 0.5);
                if (row % 1000 == 7)
                    builder.appendNull();
                else
                    builder.appendBool(row % 2 == 0);
                builder.appendInteger(-row);
                QVERIFY(builder.endRow());
            }
            const auto table = builder.finish();
            QCOMPARE(table->rowCount(), rows);
            for (int row = 0; row < rows; row += 997) {
                QCOMPARE(table->integer(row, 0), qint64(row * 3 + round));
                QCOMPARE(table->real(row, 1), row + 0.5);
                if (row % 1000 == 7)
                    QVERIFY(table->isNull(row, 2));
                else
                    QCOMPARE(table->boolean(row, 2), row % 2 == 0);
                QCOMPARE(table->integer(row, 3), qint64(-row));
            }
            QCOMPARE(table->integer(rows - 1, 3), qint64(-(rows - 1)));
            // 4 columns of 8-byte cells, kinds only for the column with nulls, little slack.
            QVERIFY2(table->memoryBytes() < size_t(rows) * (4 * 8 + 1) * 17 / 16 + 4096,
                     qPrintable(QString::number(table->memoryBytes())));
        }
    }

    void modelRolesAndTester()
    {
        ResultTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QSignalSpy resetSpy(&model, &QAbstractItemModel::modelReset);
        model.setTable(sampleTable());
        QCOMPARE(resetSpy.count(), 1);
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), 6);
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), u"event"_s);
        QCOMPARE(model.headerData(1, Qt::Horizontal, ResultTableModel::RawValueRole).toString(), u"UInt64"_s);
        QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1);
        const QModelIndex n = model.index(0, 1);
        QCOMPARE(n.data().toString(), u"1523"_s);
        QCOMPARE(n.data(ResultTableModel::RawValueRole), QVariant::fromValue(qint64(1523)));
        QVERIFY(n.data(Qt::TextAlignmentRole).toInt() & Qt::AlignRight);
        QVERIFY(model.index(0, 0).data(Qt::TextAlignmentRole).toInt() & Qt::AlignLeft);
        const QModelIndex null = model.index(1, 1);
        QVERIFY(!null.data(ResultTableModel::RawValueRole).isValid());
        QVERIFY(null.data(ResultTableModel::IsNullRole).toBool());
        QCOMPARE(null.data().toString(), QString());
        QCOMPARE(model.index(0, 2).data(ResultTableModel::RawValueRole), QVariant(0.25));
        QCOMPARE(model.index(0, 0).data(ResultTableModel::CellKindRole).toInt(), int(CellKind::Text));
        QVERIFY(!model.index(0, 0).data(Qt::DecorationRole).isValid());
        model.setTable(nullptr);
        QCOMPARE(resetSpy.count(), 2);
        QCOMPARE(model.rowCount(), 0);
        QVERIFY(!model.table());
    }
};

QTEST_GUILESS_MAIN(TestResultTable)
#include "tst_result_table.moc"
