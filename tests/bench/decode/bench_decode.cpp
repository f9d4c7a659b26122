// Decoding benchmark: synthetic HogQL responses (8 columns, ~550 bytes a row, keys in PostHog's
// order) decoded into the result table, with simdjson DOM parse-only and QJsonDocument -> QVariant
// rows timed on the same bodies in the same run. Also: bytes kept per cell, peak memory (each
// decoder in a child process, VmHWM, the body included), and the GUI thread's longest stall while a
// result decodes on a worker and is handed to a model shown in a QTableView (a 1 ms timer probe;
// the handoff, the view's repaint and an idle control are reported apart).
// Prints "name: value unit" lines and "ratio name: value" (bigger is better for us).
// Usage: bench_decode [rows...]            (default: 50000 500000)
//        bench_decode --peak ROWS DECODER  (child mode: ours | dom | qjson)
#include "api/response_decoder.h"
#include "model/result_table.h"
#include "model/result_table_model.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTableView>
#include <QTimer>
#include <QVariant>
#include <QtConcurrent>

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

#include <malloc.h>

using namespace hogscope;

namespace {

constexpr int kColumns = 8;

// One HogQL response as PostHog writes it (pydantic dumps keys in alphabetical order, so "columns"
// comes before the rows and "types" after them), rows of about 550 bytes.
QByteArray syntheticResponse(int rows)
{
    static const char* const events[] = {"$pageview", "$autocapture", "$pageleave", "signed_up", "$identify"};
    static const char* const browsers[] = {"Chrome", "Firefox", "Safari", "Edge"};
    static const char* const paths[] = {"/", "/pricing", "/docs/getting-started", "/blog/why-hogs",
                                        "/signup"};
    std::mt19937_64 random(42);
    QByteArray out;
    // Room past the end, as ApiClient reads bodies (the decoder needs 64 readable bytes there).
    out.reserve(qsizetype(rows) * 560 + 2048);
    out +=
        R"({"clickhouse": "SELECT events.uuid AS uuid FROM events LIMIT 50000",)"
        R"( "columns": ["uuid", "event", "distinct_id", "timestamp", "browser", "url", "n", "properties"],)"
        R"( "hasMore": false, "hogql": "SELECT uuid, event, distinct_id, timestamp FROM events",)"
        R"( "is_cached": false, "limit": null, "modifiers": {"personsOnEventsMode": "person_id_override_properties_on_events"},)"
        R"( "offset": null, "query_status": null, "results": [)";
    char line[1024];
    for (int i = 0; i < rows; ++i) {
        const quint64 a = random(), b = random();
        const char* event = events[random() % 5];
        const char* browser = browsers[random() % 4];
        const char* path = paths[random() % 5];
        const int second = int(random() % 86400);
        const int length = std::snprintf(
            line, sizeof line,
            R"(%s["%08llx-%04llx-4%03llx-8%03llx-%012llx", "%s", "user-%05llu", "2026-05-%02dT%02d:%02d:%02d.%06dZ", )"
            R"("%s", "https://app.example.com%s?utm_source=mail", %llu, )"
            R"("{\"$browser\": \"%s\", \"$os\": \"Linux\", \"$current_url\": \"https://app.example.com%s\", )"
            R"(\"$screen_width\": %d, \"$lib\": \"web\", \"$lib_version\": \"1.130.2\", )"
            R"(\"$referring_domain\": \"news.example.org\", \"$device_type\": \"Desktop\", )"
            R"(\"$session_id\": \"%016llx%016llx\", \"$pathname\": \"%s\", \"$timezone\": \"Europe/Berlin\"}"])",
            i == 0 ? "" : ", ", (unsigned long long)(a >> 32), (unsigned long long)(a & 0xffff),
            (unsigned long long)(b & 0xfff), (unsigned long long)((b >> 12) & 0xfff),
            (unsigned long long)(b >> 16) & 0xffffffffffffULL, event, (unsigned long long)(random() % 100000),
            1 + second % 28, second / 3600, second / 60 % 60, second % 60, int(random() % 1000000), browser,
            path, (unsigned long long)(random() % 100000), browser, path, 1024 + int(random() % 1024),
            (unsigned long long)random(), (unsigned long long)random(), path);
        out.append(line, length);
    }
    out +=
        R"(], "timings": [{"k": "./clickhouse_execute", "t": 0.41}, {"k": ".", "t": 0.5}],)"
        R"( "types": [["uuid", "UUID"], ["event", "String"], ["distinct_id", "String"],)"
        R"j( ["timestamp", "DateTime64(6, 'UTC')"], ["browser", "String"], ["url", "String"], ["n", "Int64"],)j"
        R"( ["properties", "String"]]})";
    return out;
}

// A private copy with the spare capacity ApiClient gives a body read from the network.
QByteArray ownedCopy(const QByteArray& body)
{
    QByteArray owned;
    owned.reserve(body.size() + 128);
    owned.append(body);
    return owned;
}

double msSince(const QElapsedTimer& timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

// The QJsonDocument baseline: parse, then one QVariantList per row.
QList<QVariantList> qjsonRows(const QByteArray& body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonArray results = document.object().value(QLatin1StringView("results")).toArray();
    QList<QVariantList> table;
    table.reserve(results.size());
    for (const QJsonValue& row : results)
        table.append(row.toArray().toVariantList());
    return table;
}

qint64 statusKb(const char* field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray prefix = QByteArray(field) + ':';
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).trimmed().split(' ').first().toLongLong();
    return -1;
}

// Child mode: peak resident memory of one decoder over the body, as a multiple of the body size
// (the body itself included). Prints "peak_ratio: x".
int peakChild(int rows, const QByteArray& decoder)
{
    const qint64 before = statusKb("VmRSS");
    QByteArray body = syntheticResponse(rows);
    const double bodyBytes = double(body.size());
    malloc_trim(0);
    // Start the high-water mark afresh from here (Linux: writing 5 to clear_refs resets VmHWM).
    QFile clear(QStringLiteral("/proc/self/clear_refs"));
    if (clear.open(QIODevice::WriteOnly))
        clear.write("5");
    clear.close();
    qint64 kept = 0;
    if (decoder == "ours") {
        const api::QueryResponse response = api::decodeQueryResponse(std::move(body));
        kept = response.result.table ? response.result.table->rowCount() : -1;
    } else if (decoder == "dom") {
        const simdjson::padded_string padded(body.constData(), size_t(body.size()));
        simdjson::dom::parser parser;
        simdjson::dom::element document;
        kept = parser.parse(padded).get(document) == simdjson::SUCCESS ? rows : -1;
    } else {
        kept = qjsonRows(body).size();
    }
    const qint64 peak = statusKb("VmHWM");
    if (kept != rows || peak < 0 || before < 0)
        return 1;
    std::printf("peak_ratio: %.3f\n", double(peak - before) * 1024.0 / bodyBytes);
    return 0;
}

double peakRatio(int rows, const char* decoder)
{
    QProcess child;
    child.start(QCoreApplication::applicationFilePath(),
                {QStringLiteral("--peak"), QString::number(rows), QString::fromLatin1(decoder)});
    if (!child.waitForFinished(600000) || child.exitCode() != 0)
        return -1;
    const QByteArray out = child.readAllStandardOutput();
    const qsizetype at = out.indexOf("peak_ratio: ");
    return at < 0 ? -1 : out.mid(at + 12).trimmed().toDouble();
}

struct GuiProbe
{
    double decodeGapMs = 0;       // longest stall while results decode on the worker
    double handoffMs[2] = {0, 0}; // setTable, the view's reaction to the reset included: first
                                  // load (the view meets a table this large for the first time), second
    double anyGapMs = 0;          // longest stall overall: handoffs and the views' repaints included
    double repaintMs = 0;         // one full repaint of the view showing the result (fastest of three)
    double idleGapMs = 0;         // control: longest gap of the same probe for 1 s with nothing to do
};

// The probe alone, with no work anywhere in the process: how late this machine delivers timers.
double idleGapMs()
{
    QElapsedTimer clock;
    clock.start();
    qint64 last = -1, worst = 0;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QEventLoop loop;
    QObject::connect(&probe, &QTimer::timeout, &loop, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last >= 0)
            worst = std::max(worst, now - last);
        last = now;
        if (now > 1000000000)
            loop.quit();
    });
    probe.start();
    loop.exec();
    return double(worst) / 1e6;
}

// Decodes on a worker while a 1 ms timer on this (GUI) thread records when it ticks; the finished
// table is handed to a model shown in a QTableView, twice (the second load also releases the
// first table). The longest gap between ticks is the longest stall of the GUI thread.
GuiProbe guiProbe(const QByteArray& body)
{
    model::ResultTableModel model;
    QTableView view;
    view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.verticalHeader()->setDefaultSectionSize(22);
    view.horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    view.setModel(&model);
    view.resize(1000, 700);
    view.show();
    QCoreApplication::processEvents();
    // The bodies as the network delivers them, prepared before the probe starts.
    std::vector<QByteArray> bodies = {ownedCopy(body), ownedCopy(body)};

    GuiProbe result;
    QElapsedTimer clock;
    clock.start();
    std::vector<qint64> ticks;
    ticks.reserve(100000);
    std::vector<std::pair<qint64, qint64>> decoding; // [decode start, decoded table arrives]
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(1);
    QObject::connect(&probe, &QTimer::timeout, &probe, [&] { ticks.push_back(clock.nsecsElapsed()); });
    size_t loads = 0;
    QEventLoop loop;
    std::function<void()> load = [&] {
        decoding.emplace_back(clock.nsecsElapsed(), 0);
        auto* watcher = new QFutureWatcher<api::QueryResponse>(&loop);
        QObject::connect(watcher, &QFutureWatcher<api::QueryResponse>::finished, &loop, [&, watcher] {
            decoding.back().second = clock.nsecsElapsed();
            QElapsedTimer handoff;
            handoff.start();
            model.setTable(watcher->result().result.table);
            watcher->deleteLater();
            result.handoffMs[loads] = msSince(handoff);
            // Let the view lay out and paint the new rows before the next load or the end.
            QTimer::singleShot(300, &loop, [&] {
                if (++loads == bodies.size())
                    loop.quit();
                else
                    load();
            });
        });
        watcher->setFuture(QtConcurrent::run([owned = std::move(bodies[loads])]() mutable {
            return api::decodeQueryResponse(std::move(owned));
        }));
    };
    probe.start();
    load();
    loop.exec();
    probe.stop();

    for (size_t i = 1; i < ticks.size(); ++i) {
        const double gap = double(ticks[i] - ticks[i - 1]) / 1e6;
        result.anyGapMs = std::max(result.anyGapMs, gap);
        for (const auto& [from, to] : decoding)
            if (ticks[i] > from && ticks[i] <= to)
                result.decodeGapMs = std::max(result.decodeGapMs, gap);
    }
    result.repaintMs = 1e300;
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        view.viewport()->repaint();
        result.repaintMs = std::min(result.repaintMs, msSince(timer));
    }
    model.setTable(nullptr);
    result.idleGapMs = idleGapMs();
    return result;
}

void run(int rows)
{
    const std::string size = rows % 1000 == 0 ? std::to_string(rows / 1000) + "k" : std::to_string(rows);
    const std::string label = "decode_" + size;
    const char* name = label.c_str();
    const int runs = rows <= 100000 ? 11 : 5;
    const QByteArray body = syntheticResponse(rows);
    const double megabytes = double(body.size()) / (1024.0 * 1024.0);
    std::printf("%s_body_bytes: %lld bytes\n", name, (long long)body.size());
    std::printf("%s_bytes_per_row: %.0f bytes\n", name, double(body.size()) / rows);

    // Ours, end to end: body in, finished table out (the body becomes the table's text buffer),
    // and simdjson's DOM parse alone with a warm parser, in turn, so both see the same machine load.
    const simdjson::padded_string padded(body.constData(), size_t(body.size()));
    simdjson::dom::parser parser;
    std::vector<double> ours, dom;
    double first = 0, release = 1e300, bytesPerCell = 0;
    for (int i = 0; i < runs; ++i) {
        QByteArray owned = ownedCopy(body);
        QElapsedTimer timer;
        timer.start();
        api::QueryResponse response = api::decodeQueryResponse(std::move(owned));
        ours.push_back(msSince(timer));
        const auto& table = response.result.table;
        if (!table || table->rowCount() != rows || table->columnCount() != kColumns ||
            table->cellKind(rows - 1, 3) != model::CellKind::DateTime ||
            table->cellKind(rows - 1, 6) != model::CellKind::Integer ||
            !table->text(rows - 1, 7).starts_with("{\"$browser\"")) {
            std::fprintf(stderr, "decoder failed: %s\n", qPrintable(response.error.message));
            std::exit(1);
        }
        bytesPerCell = double(table->memoryBytes()) / (double(rows) * kColumns);
        first = i == 0 ? ours.back() : first;
        timer.restart();
        response = api::QueryResponse();
        release = std::min(release, msSince(timer));

        timer.restart();
        simdjson::dom::element document;
        if (parser.parse(padded).get(document) != simdjson::SUCCESS)
            std::exit(1);
        dom.push_back(msSince(timer));
    }
    std::sort(ours.begin(), ours.end());
    std::sort(dom.begin(), dom.end());

    double qjson = 1e300;
    for (int i = 0; i < std::min(runs, 2); ++i) {
        QElapsedTimer timer;
        timer.start();
        const QList<QVariantList> table = qjsonRows(body);
        qjson = std::min(qjson, msSince(timer)); // the rows are freed after the clock stops
        if (table.size() != rows)
            std::exit(1);
    }

    // Fastest of the runs (least disturbed by other work on the machine), medians alongside.
    const double best = ours.front(), domBest = dom.front();
    std::printf("%s_ours: %.1f ms\n", name, best);
    std::printf("%s_ours_median: %.1f ms\n", name, ours[ours.size() / 2]);
    std::printf("%s_ours_first_run: %.1f ms\n", name, first);
    std::printf("%s_ours_throughput: %.0f MB/s\n", name, megabytes / (best / 1000.0));
    std::printf("%s_table_release: %.1f ms\n", name, release);
    std::printf("%s_simdjson_dom_parse_only: %.1f ms\n", name, domBest);
    std::printf("%s_simdjson_dom_parse_only_median: %.1f ms\n", name, dom[dom.size() / 2]);
    std::printf("%s_simdjson_dom_throughput: %.0f MB/s\n", name, megabytes / (domBest / 1000.0));
    std::printf("%s_qjsondocument_qvariant_rows: %.1f ms\n", name, qjson);
    std::printf("ratio %s_ours_over_dom_parse_only: %.2f\n", name, domBest / best);
    std::printf("ratio %s_ours_over_dom_parse_only_median: %.2f\n", name,
                dom[dom.size() / 2] / ours[ours.size() / 2]);
    std::printf("ratio %s_ours_over_qjsondocument: %.2f\n", name, qjson / best);
    std::printf("%s_bytes_per_cell: %.1f bytes\n", name, bytesPerCell);
    std::fflush(stdout);

    const double peakOurs = peakRatio(rows, "ours");
    const double peakDom = peakRatio(rows, "dom");
    const double peakQjson = peakRatio(rows, "qjson");
    std::printf("%s_peak_memory_ours: %.2f x body\n", name, peakOurs);
    std::printf("%s_peak_memory_dom_parse: %.2f x body\n", name, peakDom);
    std::printf("%s_peak_memory_qjsondocument: %.2f x body\n", name, peakQjson);
    if (peakOurs > 0) {
        std::printf("ratio %s_peak_memory_dom_over_ours: %.2f\n", name, peakDom / peakOurs);
        std::printf("ratio %s_peak_memory_qjsondocument_over_ours: %.2f\n", name, peakQjson / peakOurs);
    }

    const GuiProbe gui = guiProbe(body);
    std::printf("%s_gui_max_gap_while_decoding: %.1f ms\n", name, gui.decodeGapMs);
    std::printf("%s_gui_handoff_first: %.2f ms\n", name, gui.handoffMs[0]);
    std::printf("%s_gui_handoff_second: %.2f ms\n", name, gui.handoffMs[1]);
    std::printf("%s_gui_max_gap_with_handoff_and_view_repaint: %.1f ms\n", name, gui.anyGapMs);
    std::printf("%s_gui_view_repaint: %.1f ms\n", name, gui.repaintMs);
    std::printf("%s_gui_max_gap_idle_control: %.1f ms\n", name, gui.idleGapMs);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 4 && QByteArray(argv[1]) == "--peak") {
        QCoreApplication app(argc, argv);
        return peakChild(QByteArray(argv[2]).toInt(), QByteArray(argv[3]));
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.push_back(QByteArray(argv[i]).toInt());
    if (sizes.empty())
        sizes = {50000, 500000};
    for (int rows : sizes)
        run(rows);
    return 0;
}
