// Sorting and filtering a result table as a row permutation, and the model showing it.

#include "model/result_table.h"
#include "model/result_table_model.h"
#include "model/row_order.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace hogscope::model;
using namespace Qt::StringLiterals;
using Direction = RowOrderSpec::Direction;

namespace {

// A table of: id (Integer), score (Float, some NULL), name (String), at (DateTime), tags (Json).
std::shared_ptr<const ResultTable> sampleTable()
{
    ResultTableBuilder builder;
    std::vector<ColumnInfo> columns{
        {QStringLiteral("id"), QStringLiteral("Int64"), ColumnType::Integer, false},
        {QStringLiteral("score"), QStringLiteral("Nullable(Float64)"), ColumnType::Float, true},
        {QStringLiteral("name"), QStringLiteral("String"), ColumnType::String, false},
        {QStringLiteral("at"), QStringLiteral("DateTime64(6, 'UTC')"), ColumnType::DateTime, false},
        {QStringLiteral("tags"), QStringLiteral("Array(String)"), ColumnType::Json, false},
    };
    builder.setColumns(columns);
    struct Row
    {
        qint64 id;
        double score; // NaN: NULL
        const char* name;
        qint64 atSeconds;
        const char* tags;
    };
    const double null = std::numeric_limits<double>::quiet_NaN();
    const qint64 base = QDateTime(QDate(2026, 5, 2), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() * 1000;
    const Row rows[] = {
        {10, 2.5, "banana", 300, "[\"x\"]"},   // row 0
        {-3, null, "Apple", 100, "[]"},        // row 1
        {7, 10, "cherry", 200, "[\"y\"]"},     // row 2
        {7, -1.25, "apple", 400, "[\"Zed\"]"}, // row 3
        {100, null, "Éclair", 50, "[]"},       // row 4
    };
    for (const Row& row : rows) {
        builder.beginRow();
        builder.appendInteger(row.id);
        if (std::isnan(row.score))
            builder.appendNull();
        else
            builder.appendFloat(row.score);
        builder.appendText(row.name);
        builder.appendDateTime(base + row.atSeconds * 1000000);
        builder.appendJson(row.tags);
        if (!builder.endRow())
            return nullptr;
    }
    return builder.finish();
}

std::vector<int> order(const ResultTable& table, const RowOrderSpec& spec)
{
    const std::optional<std::vector<int>> rows = computeRowOrder(table, spec);
    return rows ? *rows : std::vector<int>{-1};
}

} // namespace

class TestRowOrder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sort_data();
    void sort();
    void filter_data();
    void filter();
    void largeSortMatchesReference();
    void cancelled();
    void reorderedCopy();
    void modelFollowsOrder();
};

void TestRowOrder::sort_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<bool>("descending");
    QTest::addColumn<std::vector<int>>("expected");
    // integers numerically; ties keep result order in both directions
    QTest::newRow("id asc") << 0 << false << std::vector<int>{1, 2, 3, 0, 4};
    QTest::newRow("id desc") << 0 << true << std::vector<int>{4, 0, 2, 3, 1};
    // floats numerically, NULL last either way
    QTest::newRow("score asc") << 1 << false << std::vector<int>{3, 0, 2, 1, 4};
    QTest::newRow("score desc") << 1 << true << std::vector<int>{2, 0, 3, 1, 4};
    // text ignoring ASCII case, then bytewise ("Apple" < "apple"); UTF-8 É after ASCII letters
    QTest::newRow("name asc") << 2 << false << std::vector<int>{1, 3, 0, 2, 4};
    QTest::newRow("name desc") << 2 << true << std::vector<int>{4, 2, 0, 3, 1};
    // date/times by instant
    QTest::newRow("at asc") << 3 << false << std::vector<int>{4, 1, 2, 0, 3};
}

void TestRowOrder::sort()
{
    QFETCH(int, column);
    QFETCH(bool, descending);
    QFETCH(std::vector<int>, expected);
    const auto table = sampleTable();
    QVERIFY(table);
    RowOrderSpec spec;
    spec.sortColumn = column;
    spec.direction = descending ? Direction::Descending : Direction::Ascending;
    QCOMPARE(order(*table, spec), expected);
}

void TestRowOrder::filter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("column");
    QTest::addColumn<std::vector<int>>("expected");
    QTest::newRow("any column, case-insensitive") << u"APPLE"_s << -1 << std::vector<int>{1, 3};
    QTest::newRow("integer digits") << u"7"_s << -1 << std::vector<int>{2, 3};
    QTest::newRow("integer digits in id only") << u"10"_s << 0 << std::vector<int>{0, 4};
    // 10 is also the score of row 2 (display "10")
    QTest::newRow("any column 10") << u"10"_s << -1 << std::vector<int>{0, 2, 4};
    QTest::newRow("float display") << u"-1.25"_s << 1 << std::vector<int>{3};
    QTest::newRow("date/time as shown") << u"2026-05-02 00:05"_s << 3 << std::vector<int>{0};
    QTest::newRow("json text") << u"zed"_s << 4 << std::vector<int>{3};
    QTest::newRow("non-ASCII, folded") << u"éCLAIR"_s << 2 << std::vector<int>{4};
    QTest::newRow("no match") << u"nothing like it"_s << -1 << std::vector<int>{};
    QTest::newRow("null cells never match") << u"e"_s << 1 << std::vector<int>{};
}

void TestRowOrder::filter()
{
    QFETCH(QString, text);
    QFETCH(int, column);
    QFETCH(std::vector<int>, expected);
    const auto table = sampleTable();
    RowOrderSpec spec;
    spec.filterText = text;
    spec.filterColumn = column;
    QCOMPARE(order(*table, spec), expected);

    // filtered and sorted together: the matching rows, in sort order
    spec.sortColumn = 0;
    spec.direction = Direction::Descending;
    std::vector<int> sorted = expected;
    std::stable_sort(sorted.begin(), sorted.end(),
                     [&](int a, int b) { return table->integer(a, 0) > table->integer(b, 0); });
    QCOMPARE(order(*table, spec), sorted);
}

void TestRowOrder::largeSortMatchesReference()
{
    // More rows than one sort run, so the merges are exercised; many ties check stability.
    constexpr int kRows = 200000;
    ResultTableBuilder builder;
    builder.setColumns({{QStringLiteral("n"), QStringLiteral("Int64"), ColumnType::Integer, false}});
    QRandomGenerator random(42);
    std::vector<qint64> values(kRows);
    for (int i = 0; i < kRows; ++i) {
        values[size_t(i)] = qint64(random.bounded(1000)) - 500;
        builder.beginRow();
        builder.appendInteger(values[size_t(i)]);
        QVERIFY(builder.endRow());
    }
    const auto table = builder.finish();
    std::vector<int> reference(kRows);
    for (int i = 0; i < kRows; ++i)
        reference[size_t(i)] = i;
    std::stable_sort(reference.begin(), reference.end(),
                     [&](int a, int b) { return values[size_t(a)] > values[size_t(b)]; });
    RowOrderSpec spec;
    spec.sortColumn = 0;
    spec.direction = Direction::Descending;
    QCOMPARE(order(*table, spec), reference);
}

void TestRowOrder::cancelled()
{
    const auto table = sampleTable();
    std::atomic<bool> stop{true};
    RowOrderSpec spec;
    spec.sortColumn = 0;
    spec.direction = Direction::Ascending;
    QVERIFY(!computeRowOrder(*table, spec, &stop).has_value());
    QVERIFY(!reorderedTable(*table, {0, 1}, &stop));
    stop = false;
    QVERIFY(computeRowOrder(*table, spec, &stop).has_value());
}

void TestRowOrder::reorderedCopy()
{
    const auto table = sampleTable();
    const std::vector<int> rows{4, 1, 3};
    const auto copy = reorderedTable(*table, rows);
    QVERIFY(copy);
    QCOMPARE(copy->rowCount(), 3);
    QCOMPARE(copy->columnCount(), table->columnCount());
    for (int i = 0; i < 3; ++i) {
        for (int column = 0; column < table->columnCount(); ++column) {
            QCOMPARE(copy->cellKind(i, column), table->cellKind(rows[size_t(i)], column));
            QCOMPARE(copy->value(i, column), table->value(rows[size_t(i)], column));
        }
    }
    QCOMPARE(copy->column(3).type, ColumnType::DateTime);
    const auto empty = reorderedTable(*table, {});
    QVERIFY(empty);
    QCOMPARE(empty->rowCount(), 0);
}

void TestRowOrder::modelFollowsOrder()
{
    ResultTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const auto table = sampleTable();
    model.setTable(table);
    QCOMPARE(model.rowCount(), 5);

    // a sort keeps the row count: a layout change that moves persistent indexes with their rows
    const QPersistentModelIndex apple = model.index(1, 2); // "Apple"
    RowOrderSpec spec;
    spec.sortColumn = 2;
    spec.direction = Direction::Descending;
    model.setRowOrder(std::make_shared<const std::vector<int>>(order(*table, spec)));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.data(model.index(0, 2)).toString(), u"Éclair"_s);
    QCOMPARE(model.sourceRow(0), 4);
    QVERIFY(apple.isValid());
    QCOMPARE(apple.row(), 4);
    QCOMPARE(apple.data().toString(), u"Apple"_s);
    QCOMPARE(model.headerData(0, Qt::Vertical).toInt(), 1);

    // a filter changes the row count: a reset
    spec.filterText = u"apple"_s;
    model.setRowOrder(std::make_shared<const std::vector<int>>(order(*table, spec)));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.sourceRowCount(), 5);
    QCOMPARE(model.data(model.index(0, 2)).toString(), u"apple"_s);
    QCOMPARE(model.data(model.index(1, 0), ResultTableModel::RawValueRole).toLongLong(), -3);
    QVERIFY(!model.index(2, 0).isValid());

    // a same-sized order that drops a persistent index's row invalidates it
    const QPersistentModelIndex first = model.index(0, 0);
    model.setRowOrder(std::make_shared<const std::vector<int>>(std::vector<int>{0, 2}));
    QVERIFY(!first.isValid()); // row 3 ("apple") is not shown any more
    QCOMPARE(model.data(model.index(1, 2)).toString(), u"cherry"_s);

    // back to result order, then a new table drops the order
    model.setRowOrder(nullptr);
    QCOMPARE(model.rowCount(), 5);
    model.setRowOrder(std::make_shared<const std::vector<int>>(std::vector<int>{3}));
    model.setTable(table);
    QVERIFY(!model.rowOrder());
    QCOMPARE(model.rowCount(), 5);
}

QTEST_GUILESS_MAIN(TestRowOrder)
#include "tst_row_order.moc"
