// HogQL parser throughput over the conformance corpus and on a 5,000-line script, with PostHog's
// reference parser (@posthog/hogql-parser under node) timed on the same inputs in the same run.
// Prints `name: value unit` and `ratio name: value` lines (bigger is better).
// Usage: bench_hogql_parse [corpus.jsonl]

#include "hogql/json_writer.h"
#include "hogql/parser.h"
#include "hogql/statements.h"

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

struct Case
{
    bool expr = false;
    std::string query;
};

double msSince(Clock::time_point t0)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// A script of realistic statements, 5,000 lines long, separated by `;` + newline.
std::string makeScript(const std::vector<Case>& cases, int lines, size_t& statements)
{
    std::string script;
    statements = 0;
    int count = 0;
    while (count < lines) {
        for (const Case& c : cases) {
            if (c.expr || c.query.find(';') != std::string::npos)
                continue;
            if (hogscope::hogql::parseSelect(c.query).errors.size())
                continue;
            // multi-line layout, as analysts write them
            std::string q = c.query;
            for (const char* kw : {" from ", " where ", " group by ", " order by ", " limit "}) {
                const size_t at = q.find(kw);
                if (at != std::string::npos)
                    q[at] = '\n';
            }
            script += q;
            // a trailing line comment would swallow the `;`
            const bool lineComment = q.find("--") != std::string::npos || q.find("//") != std::string::npos;
            script += lineComment ? "\n;\n" : ";\n";
            ++statements;
            count += static_cast<int>(std::count(q.begin(), q.end(), '\n')) + 1;
            if (count >= lines)
                break;
        }
    }
    return script;
}

// Runs the reference parser timing script; returns its `name: value` figures.
std::map<std::string, double> runReference(const std::string& corpus, int rounds, const std::string& script)
{
    std::map<std::string, double> out;
    const std::string command = "node '" HOGQL_REFERENCE_SCRIPT "' '" + corpus + "' " +
                                std::to_string(rounds) + " '" + script + "' 2>&1";
    FILE* pipe = popen(command.c_str(), "r");
    if (!pipe)
        return out;
    char line[512];
    while (std::fgets(line, sizeof line, pipe)) {
        char name[128];
        double value = 0;
        if (std::sscanf(line, "%127[^:]: %lf", name, &value) == 2)
            out[name] = value;
        else
            std::fprintf(stderr, "reference: %s", line);
    }
    pclose(pipe);
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    const std::string path = argc > 1 ? argv[1] : HOGQL_CORPUS;
    simdjson::dom::parser json;
    simdjson::dom::document_stream stream;
    if (json.load_many(path).get(stream)) {
        std::fprintf(stderr, "cannot read %s\n", path.c_str());
        return 2;
    }
    std::vector<Case> cases;
    size_t bytes = 0;
    for (auto doc : stream) {
        std::string_view kind;
        std::string_view query;
        if (doc["kind"].get(kind) || doc["query"].get(query))
            continue;
        cases.push_back({kind == "expr", std::string(query)});
        bytes += query.size();
    }
    auto parse = [](const Case& c) {
        return c.expr ? hogscope::hogql::parseExpr(c.query) : hogscope::hogql::parseSelect(c.query);
    };

    // ours: parse only, and parse + JSON (what the reference's API returns)
    constexpr int kRounds = 30;
    size_t sink = 0;
    for (const Case& c : cases) // warm-up
        sink += parse(c).errors.size();
    auto t0 = Clock::now();
    for (int r = 0; r < kRounds; ++r) {
        for (const Case& c : cases)
            sink += parse(c).errors.size();
    }
    const double parseRoundMs = msSince(t0) / kRounds;
    t0 = Clock::now();
    for (int r = 0; r < kRounds; ++r) {
        for (const Case& c : cases) {
            const auto result = parse(c);
            sink += result.root ? hogscope::hogql::toJson(*result.root, c.query).size()
                                : hogscope::hogql::errorToJson(result.errors.front(), c.query).size();
        }
    }
    const double jsonRoundMs = msSince(t0) / kRounds;

    // a 5,000-line script: split into statements and parse each
    size_t expectedStatements = 0;
    const std::string script = makeScript(cases, 5000, expectedStatements);
    const std::string scriptPath = "/tmp/hogscope_bench_script_" + std::to_string(::getpid()) + ".hogql";
    std::ofstream(scriptPath, std::ios::binary) << script;
    double scriptMs = 1e9;
    size_t statementCount = 0;
    for (int r = 0; r < 5; ++r) { // best of 5
        t0 = Clock::now();
        const auto statements = hogscope::hogql::splitStatements(script);
        for (const auto& s : statements)
            sink += parse({false, script.substr(s.begin, s.end - s.begin)}).errors.size();
        scriptMs = std::min(scriptMs, msSince(t0));
        statementCount = statements.size();
    }
    if (statementCount != expectedStatements) {
        std::fprintf(stderr,
                     "bench_hogql_parse: the script holds %zu statements, splitStatements found %zu\n",
                     expectedStatements, statementCount);
        return 1;
    }

    const auto reference = runReference(path, 3, scriptPath);
    std::remove(scriptPath.c_str());

    const double mb = bytes / 1e6;
    std::printf("hogql_corpus_cases: %zu count\n", cases.size());
    std::printf("hogql_corpus_bytes: %zu bytes\n", bytes);
    std::printf("hogql_parse_round: %.3f ms\n", parseRoundMs);
    std::printf("hogql_parse_throughput: %.2f MB/s\n", mb / (parseRoundMs / 1e3));
    std::printf("hogql_parse_queries: %.0f queries/s\n", cases.size() / (parseRoundMs / 1e3));
    std::printf("hogql_parse_json_round: %.3f ms\n", jsonRoundMs);
    std::printf("hogql_parse_json_throughput: %.2f MB/s\n", mb / (jsonRoundMs / 1e3));
    std::printf("hogql_script_lines: 5000 lines\n");
    std::printf("hogql_script_statements: %zu count\n", statementCount);
    std::printf("hogql_script_bytes: %zu bytes\n", script.size());
    std::printf("hogql_script_parse: %.3f ms\n", scriptMs);
    const auto refCorpus = reference.find("reference_corpus_round");
    if (refCorpus != reference.end()) {
        std::printf("reference_parse_json_round: %.3f ms\n", refCorpus->second);
        std::printf("reference_parse_throughput: %.2f MB/s\n", mb / (refCorpus->second / 1e3));
        std::printf("reference_parse_queries: %.0f queries/s\n", cases.size() / (refCorpus->second / 1e3));
        std::printf("ratio hogql_parse_json_vs_reference: %.1f\n", refCorpus->second / jsonRoundMs);
        std::printf("ratio hogql_parse_only_vs_reference: %.1f\n", refCorpus->second / parseRoundMs);
    } else {
        std::printf(
            "reference_parse_json_round: unavailable (node or @posthog/hogql-parser missing; run `make "
            "npm-deps`)\n");
    }
    const auto refScript = reference.find("reference_script");
    if (refScript != reference.end()) {
        std::printf("reference_script_parse: %.3f ms\n", refScript->second);
        std::printf("ratio hogql_script_vs_reference: %.1f\n", refScript->second / scriptMs);
    }
    return sink == 0 ? 1 : 0;
}
