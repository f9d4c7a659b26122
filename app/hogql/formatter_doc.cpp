// The document algebra of the formatter and its renderer: groups print flat when they fit in the
// remaining width, else their line breaks become newlines (the algorithm of Wadler's "prettier printer"
// as refined by Prettier: a group "fits" when its flat form and what follows up to the next possible
// break fit on the line).

#include "formatter_impl.h"

#include <algorithm>

namespace hogscope::hogql::fmt {

namespace {

std::shared_ptr<DocNode> makeNode(DocType type)
{
    auto n = std::make_shared<DocNode>();
    n->type = type;
    return n;
}

// Columns taken by `s`: code points, not bytes.
int width(std::string_view s)
{
    int w = 0;
    for (const char c : s) {
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
            ++w;
    }
    return w;
}

bool hasHardBreak(const DocNode* n)
{
    if (!n)
        return false;
    if (n->hardBreak >= 0)
        return n->hardBreak != 0;
    bool result = false;
    switch (n->type) {
    case DocType::HardLine:
    case DocType::BreakParent:
        result = true;
        break;
    case DocType::Text:
        result = n->text.find('\n') != std::string::npos; // a block comment spanning lines
        break;
    case DocType::Concat:
    case DocType::Nest:
    case DocType::Group:
        for (const Doc& c : n->children) {
            if (hasHardBreak(c.node())) {
                result = true;
                break;
            }
        }
        break;
    case DocType::Line:
    case DocType::SoftLine:
    case DocType::LineSuffix:
        break;
    }
    n->hardBreak = result ? 1 : 0;
    return result;
}

enum class Mode : uint8_t
{
    Flat,
    Break
};

struct Command
{
    int indent;
    Mode mode;
    const DocNode* node;
};

class Renderer
{
public:
    explicit Renderer(int maxWidth)
        : m_maxWidth(maxWidth)
    {}

    Rendered run(const Doc& doc)
    {
        std::vector<Command> stack;
        if (doc.node())
            stack.push_back({0, Mode::Break, doc.node()});
        while (!stack.empty()) {
            const Command cmd = stack.back();
            stack.pop_back();
            const DocNode* n = cmd.node;
            switch (n->type) {
            case DocType::Text:
                emitText(n->text, n->lineComment);
                break;
            case DocType::Concat:
                for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) {
                    if (it->node())
                        stack.push_back({cmd.indent, cmd.mode, it->node()});
                }
                break;
            case DocType::Nest:
                for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) {
                    if (it->node())
                        stack.push_back({cmd.indent + n->indent, cmd.mode, it->node()});
                }
                break;
            case DocType::Group: {
                Mode mode = Mode::Break;
                if (!hasHardBreak(n)) {
                    if (cmd.mode == Mode::Flat)
                        mode = Mode::Flat;
                    else {
                        std::vector<Command> probe;
                        for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) {
                            if (it->node())
                                probe.push_back({cmd.indent, Mode::Flat, it->node()});
                        }
                        if (fits(probe, stack))
                            mode = Mode::Flat;
                    }
                }
                for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) {
                    if (it->node())
                        stack.push_back({cmd.indent, mode, it->node()});
                }
                break;
            }
            case DocType::Line:
                if (cmd.mode == Mode::Flat)
                    emitText(" ", false);
                else
                    newline(cmd.indent);
                break;
            case DocType::SoftLine:
                if (cmd.mode == Mode::Break)
                    newline(cmd.indent);
                break;
            case DocType::HardLine:
                newline(cmd.indent);
                break;
            case DocType::LineSuffix:
                m_suffixes.push_back(n->text);
                m_suffixIsLineComment = m_suffixIsLineComment || n->lineComment;
                break;
            case DocType::BreakParent:
                break;
            }
        }
        flushSuffixes();
        trimLine();
        return Rendered{std::move(m_out), m_endsInLineComment};
    }

private:
    // Whether `probe` (flat) and the rest of the stack up to its first possible break fit on the line.
    bool fits(std::vector<Command> probe, const std::vector<Command>& rest) const
    {
        int remaining = m_maxWidth - m_column;
        size_t restIndex = rest.size();
        while (true) {
            if (remaining < 0)
                return false;
            if (probe.empty()) {
                if (restIndex == 0)
                    return true;
                probe.push_back(rest[--restIndex]);
            }
            const Command cmd = probe.back();
            probe.pop_back();
            const DocNode* n = cmd.node;
            switch (n->type) {
            case DocType::Text: {
                const size_t nl = n->text.find('\n');
                remaining -= width(std::string_view(n->text).substr(0, nl));
                if (nl != std::string::npos)
                    return remaining >= 0;
                break;
            }
            case DocType::Concat:
            case DocType::Nest:
                for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) {
                    if (it->node())
                        probe.push_back({cmd.indent, cmd.mode, it->node()});
                }
                break;
            case DocType::Group: {
                const Mode mode = hasHardBreak(n) ? Mode::Break : cmd.mode;
                for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) {
                    if (it->node())
                        probe.push_back({cmd.indent, mode, it->node()});
                }
                break;
            }
            case DocType::Line:
                if (cmd.mode == Mode::Break)
                    return true;
                remaining -= 1;
                break;
            case DocType::SoftLine:
                if (cmd.mode == Mode::Break)
                    return true;
                break;
            case DocType::HardLine:
                return true;
            case DocType::LineSuffix:
            case DocType::BreakParent:
                break;
            }
        }
    }

    void emitText(const std::string& s, bool lineComment)
    {
        if (s.empty())
            return;
        m_out += s;
        const size_t nl = s.rfind('\n');
        if (nl == std::string::npos) {
            m_column += width(s);
        } else {
            m_lineStart = m_out.size() - (s.size() - nl - 1);
            m_column = width(std::string_view(s).substr(nl + 1));
        }
        m_endsInLineComment = lineComment;
    }

    void trimLine()
    {
        while (m_out.size() > m_lineStart && m_out.back() == ' ')
            m_out.pop_back();
        if (m_out.size() == m_lineStart)
            m_column = 0;
    }

    void flushSuffixes()
    {
        if (m_suffixes.empty())
            return;
        for (const std::string& s : m_suffixes) {
            if (m_out.find_first_not_of(' ', m_lineStart) == std::string::npos) {
                // a suffix on an otherwise empty line keeps the indentation, not its separating space
                m_out += s.substr(std::min(s.find_first_not_of(' '), s.size()));
            } else {
                trimLine();
                m_out += s;
            }
        }
        m_suffixes.clear();
        m_endsInLineComment = m_suffixIsLineComment;
        m_suffixIsLineComment = false;
    }

    void newline(int indent)
    {
        flushSuffixes();
        trimLine();
        // never an empty line inside a statement: a newline on a line with nothing on it only re-indents
        if (m_out.size() > m_lineStart) {
            m_out += '\n';
            m_lineStart = m_out.size();
        }
        m_out.append(static_cast<size_t>(std::max(indent, 0)), ' ');
        m_column = std::max(indent, 0);
    }

    int m_maxWidth;
    std::string m_out;
    size_t m_lineStart = 0;
    int m_column = 0;
    std::vector<std::string> m_suffixes;
    bool m_suffixIsLineComment = false;
    bool m_endsInLineComment = false;
};

} // namespace

Doc Doc::make(std::shared_ptr<DocNode> node)
{
    Doc d;
    d.m_node = std::move(node);
    return d;
}

Doc& Doc::operator+=(const Doc& other)
{
    if (other.empty())
        return *this;
    if (empty()) {
        *this = other;
        return *this;
    }
    // append in place when this concatenation is not shared, so long lists stay flat
    if (m_node->type == DocType::Concat && m_node.use_count() == 1 && m_node->hardBreak < 0) {
        m_node->children.push_back(other);
        return *this;
    }
    auto n = makeNode(DocType::Concat);
    n->children = {*this, other};
    m_node = std::move(n);
    return *this;
}

Doc text(std::string s)
{
    auto n = makeNode(DocType::Text);
    n->text = std::move(s);
    return Doc::make(std::move(n));
}

Doc commentText(std::string s, bool lineComment)
{
    auto n = makeNode(DocType::Text);
    n->text = std::move(s);
    n->lineComment = lineComment;
    return Doc::make(std::move(n));
}

Doc line()
{
    return Doc::make(makeNode(DocType::Line));
}

Doc softline()
{
    return Doc::make(makeNode(DocType::SoftLine));
}

Doc hardline()
{
    return Doc::make(makeNode(DocType::HardLine));
}

Doc nest(int indent, const Doc& d)
{
    auto n = makeNode(DocType::Nest);
    n->indent = indent;
    n->children.push_back(d);
    return Doc::make(std::move(n));
}

Doc group(const Doc& d)
{
    auto n = makeNode(DocType::Group);
    n->children.push_back(d);
    return Doc::make(std::move(n));
}

Doc lineSuffix(std::string s, bool lineComment)
{
    auto n = makeNode(DocType::LineSuffix);
    n->text = std::move(s);
    n->lineComment = lineComment;
    return Doc::make(std::move(n));
}

Doc breakParent()
{
    return Doc::make(makeNode(DocType::BreakParent));
}

Doc join(const std::vector<Doc>& parts, const Doc& separator)
{
    Doc out;
    for (size_t i = 0; i < parts.size(); ++i) {
        if (i)
            out += separator;
        out += parts[i];
    }
    return out;
}

char firstChar(const Doc& d)
{
    std::vector<const DocNode*> stack;
    if (d.node())
        stack.push_back(d.node());
    while (!stack.empty()) {
        const DocNode* n = stack.back();
        stack.pop_back();
        switch (n->type) {
        case DocType::Text:
            if (!n->text.empty())
                return n->text.front();
            break;
        case DocType::Concat:
        case DocType::Nest:
        case DocType::Group:
            for (auto it = n->children.rbegin(); it != n->children.rend(); ++it) {
                if (it->node())
                    stack.push_back(it->node());
            }
            break;
        case DocType::Line:
            return ' ';
        case DocType::SoftLine:
        case DocType::HardLine:
        case DocType::LineSuffix:
        case DocType::BreakParent:
            break;
        }
    }
    return '\0';
}

Rendered render(const Doc& d, int maxWidth)
{
    return Renderer(maxWidth).run(d);
}

} // namespace hogscope::hogql::fmt
