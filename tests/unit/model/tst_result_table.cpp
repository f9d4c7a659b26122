// Unit tests of the columnar ResultTable, its builder and the Qt model over it.
#include "model/result_table.h"
#include "model/result_table_model.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QSignalSpy>
#include <QTest>

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
