// Fuzz smoke run for `make test`, built with the normal compiler (no libFuzzer needed): feeds the
// harness every file of the kept corpus, then deterministic random mutations of them for a time
// budget. Under the asan preset the same run is sanitizer-checked. The long runs use libFuzzer
// (see README.md in this folder).
// Usage: fuzz_hogql_smoke CORPUS_DIR [SECONDS]

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::string mutate(const std::string& in, const std::vector<std::string>& corpus, std::mt19937& rng)
{
    std::string s = in;
    static const char* const kTokens[] = {"(",        ")",    "[",  "]",  "{",  "}",  "'",       "\"",
                                          "`",        ",",    ";",  "<",  "/>", "</", "SELECT ", " FROM ",
                                          " WHERE ",  " AS ", "--", "/*", "*/", "\\", "f'",      "{x}",
                                          "\xc3\xa9", "\xff", "\n", " ",  ".",  "::", "->"};
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
        const size_t pos = s.empty() ? 0 : rng() % (s.size() + 1);
        switch (rng() % 5) {
        case 0: // delete a range
            if (!s.empty())
                s.erase(std::min(pos, s.size() - 1), 1 + rng() % 8);
            break;
        case 1: // insert a token
            s.insert(pos, kTokens[rng() % std::size(kTokens)]);
            break;
        case 2: // flip a byte
            if (!s.empty())
                s[std::min(pos, s.size() - 1)] = static_cast<char>(rng());
            break;
        case 3: { // splice in part of another input
            const std::string& other = corpus[rng() % corpus.size()];
            if (!other.empty()) {
                const size_t from = rng() % other.size();
                s.insert(pos, other.substr(from, 1 + rng() % 40));
            }
            break;
        }
        default: // duplicate a range (deep nesting, long lists)
            if (!s.empty()) {
                const size_t from = rng() % s.size();
                const std::string piece = s.substr(from, 1 + rng() % 16);
                for (int k = 0; k < 1 + static_cast<int>(rng() % 20); ++k)
                    s.insert(pos, piece);
            }
        }
    }
    return s;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::fprintf(stderr, "usage: fuzz_hogql_smoke CORPUS_DIR [SECONDS]\n");
        return 2;
    }
    const double seconds = argc > 2 ? std::atof(argv[2]) : 10.0;
    std::vector<std::string> corpus;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(argv[1])) {
        if (!entry.is_regular_file())
            continue;
        std::ifstream in(entry.path(), std::ios::binary);
        corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (corpus.empty()) {
        std::fprintf(stderr, "no corpus files under %s\n", argv[1]);
        return 2;
    }
    for (const std::string& input : corpus)
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());

    std::mt19937 rng(20261129);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    size_t runs = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        const std::string input = mutate(corpus[rng() % corpus.size()], corpus, rng);
        LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
        ++runs;
    }
    std::printf("fuzz_smoke_corpus: %zu files\nfuzz_smoke_mutations: %zu runs\n", corpus.size(), runs);
    return 0;
}
