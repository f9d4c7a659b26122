// Decoding benchmark: synthetic HogQL responses (8 columns, ~550 bytes a row) decoded by our
// simdjson-based decoder, against simdjson DOM parse-only and QJsonDocument -> QVariant rows.
// Prints "name: value unit" lines and "ratio name: value" (bigger is better for us).
#include "api/response_decoder.h"
#include "model/result_table.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVariant>

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <random>

namespace {

QByteArray syntheticResponse(int rows)
{
    static const char* const events[] = {"$pageview", "$autocapture", "$pageleave", "signed_up", "$identify"};
    static const char* const browsers[] = {"Chrome", "Firefox", "Safari", "Edge"};
    static const char* const paths[] = {"/", "/pricing", "/docs/getting-started", "/blog/why-hogs",
                                        "/signup"};
    std::mt19937_64 random(42);
    QByteArray out;
    out.reserve(qsizetype(rows) * 600 + 1024);
    out += R"({"results": [)";
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
            R"("%s", "https://app.example.com%s?ref=newsletter&utm_source=mail", %llu, )"
            R"("{\"$browser\": \"%s\", \"$os\": \"Linux\", \"$current_url\": \"https://app.example.com%s\", )"
            R"(\"$screen_width\": %d, \"$lib\": \"web\", \"$lib_version\": \"1.130.2\", \"plan\": \"team\", )"
            R"(\"$referring_domain\": \"news.example.org\", \"$device_type\": \"Desktop\", )"
            R"(\"$session_id\": \"%016llx%016llx\", \"$pathname\": \"%s\", \"$timezone\": \"Europe/Berlin\"}"])",
            i == 0 ? "" : ",", (unsigned long long)(a >> 32), (unsigned long long)(a & 0xffff),
            (unsigned long long)(b & 0xfff), (unsigned long long)((b >> 12) & 0xfff),
            (unsigned long long)(b >> 16) & 0xffffffffffffULL, event, (unsigned long long)(random() % 100000),
            1 + second % 28, second / 3600, second / 60 % 60, second % 60, int(random() % 1000000), browser,
            path, (unsigned long long)(random() % 100000), browser, path, 1024 + int(random() % 1024),
            (unsigned long long)random(), (unsigned long long)random(), path);
        out.append(line, length);
    }
    out +=
        R"(], "columns": ["uuid", "event", "distinct_id", "timestamp", "browser", "url", "n", "properties"],)"
        R"( "types": [["uuid", "UUID"], ["event", "String"], ["distinct_id", "String"],)"
        R"j( ["timestamp", "DateTime64(6, 'UTC')"], ["browser", "String"], ["url", "String"], ["n", "Int64"],)j"
        R"( ["properties", "String"]], "hasMore": false, "hogql": "SELECT ...", "is_cached": false,)"
        R"( "timings": [{"k": ".", "t": 0.5}]})";
    return out;
}

template <typename F>
double bestMs(int runs, F&& f)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        f();
        best = std::min(best, double(timer.nsecsElapsed()) / 1e6);
    }
    return best;
}

void run(const char* label, int rows, int runs)
{
    const QByteArray body = syntheticResponse(rows);
    std::printf("%s_body_bytes: %lld bytes\n", label, (long long)body.size());
    std::printf("%s_bytes_per_row: %.0f bytes\n", label, double(body.size()) / rows);

    // The client hands the decoder a body it owns, read with spare capacity (ApiClient does so);
    // preparing that copy is outside the timing, as the network read is.
    int decodedRows = 0;
    double ours = 1e300;
    for (int i = 0; i < runs; ++i) {
        QByteArray owned;
        owned.reserve(body.size() + 128);
        owned.append(body);
        QElapsedTimer timer;
        timer.start();
        {
            const auto response = hogscope::api::decodeQueryResponse(std::move(owned));
            decodedRows = response.result.table ? response.result.table->rowCount() : -1;
        }
        ours = std::min(ours, double(timer.nsecsElapsed()) / 1e6);
    }
    if (decodedRows != rows) {
        std::fprintf(stderr, "decoder returned %d rows, expected %d\n", decodedRows, rows);
        std::exit(1);
    }

    simdjson::padded_string padded(body.constData(), size_t(body.size()));
    simdjson::dom::parser parser;
    const double domOnly = bestMs(runs, [&] {
        simdjson::dom::element document;
        if (parser.parse(padded).get(document) != simdjson::SUCCESS)
            std::exit(1);
    });

    // What a one-shot decode pays: a new parser (fresh memory, page faults) and a padded copy.
    const double domFresh = bestMs(runs, [&] {
        simdjson::dom::parser freshParser;
        simdjson::dom::element document;
        if (freshParser.parse(body.constData(), size_t(body.size())).get(document) != simdjson::SUCCESS)
            std::exit(1);
    });

    qsizetype variantRows = 0;
    const double qjson = bestMs(runs, [&] {
        const QJsonDocument document = QJsonDocument::fromJson(body);
        const QJsonArray results = document.object().value(QLatin1StringView("results")).toArray();
        QList<QVariantList> table;
        table.reserve(results.size());
        for (const QJsonValue& row : results)
            table.append(row.toArray().toVariantList());
        variantRows = table.size();
    });
    if (variantRows != rows)
        std::exit(1);

    const double mb = double(body.size()) / (1024.0 * 1024.0);
    std::printf("%s_ours: %.1f ms\n", label, ours);
    std::printf("%s_ours_throughput: %.0f MB/s\n", label, mb / (ours / 1000.0));
    std::printf("%s_simdjson_dom_parse_only: %.1f ms\n", label, domOnly);
    std::printf("%s_simdjson_dom_parse_fresh_parser_and_copy: %.1f ms\n", label, domFresh);
    std::printf("%s_qjsondocument_qvariant_rows: %.1f ms\n", label, qjson);
    std::printf("ratio %s_qjsondocument_over_ours: %.2f\n", label, qjson / ours);
    std::printf("ratio %s_dom_parse_only_over_ours: %.2f\n", label, domOnly / ours);
    std::printf("ratio %s_dom_parse_fresh_over_ours: %.2f\n", label, domFresh / ours);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    run("decode_50k", 50000, 5);
    run("decode_500k", 500000, 2);
    return 0;
}
