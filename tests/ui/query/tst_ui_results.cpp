// GUI tests of the result grid, offscreen: header-click sorting and the filter field (computed on a
// worker), copy in the order shown, the status line, and the export dialog writing every format.

#include "ui/results_export_dialog.h"
#include "ui/results_view.h"

#include "api/query_result.h"
#include "export/clipboard_formats.h"
#include "model/result_table.h"
#include "model/result_table_model.h"
#include "workspace/settings.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <algorithm>
#include <memory>

using namespace hogscope;
using namespace Qt::StringLiterals;
using Direction = model::RowOrderSpec::Direction;
using Format = ui::ResultsExportDialog::Format;

namespace {

// `rows` rows of: id (Integer, a shuffled permutation of 0..rows-1), name (String: "name<id % 97>",
// every 10th "=cmd<id>" to test formula escaping), score (Float, every 7th NULL), at (DateTime),
// tags (JSON).
std::shared_ptr<const model::ResultTable> makeTable(int rows)
{
    model::ResultTableBuilder builder;
    builder.setColumns({
        {u"id"_s, u"Int64"_s, model::ColumnType::Integer, false},
        {u"name"_s, u"String"_s, model::ColumnType::String, false},
        {u"score"_s, u"Nullable(Float64)"_s, model::ColumnType::Float, true},
        {u"at"_s, u"DateTime64(6, 'UTC')"_s, model::ColumnType::DateTime, false},
        {u"tags"_s, u"Array(String)"_s, model::ColumnType::Json, false},
    });
    builder.reserveRows(size_t(rows));
    std::vector<int> ids(static_cast<size_t>(rows));
    for (int i = 0; i < rows; ++i)
        ids[size_t(i)] = i;
    QRandomGenerator random(7);
    std::shuffle(ids.begin(), ids.end(), random);
    const qint64 base = QDateTime(QDate(2026, 5, 2), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() * 1000;
    for (int i = 0; i < rows; ++i) {
        const int id = ids[size_t(i)];
        builder.beginRow();
        builder.appendInteger(id);
        const std::string name =
            (id % 10 == 0 ? "=cmd" + std::to_string(id) : "name" + std::to_string(id % 97));
        builder.appendText(name);
        if (id % 7 == 0)
            builder.appendNull();
        else
            builder.appendFloat(double(id % 13) / 4.0);
        builder.appendDateTime(base + qint64(id) * 1000000);
        builder.appendJson(id % 2 ? "[\"odd\"]" : "[\"even\"]");
        builder.endRow();
    }
    return builder.finish();
}

api::QueryResult makeResult(std::shared_ptr<const model::ResultTable> table)
{
    api::QueryResult result;
    result.table = std::move(table);
    result.hogql = u"SELECT id, name FROM events"_s;
    result.clickhouse = u"SELECT events.id AS id FROM events WHERE team_id = 1"_s;
    result.cached = false;
    result.elapsedSeconds = 0.42;
    return result;
}

bool waitForOrder(ui::ResultsView& view)
{
    return QTest::qWaitFor([&] { return !view.isOrdering(); }, 30000);
}

QList<qint64> column0(const QAbstractItemModel& model)
{
    QList<qint64> values;
    for (int row = 0; row < model.rowCount(); ++row)
        values.push_back(model.index(row, 0).data(model::ResultTableModel::RawValueRole).toLongLong());
    return values;
}

void clickHeader(QTableView* table, int section)
{
    QHeaderView* header = table->horizontalHeader();
    const QPoint pos(header->sectionViewportPosition(section) + header->sectionSize(section) / 2,
                     header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, pos);
}

} // namespace

class TestUiResults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void sortByHeaderClicks();
    void filterField();
    void copyFollowsOrder();
    void statusLineAndSql();
    void exportFormats_data();
    void exportFormats();
    void cancelExport_data();
    void cancelExport();
    void largeSortKeepsGuiResponsive();
    void screenshot();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<workspace::Settings> m_settings;
    std::unique_ptr<ui::ResultsView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestUiResults::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestUiResults::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_settings = std::make_unique<workspace::Settings>(m_dir->filePath(u"settings.ini"_s));
    m_view = std::make_unique<ui::ResultsView>();
    m_view->setSettings(m_settings.get());
    m_view->resize(980, 420);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestUiResults::cleanup()
{
    m_tester.reset();
    m_view.reset();
    m_settings.reset();
    m_dir.reset();
}

void TestUiResults::sortByHeaderClicks()
{
    const auto table = makeTable(500);
    m_view->setResult(makeResult(table));
    QTableView* grid = m_view->tableView();
    const QList<qint64> original = column0(*m_view->model());

    clickHeader(grid, 0);
    QVERIFY(waitForOrder(*m_view));
    QList<qint64> values = column0(*m_view->model());
    QCOMPARE(values.size(), 500);
    QVERIFY(std::is_sorted(values.begin(), values.end()));
    QCOMPARE(values.front(), 0);
    QCOMPARE(grid->horizontalHeader()->sortIndicatorSection(), 0);
    QCOMPARE(grid->horizontalHeader()->sortIndicatorOrder(), Qt::AscendingOrder);
    QVERIFY(!grid->selectionModel()->hasSelection()); // a header click sorts, it does not select

    clickHeader(grid, 0);
    QVERIFY(waitForOrder(*m_view));
    values = column0(*m_view->model());
    QVERIFY(std::is_sorted(values.rbegin(), values.rend()));
    QCOMPARE(values.front(), 499);
    QCOMPARE(grid->horizontalHeader()->sortIndicatorOrder(), Qt::DescendingOrder);

    clickHeader(grid, 0); // third click: back to result order
    QVERIFY(waitForOrder(*m_view));
    QCOMPARE(column0(*m_view->model()), original);
    QCOMPARE(m_view->rowOrderSpec().direction, Direction::None);
    QVERIFY(grid->horizontalHeader()->sortIndicatorSection() != 0);

    // numbers sort as numbers with NULL last, in both directions
    for (const Direction direction : {Direction::Ascending, Direction::Descending}) {
        m_view->setSort(2, direction);
        QVERIFY(waitForOrder(*m_view));
        const QAbstractItemModel& model = *m_view->model();
        bool seenNull = false;
        double previous = direction == Direction::Ascending ? -1e9 : 1e9;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, 2);
            if (index.data(model::ResultTableModel::IsNullRole).toBool()) {
                seenNull = true;
                continue;
            }
            QVERIFY2(!seenNull, "a number after a NULL");
            const double value = index.data(model::ResultTableModel::RawValueRole).toDouble();
            QVERIFY(direction == Direction::Ascending ? value >= previous : value <= previous);
            previous = value;
        }
        QVERIFY(seenNull);
    }
}

void TestUiResults::filterField()
{
    const auto table = makeTable(1000);
    m_view->setResult(makeResult(table));
    // "=cmd" rows: ids divisible by 10
    QTest::keyClicks(m_view->filterField(), u"=CMD"_s);
    QVERIFY(QTest::qWaitFor([&] { return m_view->model()->rowCount() == 100; }, 10000));
    QVERIFY(waitForOrder(*m_view));
    QCOMPARE(m_view->model()->rowCount(), 100);
    const QLocale locale;
    QVERIFY2(m_view->statusText().startsWith(u"100 of %1 rows"_s.arg(locale.toString(1000))),
             qPrintable(m_view->statusText()));
    for (const qint64 id : column0(*m_view->model()))
        QCOMPARE(id % 10, 0);

    // one column: "odd" only in tags
    m_view->setFilter(u"odd"_s, 4);
    QVERIFY(waitForOrder(*m_view));
    QCOMPARE(m_view->model()->rowCount(), 500);
    QCOMPARE(m_view->filterColumnBox()->currentText(), u"tags"_s);
    m_view->setFilter(u"odd"_s, 1); // not in names
    QVERIFY(waitForOrder(*m_view));
    QCOMPARE(m_view->model()->rowCount(), 0);

    // sort and filter together
    m_view->setFilter(u"name5"_s, 1);
    m_view->setSort(0, Direction::Descending);
    QVERIFY(waitForOrder(*m_view));
    const QList<qint64> ids = column0(*m_view->model());
    QVERIFY(!ids.isEmpty());
    QVERIFY(std::is_sorted(ids.rbegin(), ids.rend()));
    for (int row = 0; row < m_view->model()->rowCount(); ++row)
        QVERIFY(m_view->model()->index(row, 1).data().toString().contains(u"name5"_s));

    // clearing the field shows every row again
    m_view->filterField()->clear();
    QVERIFY(QTest::qWaitFor([&] { return m_view->model()->rowCount() == 1000; }, 10000));
    QVERIFY(m_view->statusText().startsWith(u"%1 rows"_s.arg(locale.toString(1000))));
}

void TestUiResults::copyFollowsOrder()
{
    m_view->setResult(makeResult(makeTable(200)));
    m_view->setSort(0, Direction::Descending);
    QVERIFY(waitForOrder(*m_view));
    QTableView* grid = m_view->tableView();
    grid->selectionModel()->select(QItemSelection(grid->model()->index(0, 0), grid->model()->index(2, 1)),
                                   QItemSelectionModel::ClearAndSelect);
    const QString text = m_view->selectionText(int(exporting::CopyFormat::Tsv), true);
    const QStringList lines = text.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0], u"id\tname"_s);
    QVERIFY2(lines[1].startsWith(u"199\t"_s), qPrintable(text));
    QVERIFY2(lines[2].startsWith(u"198\t"_s), qPrintable(text));
    QVERIFY2(lines[3].startsWith(u"197\t"_s), qPrintable(text));

    // the selection stays on its cells when the order changes (persistent indexes follow rows)
    m_view->setSort(0, Direction::Ascending);
    QVERIFY(waitForOrder(*m_view));
    const QModelIndexList selected = grid->selectionModel()->selectedIndexes();
    QCOMPARE(selected.size(), 6);
    for (const QModelIndex& index : selected)
        QVERIFY(index.row() >= 197);
}

void TestUiResults::statusLineAndSql()
{
    api::QueryProgress progress;
    progress.rowsRead = 123456;
    progress.bytesRead = 5 * 1024 * 1024;
    api::QueryResult result = makeResult(makeTable(50));
    m_view->setResult(result, progress);
    QVERIFY(waitForOrder(*m_view));
    const QString status = m_view->statusText();
    QVERIFY2(status.contains(u"50 rows"_s), qPrintable(status));
    const QLocale locale;
    QVERIFY2(status.contains(locale.toString(0.42, 'f', 2) + u" s"_s), qPrintable(status));
    QVERIFY2(status.contains(locale.toString(123456) + u" rows read"_s), qPrintable(status));
    QVERIFY2(
        status.contains(locale.formattedDataSize(5 * 1024 * 1024, 1, QLocale::DataSizeTraditionalFormat)),
        qPrintable(status));
    QVERIFY2(status.contains(u"fresh"_s), qPrintable(status));

    result.cached = true;
    m_view->setResult(result);
    QVERIFY2(m_view->statusText().contains(u"cached"_s), qPrintable(m_view->statusText()));

    // a run in progress keeps its status line while the old grid is sorted
    m_view->setStatusText(u"Running… 1.0 s"_s);
    m_view->setSort(0, Direction::Ascending);
    QVERIFY(waitForOrder(*m_view));
    QCOMPARE(m_view->statusText(), u"Running… 1.0 s"_s);

    QWidget* sql = m_view->showSqlDialog();
    QVERIFY(sql);
    auto* hogql = sql->findChild<QPlainTextEdit*>(u"sqlHogql"_s);
    auto* clickhouse = sql->findChild<QPlainTextEdit*>(u"sqlClickhouse"_s);
    QVERIFY(hogql && clickhouse);
    QCOMPARE(hogql->toPlainText(), result.hogql);
    QCOMPARE(clickhouse->toPlainText(), result.clickhouse);
    sql->close();
}

void TestUiResults::exportFormats_data()
{
    QTest::addColumn<Format>("format");
    QTest::newRow("csv") << Format::Csv;
    QTest::newRow("tsv") << Format::Tsv;
    QTest::newRow("json") << Format::Json;
    QTest::newRow("jsonl") << Format::JsonLines;
    QTest::newRow("xlsx") << Format::Xlsx;
}

void TestUiResults::exportFormats()
{
    QFETCH(Format, format);
    m_view->setResult(makeResult(makeTable(300)));
    m_view->setFilter(u"=cmd"_s, 1); // 30 rows
    m_view->setSort(0, Direction::Descending);
    QVERIFY(waitForOrder(*m_view));
    QCOMPARE(m_view->model()->rowCount(), 30);

    ui::ResultsExportDialog* dialog = m_view->showExportDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isModal());
    QVERIFY(dialog->escapeFormulas()); // on by default
    // an open dialog follows the grid's filter
    auto* rowsText = dialog->findChild<QLabel*>(u"exportRows"_s);
    QVERIFY(rowsText);
    QVERIFY2(rowsText->text().contains(u"30 of 300"_s), qPrintable(rowsText->text()));
    m_view->setFilter(u"=cmd2"_s, 1); // 20 and 200..290
    QVERIFY(waitForOrder(*m_view));
    QVERIFY2(rowsText->text().contains(u"11 of 300"_s), qPrintable(rowsText->text()));
    m_view->setFilter(u"=cmd"_s, 1);
    QVERIFY(waitForOrder(*m_view));
    dialog->setFormat(format);
    QVERIFY(dialog->filePath().endsWith(u'.' + ui::ResultsExportDialog::suffix(format)));
    const QString dirPath = m_dir->filePath(u"out"_s);
    QVERIFY(QDir().mkpath(dirPath));
    const QString path = QDir(dirPath).filePath(u"results."_s + ui::ResultsExportDialog::suffix(format));
    dialog->setFilePath(path);
    QSignalSpy finished(dialog, &ui::ResultsExportDialog::exportFinished);
    QVERIFY(dialog->start());
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(QDir(dirPath).entryList(QDir::Files | QDir::Hidden), QStringList{QFileInfo(path).fileName()});

    // The file exists now: the first press asks (in place), the second replaces it whole.
    const QDateTime before = QFileInfo(path).lastModified();
    QVERIFY(!dialog->start());
    auto* resultText = dialog->findChild<QLabel*>(u"exportResult"_s);
    QVERIFY(resultText != nullptr);
    QVERIFY2(resultText->text().contains(u"Press Export again"_s), qPrintable(resultText->text()));
    QCOMPARE(finished.count(), 1);
    QVERIFY(dialog->start());
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.at(1).at(0).toBool(), qPrintable(finished.at(1).at(1).toString()));
    QVERIFY(QFileInfo(path).lastModified() >= before);
    QCOMPARE(QDir(dirPath).entryList(QDir::Files | QDir::Hidden), QStringList{QFileInfo(path).fileName()});

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    const QList<qint64> expectedIds = column0(*m_view->model());
    QCOMPARE(expectedIds.front(), 290);
    switch (format) {
    case Format::Csv:
    case Format::Tsv: {
        const char separator = format == Format::Csv ? ',' : '\t';
        QList<QByteArray> lines = bytes.split('\n');
        if (lines.last().isEmpty())
            lines.removeLast();
        QCOMPARE(lines.size(), 31);
        QCOMPARE(lines[0].trimmed(), QByteArray("id") + separator + "name" + separator + "score" + separator +
                                         "at" + separator + "tags");
        for (int i = 0; i < 30; ++i) {
            const QList<QByteArray> fields = lines[i + 1].trimmed().split(separator);
            QCOMPARE(fields[0].toLongLong(), expectedIds[i]);
            // formula-like text escaped (on by default)
            QCOMPARE(fields[1], "'=cmd" + QByteArray::number(expectedIds[i]));
        }
        break;
    }
    case Format::Json: {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray rows = document.array();
        QCOMPARE(rows.size(), 30);
        for (int i = 0; i < 30; ++i) {
            QCOMPARE(rows[i][u"id"_s].toInteger(), expectedIds[i]);
            QCOMPARE(rows[i][u"name"_s].toString(), u"=cmd"_s + QString::number(expectedIds[i]));
        }
        QVERIFY(rows[0][u"tags"_s].isArray());
        break;
    }
    case Format::JsonLines: {
        QList<QByteArray> lines = bytes.split('\n');
        if (lines.last().isEmpty())
            lines.removeLast();
        QCOMPARE(lines.size(), 30);
        for (int i = 0; i < 30; ++i) {
            QJsonParseError error;
            const QJsonObject row = QJsonDocument::fromJson(lines[i], &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(row[u"id"_s].toInteger(), expectedIds[i]);
        }
        break;
    }
    case Format::Xlsx:
        // a zip (local file header signature) holding the sheet
        QVERIFY(bytes.startsWith("PK\x03\x04"));
        QVERIFY(bytes.contains("xl/worksheets/sheet1.xml"));
        QVERIFY(bytes.contains("[Content_Types].xml"));
        break;
    }
    QVERIFY(dialog->resultText().contains(u"Exported 30 rows"_s));
    dialog->close();
}

void TestUiResults::cancelExport_data()
{
    QTest::addColumn<Format>("format");
    QTest::addColumn<bool>("sorted");
    QTest::newRow("csv") << Format::Csv << false;
    QTest::newRow("json, sorted") << Format::Json << true;
    QTest::newRow("xlsx") << Format::Xlsx << false;
}

void TestUiResults::cancelExport()
{
    QFETCH(Format, format);
    QFETCH(bool, sorted);
    m_tester.reset(); // it would walk all 600,000 rows on each reset
    m_view->setResult(makeResult(makeTable(600000)));
    if (sorted) {
        m_view->setSort(1, Direction::Ascending);
        QVERIFY(waitForOrder(*m_view));
    }
    ui::ResultsExportDialog* dialog = m_view->showExportDialog();
    QVERIFY(dialog);
    dialog->setFormat(format);
    const QString dirPath = m_dir->filePath(u"cancel"_s);
    QVERIFY(QDir().mkpath(dirPath));
    const QString path = QDir(dirPath).filePath(u"big."_s + ui::ResultsExportDialog::suffix(format));
    dialog->setFilePath(path);
    QSignalSpy finished(dialog, &ui::ResultsExportDialog::exportFinished);
    QVERIFY(dialog->start());
    QVERIFY(dialog->isRunning());
    // Cancel once rows are being written (the progress bar moved), or right away if it is fast.
    auto* bar = dialog->findChild<QProgressBar*>(u"exportProgress"_s);
    QVERIFY(bar);
    const bool moved = QTest::qWaitFor([&] { return bar->value() > 0 || !finished.isEmpty(); }, 20000);
    QVERIFY(moved);
    QVERIFY2(finished.isEmpty(), "the export finished before it could be cancelled");
    dialog->cancel();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY(dialog->resultText().contains(u"Cancelled"_s));
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(dirPath).entryList(QDir::Files | QDir::Hidden | QDir::System), QStringList());
    QVERIFY(!dialog->isRunning());
}

void TestUiResults::largeSortKeepsGuiResponsive()
{
    m_tester.reset(); // it would walk all 500,000 rows on the GUI thread, which is what is measured
    m_view->setResult(makeResult(makeTable(500000)));
    // the GUI thread keeps running timers while the worker sorts
    QElapsedTimer clock;
    qint64 last = 0, maxGap = 0;
    int ticks = 0;
    QTimer tick;
    tick.setInterval(10);
    connect(&tick, &QTimer::timeout, this, [&] {
        const qint64 now = clock.elapsed();
        maxGap = std::max(maxGap, now - last);
        last = now;
        ++ticks;
    });
    clock.start();
    tick.start();
    m_view->setSort(1, Direction::Descending); // text: the slowest kind
    QVERIFY2(m_view->statusText().contains(u"Sorting…"_s), qPrintable(m_view->statusText()));
    QVERIFY(waitForOrder(*m_view));
    const qint64 sortMs = clock.elapsed();
    tick.stop();
    QVERIFY(!m_view->statusText().contains(u"Sorting…"_s));
    qInfo("sort 500k rows by text: %lld ms, GUI ticks %d, longest GUI gap %lld ms", sortMs, ticks, maxGap);
    QCOMPARE(m_view->model()->shownRowCount(), 500000);
    const QString first = m_view->model()->index(0, 1).data().toString();
    const QString second = m_view->model()->index(1, 1).data().toString();
    QVERIFY(first.compare(second, Qt::CaseInsensitive) >= 0);
    // the only GUI-thread work is applying the order; a gap of a second would be a frozen window
    QVERIFY2(maxGap < 1000, qPrintable(u"GUI blocked for %1 ms"_s.arg(maxGap)));

    // a newer request drops the older one: the last spec wins
    m_view->setSort(0, Direction::Ascending);
    m_view->setSort(0, Direction::Descending);
    QVERIFY(waitForOrder(*m_view));
    QCOMPARE(m_view->model()->index(0, 0).data(model::ResultTableModel::RawValueRole).toLongLong(), 499999);
}

void TestUiResults::screenshot()
{
    // Written only when asked (HOGSCOPE_RESULTS_SCREENSHOT=<png path>), for looking at the grid.
    m_view->setResult(makeResult(makeTable(1000)), api::QueryProgress{250000, 12 * 1024 * 1024, 0, 0});
    m_view->setFilter(u"name1"_s, 1);
    m_view->setSort(2, Direction::Descending);
    QVERIFY(waitForOrder(*m_view));
    m_view->tableView()->selectRow(1);
    const QString path = qEnvironmentVariable("HOGSCOPE_RESULTS_SCREENSHOT");
    if (path.isEmpty())
        QSKIP("HOGSCOPE_RESULTS_SCREENSHOT not set");
    QVERIFY(m_view->grab().save(path));
    ui::ResultsExportDialog* dialog = m_view->showExportDialog();
    QVERIFY(dialog);
    dialog->setFilePath(u"/home/user/Documents/results.csv"_s);
    QTest::qWait(50);
    QVERIFY(dialog->grab().save(QString(path).replace(u".png"_s, u"-export.png"_s)));
}

QTEST_MAIN(TestUiResults)
#include "tst_ui_results.moc"
