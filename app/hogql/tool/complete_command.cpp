// `hogql complete --offset N [FILE|-]`: prints the completion context at byte offset N as JSON.

#include "commands.h"

#include "hogql/completion.h"
#include "hogql/json_text.h"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <string>

namespace hogscope::hogql::tool {

namespace {

void writeString(std::string& out, std::string_view s)
{
    hogql::appendJsonString(out, s);
}

void writeStrings(std::string& out, const std::vector<std::string>& list)
{
    out += '[';
    for (size_t i = 0; i < list.size(); ++i) {
        if (i)
            out += ',';
        writeString(out, list[i]);
    }
    out += ']';
}

std::string toJson(const CompletionContext& ctx)
{
    std::string out = "{\"offset\":" + std::to_string(ctx.offset);
    out += ",\"statement\":{\"index\":" + std::to_string(ctx.statementIndex) +
           ",\"begin\":" + std::to_string(ctx.statement.begin) +
           ",\"end\":" + std::to_string(ctx.statement.end) + ",\"terminator\":" +
           (ctx.statement.terminator == StatementRange::npos ? std::string("null")
                                                             : std::to_string(ctx.statement.terminator)) +
           "}";
    out += ",\"prefix\":{\"begin\":" + std::to_string(ctx.prefixBegin) +
           ",\"end\":" + std::to_string(ctx.prefixEnd) + ",\"text\":";
    writeString(out, ctx.prefix);
    out += "},\"wordEnd\":" + std::to_string(ctx.wordEnd);
    out += std::string(",\"inComment\":") + (ctx.inComment ? "true" : "false");
    out += std::string(",\"inString\":") + (ctx.inString ? "true" : "false");
    out += ",\"kinds\":[";
    for (size_t i = 0; i < ctx.kinds.size(); ++i) {
        if (i)
            out += ',';
        writeString(out, completionKindName(ctx.kinds[i]));
    }
    out += "],\"property\":";
    if (ctx.property) {
        const PropertyContext& p = *ctx.property;
        out += "{\"table\":";
        writeString(out, p.table);
        out += ",\"propertyType\":";
        writeString(out, p.propertyType);
        out += ",\"groupTypeIndex\":" +
               (p.groupTypeIndex < 0 ? std::string("null") : std::to_string(p.groupTypeIndex));
        out += ",\"chain\":";
        writeStrings(out, p.chain);
        out += ",\"path\":";
        writeStrings(out, p.path);
        out += ",\"key\":";
        if (p.key.empty())
            out += "null";
        else
            writeString(out, p.key);
        out += '}';
    } else {
        out += "null";
    }
    out += ",\"scope\":[";
    for (size_t i = 0; i < ctx.scope.size(); ++i) {
        if (i)
            out += ',';
        out += "{\"alias\":";
        writeString(out, ctx.scope[i].alias);
        out += ",\"table\":";
        writeString(out, ctx.scope[i].table);
        out += ",\"kind\":";
        writeString(out, ctx.scope[i].kind);
        out += '}';
    }
    out += "],\"items\":[";
    for (size_t i = 0; i < ctx.items.size(); ++i) {
        const CompletionItem& item = ctx.items[i];
        if (i)
            out += ',';
        out += "\n{\"kind\":";
        writeString(out, completionKindName(item.kind));
        out += ",\"name\":";
        writeString(out, item.name);
        out += ",\"type\":";
        writeString(out, item.type);
        out += ",\"detail\":";
        writeString(out, item.detail);
        out += '}';
    }
    out += "]}";
    return out;
}

} // namespace

int runComplete(const std::vector<std::string>& args)
{
    std::string file = "-";
    bool haveFile = false;
    long long offset = -1;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        std::string value;
        if (arg == "--offset") {
            if (i + 1 >= args.size()) {
                std::cerr << "hogql complete: --offset needs a value\n" << kUsage;
                return 2;
            }
            value = args[++i];
        } else if (arg.rfind("--offset=", 0) == 0) {
            value = arg.substr(9);
        } else if (arg.size() > 1 && arg[0] == '-') {
            std::cerr << "hogql complete: unknown option '" << arg << "'\n" << kUsage;
            return 2;
        } else if (haveFile) {
            std::cerr << "hogql complete: one input only\n" << kUsage;
            return 2;
        } else {
            file = arg;
            haveFile = true;
            continue;
        }
        const auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), offset);
        if (ec != std::errc() || ptr != value.data() + value.size() || offset < 0) {
            std::cerr << "hogql complete: --offset must be a byte offset (a number >= 0), got '" << value
                      << "'\n";
            return 2;
        }
    }
    if (offset < 0) {
        std::cerr << "hogql complete: --offset N is required\n" << kUsage;
        return 2;
    }
    std::string text;
    if (!readInput(file, text)) {
        std::cerr << "hogql: cannot open '" << file << "'\n";
        return 2;
    }
    const auto clamped = static_cast<uint32_t>(std::min<long long>(offset, UINT32_MAX));
    std::cout << toJson(complete(text, clamped)) << "\n";
    return 0;
}

} // namespace hogscope::hogql::tool
