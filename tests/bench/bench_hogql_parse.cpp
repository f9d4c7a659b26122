// Parser throughput on the conformance corpus: prints `name: value unit` lines.
// Usage: bench_hogql_parse [corpus.jsonl] (defaults to the corpus in the source tree)

#include "hogql/json_writer.h"
#include "hogql/parser.h"

#include <simdjson.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    const std::string path = argc > 1 ? argv[1] : HOGQL_CORPUS;
    simdjson::dom::parser json;
    simdjson::dom::document_stream stream;
    if (json.load_many(path).get(stream)) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return 2;
    }
    std::vector<std::pair<bool, std::string>> cases;
    size_t bytes = 0;
    for (auto doc : stream) {
        std::string_view kind;
        std::string_view query;
        if (doc["kind"].get(kind) || doc["query"].get(query))
            continue;
        cases.emplace_back(kind == "expr", std::string(query));
        bytes += query.size();
    }
    constexpr int kRounds = 50;
    size_t sink = 0;
    const auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < kRounds; ++r) {
        for (const auto& [expr, q] : cases) {
            const auto result = expr ? hogscope::hogql::parseExpr(q) : hogscope::hogql::parseSelect(q);
            sink += result.errors.size() + (result.root ? 1 : 0);
        }
    }
    const auto t1 = std::chrono::steady_clock::now();
    for (const auto& [expr, q] : cases) {
        const auto result = expr ? hogscope::hogql::parseExpr(q) : hogscope::hogql::parseSelect(q);
        if (result.root)
            sink += hogscope::hogql::toJson(*result.root, q).size();
    }
    const auto t2 = std::chrono::steady_clock::now();
    const double parseUs =
        std::chrono::duration<double, std::micro>(t1 - t0).count() / (kRounds * cases.size());
    const double jsonMs = std::chrono::duration<double, std::milli>(t2 - t1).count();
    const double mbPerS = (bytes * kRounds) / std::chrono::duration<double>(t1 - t0).count() / 1e6;
    std::printf("hogql_parse_per_query: %.2f us\n", parseUs);
    std::printf("hogql_parse_throughput: %.2f MB/s\n", mbPerS);
    std::printf("hogql_parse_and_json_corpus: %.2f ms\n", jsonMs);
    std::printf("hogql_corpus_cases: %zu count\n", cases.size());
    return sink == 0 ? 1 : 0;
}
