#include "actors_runner.h"

#include "insight_actors_runner.h"
#include "property_filters.h"
#include "result_table.h"
#include "runner_support.h"

#include "local/hogql_compiler.h"
#include "local/query_runner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <sqlite3.h>

#include <algorithm>

namespace hogscope::local::runners {

namespace {

const QString kNode = QStringLiteral("ActorsQuery");

enum class Kind
{
    Person, // the person object
    Id,     // the person's UUID
    Delete, // "person.$delete": the constant 1 the frontend's delete button reads
    CreatedAt,
    IsIdentified,
    Properties,   // the properties JSON text
    Property,     // one person property
    DisplayName,  // {display_name, id}
    Recordings,   // matched_recordings: none are stored locally
    Source,       // a column of the source insight's actors (appearances, event_count, ...)
    SourceLength, // length(<source array column>), for ordering
    Email,        // ordering by "person": the display-name property (email)
};

struct Column
{
    QString input; // as requested (also the output column name)
    Kind kind = Kind::Id;
    QString key;     // Property: the key
    int source = -1; // Source/SourceLength: index into ActorSet::columns
    QString type;
};

QString stripComment(const QString& text)
{
    const qsizetype comment = text.indexOf(QStringLiteral("--"));
    return (comment < 0 ? text : text.left(comment)).trimmed();
}

// Resolves one select (or order) expression against persons and the source's columns.
Column resolve(const QString& input, const ActorSet* source)
{
    Column c;
    c.input = input;
    const QString e = stripComment(input);
    static const QRegularExpression property(
        QStringLiteral("^(?:person\\.)?properties\\.(?:`([^`]+)`|\"([^\"]+)\"|([^\\s`\"]+))$"));
    static const QRegularExpression length(QStringLiteral("^length\\((\\w+)\\)$"));
    if (e == QLatin1String("person") || e == QLatin1String("actor")) {
        c.kind = Kind::Person;
        c.type = QStringLiteral("UUID");
    } else if (e == QLatin1String("id") || e == QLatin1String("person.id") ||
               (e == QLatin1String("actor_id") && source)) {
        c.kind = Kind::Id;
        c.type = QStringLiteral("UUID");
    } else if (e == QLatin1String("person.$delete")) {
        c.kind = Kind::Delete;
        c.type = QStringLiteral("UInt8");
    } else if (e == QLatin1String("created_at") || e == QLatin1String("person.created_at")) {
        c.kind = Kind::CreatedAt;
        c.type = QStringLiteral("DateTime64(6, 'UTC')");
    } else if (e == QLatin1String("is_identified") || e == QLatin1String("person.is_identified")) {
        c.kind = Kind::IsIdentified;
        c.type = QStringLiteral("Bool");
    } else if (e == QLatin1String("properties") || e == QLatin1String("person.properties")) {
        c.kind = Kind::Properties;
        c.type = QStringLiteral("String");
    } else if (e == QLatin1String("person_display_name")) {
        c.kind = Kind::DisplayName;
        c.type = QStringLiteral("Tuple(String, String)");
    } else if (e == QLatin1String("matched_recordings")) {
        c.kind = Kind::Recordings;
        c.type = QStringLiteral("Array(String)");
    } else if (const QRegularExpressionMatch m = property.match(e); m.hasMatch()) {
        c.kind = Kind::Property;
        c.key = !m.captured(1).isEmpty() ? m.captured(1)
                                         : (!m.captured(2).isEmpty() ? m.captured(2) : m.captured(3));
        c.type = QStringLiteral("Nullable(String)");
    } else if (const QRegularExpressionMatch m = length.match(e);
               m.hasMatch() && source && source->columnIndex(m.captured(1)) >= 0) {
        c.kind = Kind::SourceLength;
        c.source = source->columnIndex(m.captured(1));
        c.type = QStringLiteral("UInt64");
    } else if (source && source->columnIndex(e) >= 0) {
        c.kind = Kind::Source;
        c.source = source->columnIndex(e);
        c.type = source->columns[static_cast<size_t>(c.source)].type;
    } else {
        throwInvalid(QStringLiteral("Unable to resolve field: %1").arg(e),
                     QStringLiteral("hogql_query_error"));
    }
    return c;
}

struct OrderKey
{
    Column column;
    bool descending = false;
};

OrderKey parseOrder(const QString& text, const ActorSet* source)
{
    static const QRegularExpression direction(QStringLiteral("^(.*?)\\s+(ASC|DESC)$"),
                                              QRegularExpression::CaseInsensitiveOption);
    OrderKey key;
    QString expression = stripComment(text);
    if (const QRegularExpressionMatch m = direction.match(expression); m.hasMatch()) {
        expression = m.captured(1).trimmed();
        key.descending = m.captured(2).compare(QLatin1String("DESC"), Qt::CaseInsensitive) == 0;
    }
    key.column = resolve(expression, source);
    return key;
}

// The SQL over `persons p` a column sorts by (nullopt for source columns).
std::optional<std::string> sortSql(const Column& c)
{
    switch (c.kind) {
    case Kind::Person:
    case Kind::Id:
        return "p.id";
    case Kind::CreatedAt:
        return "p.created_at";
    case Kind::IsIdentified:
        return "p.is_identified";
    case Kind::Properties:
        return "p.properties";
    case Kind::Property:
        return personPropertySql(c.key);
    case Kind::Email:
        return personPropertySql(QStringLiteral("email"));
    case Kind::DisplayName:
        return "coalesce(" + personPropertySql(QStringLiteral("email")) + ", " +
               personPropertySql(QStringLiteral("name")) + ", " +
               personPropertySql(QStringLiteral("username")) + ", p.id)";
    case Kind::Delete:
    case Kind::Recordings:
        return "1";
    case Kind::Source:
    case Kind::SourceLength:
        return std::nullopt;
    }
    return std::nullopt;
}

struct SortValue
{
    enum Type
    {
        Null,
        Number,
        Text
    } type = Null;
    double number = 0;
    std::string text;
};

int compareValues(const SortValue& a, const SortValue& b)
{
    if (a.type == SortValue::Null || b.type == SortValue::Null)
        return 0; // placement of NULLs is decided by the caller (always last)
    if (a.type == SortValue::Number && b.type == SortValue::Number)
        return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
    return a.text.compare(b.text);
}

SortValue fromJson(const QJsonValue& v)
{
    SortValue s;
    if (v.isDouble() || v.isBool()) {
        s.type = SortValue::Number;
        s.number = v.isBool() ? (v.toBool() ? 1 : 0) : v.toDouble();
    } else if (v.isString()) {
        s.type = SortValue::Text;
        s.text = v.toString().toStdString();
    } else if (v.isArray()) {
        s.type = SortValue::Text;
        s.text = QString::number(v.toArray().size()).toStdString();
    }
    return s;
}

struct Person
{
    std::string id;
    int64_t createdAt = 0;
    std::string properties;
    bool identified = false;
    std::vector<std::string> distinctIds;
    std::vector<SortValue> sortValues;
    std::vector<std::optional<std::string>> texts; // per select column read in SQL (properties)
    int source = -1;                               // row of the ActorSet
};

void appendPersonJson(std::string& out, const Person& p)
{
    out += "{\"id\":";
    appendJsonString(out, p.id);
    out += ",\"properties\":";
    out += p.properties.empty() ? std::string("{}") : p.properties;
    out += ",\"is_identified\":";
    out += p.identified ? "true" : "false";
    out += ",\"created_at\":\"";
    appendDateTime(out, p.createdAt);
    out += "\",\"distinct_ids\":[";
    for (size_t i = 0; i < p.distinctIds.size(); ++i) {
        if (i)
            out += ',';
        appendJsonString(out, p.distinctIds[i]);
    }
    out += "]}";
}

std::string searchSql(const QString& search)
{
    // Rule (PersonStrategy): email, name, the UUID or any distinct id contains the text, ignoring
    // case (ILIKE '%text%'; % and _ in the text stay wildcards, as in PostHog).
    const std::string pattern = sqlQuote("%" + search.toStdString() + "%");
    return "(hs_like(" + personPropertySql(QStringLiteral("email")) + ", " + pattern + ", 1) OR hs_like(" +
           personPropertySql(QStringLiteral("name")) + ", " + pattern + ", 1) OR hs_like(p.id, " + pattern +
           ", 1) OR p.id IN (SELECT person_id FROM person_distinct_ids WHERE hs_like(distinct_id, " +
           pattern + ", 1)))";
}

} // namespace

void validateActorsQuery(const QJsonObject& node)
{
    const QJsonValue select = node.value(QStringLiteral("select"));
    if (!select.isUndefined() && !select.isNull() && !select.isArray())
        throwFieldError(kNode, QStringLiteral("select"), QStringLiteral("Input should be a valid list"));
    for (const QJsonValue& item : select.toArray()) {
        if (!item.isString())
            throwFieldError(kNode, QStringLiteral("select"),
                            QStringLiteral("Input should be a valid string"));
    }
    optionalString(node, QStringLiteral("search"), kNode);
    const std::optional<int64_t> limit = optionalInteger(node, QStringLiteral("limit"), kNode);
    const std::optional<int64_t> offset = optionalInteger(node, QStringLiteral("offset"), kNode);
    if ((limit && *limit < 0) || (offset && *offset < 0))
        throwFieldError(kNode, limit && *limit < 0 ? QStringLiteral("limit") : QStringLiteral("offset"),
                        QStringLiteral("Input should be greater than or equal to 0"));
    propertyFiltersSql(node.value(QStringLiteral("properties")), FilterScope::Persons);
    propertyFiltersSql(node.value(QStringLiteral("fixedProperties")), FilterScope::Persons);
    const QJsonValue source = node.value(QStringLiteral("source"));
    if (source.isObject()) {
        const QString kind = source.toObject().value(QStringLiteral("kind")).toString();
        if (kind != QLatin1String("InsightActorsQuery") && kind != QLatin1String("StickinessActorsQuery"))
            throwUnsupported(QStringLiteral("An ActorsQuery source of kind %1").arg(kind));
        validateInsightActorsQuery(source.toObject());
    } else if (!source.isUndefined() && !source.isNull()) {
        throwFieldError(kNode, QStringLiteral("source"), QStringLiteral("Input should be an object"));
    }
}

void runActors(RunContext& context, const QJsonObject& node, QueryOutcome& outcome)
{
    validateActorsQuery(node);
    const int64_t limit =
        std::min<int64_t>(optionalInteger(node, QStringLiteral("limit"), kNode).value_or(100) > 0
                              ? optionalInteger(node, QStringLiteral("limit"), kNode).value_or(100)
                              : 100,
                          kMaxSelectReturnedRows);
    const int64_t offset = optionalInteger(node, QStringLiteral("offset"), kNode).value_or(0);

    std::optional<ActorSet> source;
    if (node.value(QStringLiteral("source")).isObject()) {
        source = insightActors(context, node.value(QStringLiteral("source")).toObject());
        context.mark("./actors/source");
    }
    const ActorSet* sourcePtr = source ? &*source : nullptr;

    QStringList selectInput;
    for (const QJsonValue& item : node.value(QStringLiteral("select")).toArray())
        selectInput.append(item.toString());
    if (selectInput.isEmpty())
        selectInput = {QStringLiteral("person"), QStringLiteral("id"), QStringLiteral("person.$delete")};
    std::vector<Column> columns;
    bool needDistinctIds = false;
    for (const QString& input : selectInput) {
        columns.push_back(resolve(input, sourcePtr));
        needDistinctIds = needDistinctIds || columns.back().kind == Kind::Person;
    }

    // Order: as asked ("person" alone sorts by the display-name property); else created_at DESC when
    // it is a column; else the first column ascending (the rules of ActorsQueryRunner.to_query).
    std::vector<OrderKey> order;
    const QJsonArray orderBy = node.value(QStringLiteral("orderBy")).toArray();
    if (!orderBy.isEmpty()) {
        const QString only = orderBy.size() == 1 ? orderBy.first().toString() : QString();
        if (only == QLatin1String("person") || only == QLatin1String("person ASC") ||
            only == QLatin1String("person DESC")) {
            OrderKey key;
            key.column.kind = Kind::Email;
            key.descending = only.endsWith(QLatin1String("DESC"));
            order.push_back(key);
        } else {
            for (const QJsonValue& item : orderBy)
                order.push_back(parseOrder(item.toString(), sourcePtr));
        }
    } else if (std::any_of(selectInput.begin(), selectInput.end(),
                           [](const QString& s) { return stripComment(s) == QLatin1String("created_at"); })) {
        OrderKey key;
        key.column.kind = Kind::CreatedAt;
        key.descending = true;
        order.push_back(key);
    } else {
        order.push_back(OrderKey{columns.front(), false});
    }

    // Filters over persons: search, properties, fixedProperties.
    std::string where;
    auto addWhere = [&](const std::string& condition) {
        if (!condition.empty())
            where += (where.empty() ? "" : " AND ") + ("(" + condition + ")");
    };
    const QString search = optionalString(node, QStringLiteral("search"), kNode).value_or(QString());
    if (!search.isEmpty())
        addWhere(searchSql(search));
    addWhere(propertyFiltersSql(node.value(QStringLiteral("properties")), FilterScope::Persons));
    addWhere(propertyFiltersSql(node.value(QStringLiteral("fixedProperties")), FilterScope::Persons));

    std::string select = "SELECT p.id, p.created_at, p.properties, p.is_identified";
    for (const OrderKey& key : order) {
        if (const auto sql = sortSql(key.column))
            select += ", " + *sql;
        else
            select += ", NULL";
    }
    // Property columns are read in SQL too, so they render exactly as HogQL renders properties.
    const int textBase = 4 + static_cast<int>(order.size());
    for (const Column& c : columns) {
        const bool text = c.kind == Kind::Property || c.kind == Kind::DisplayName;
        select += ", " + (text ? *sortSql(c) : std::string("NULL"));
    }
    auto readPerson = [&](Statement& stmt) {
        Person p;
        p.id = std::string(stmt.text(0));
        p.createdAt = stmt.integer(1);
        p.properties = std::string(stmt.text(2));
        p.identified = stmt.integer(3) != 0;
        for (size_t k = 0; k < order.size(); ++k) {
            const int column = 4 + static_cast<int>(k);
            SortValue v;
            if (!stmt.isNull(column)) {
                const int type = sqlite3_column_type(stmt.get(), column);
                if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
                    v.type = SortValue::Number;
                    v.number = stmt.real(column);
                } else {
                    v.type = SortValue::Text;
                    v.text = std::string(stmt.text(column));
                }
            }
            p.sortValues.push_back(std::move(v));
        }
        for (size_t c = 0; c < columns.size(); ++c) {
            const int column = textBase + static_cast<int>(c);
            p.texts.push_back(stmt.isNull(column) ? std::nullopt
                                                  : std::optional<std::string>(stmt.text(column)));
        }
        return p;
    };

    std::vector<Person> page;
    bool hasMore = false;
    QString hogql;
    if (!source) {
        // Straight from the persons table: filter, order and page in SQL.
        std::string sql = select + " FROM persons p";
        if (!where.empty())
            sql += " WHERE " + where;
        sql += " ORDER BY ";
        for (size_t k = 0; k < order.size(); ++k)
            sql += (k ? ", " : "") + std::to_string(5 + k) + (order[k].descending ? " DESC" : " ASC") +
                   " NULLS LAST";
        sql += " LIMIT " + std::to_string(limit + 1) + " OFFSET " + std::to_string(offset);
        Statement stmt(context, sql);
        while (stmt.step())
            page.push_back(readPerson(stmt));
        hogql = QString::fromStdString(sql);
    } else {
        // The source's actors that are persons passing the filters, ordered here.
        std::string sql = select + " FROM persons p WHERE p.id = ?1";
        if (!where.empty())
            sql += " AND " + where;
        Statement stmt(context, sql);
        std::vector<Person> all;
        for (size_t i = 0; i < source->actors.size(); ++i) {
            stmt.reset();
            stmt.bind(1, std::string_view(source->actors[i]));
            if (!stmt.step())
                continue;
            Person p = readPerson(stmt);
            p.source = static_cast<int>(i);
            for (size_t k = 0; k < order.size(); ++k) {
                const Column& c = order[k].column;
                if (c.kind == Kind::Source)
                    p.sortValues[k] = fromJson(source->values[i][static_cast<size_t>(c.source)]);
                else if (c.kind == Kind::SourceLength)
                    p.sortValues[k] =
                        SortValue{SortValue::Number,
                                  static_cast<double>(
                                      source->values[i][static_cast<size_t>(c.source)].toArray().size()),
                                  {}};
            }
            all.push_back(std::move(p));
            if (all.size() % 4096 == 0)
                context.check();
        }
        std::stable_sort(all.begin(), all.end(), [&](const Person& a, const Person& b) {
            for (size_t k = 0; k < order.size(); ++k) {
                const SortValue& x = a.sortValues[k];
                const SortValue& y = b.sortValues[k];
                // Rule: NULLs sort last in both directions (ClickHouse's default).
                if ((x.type == SortValue::Null) != (y.type == SortValue::Null))
                    return y.type == SortValue::Null;
                const int c = compareValues(x, y);
                if (c != 0)
                    return order[k].descending ? c > 0 : c < 0;
            }
            return false;
        });
        for (size_t i = static_cast<size_t>(offset);
             i < all.size() && page.size() < static_cast<size_t>(limit) + 1; ++i)
            page.push_back(std::move(all[i]));
        hogql = QStringLiteral(
                    "SELECT %1 FROM (%2 actors) AS source INNER JOIN persons ON persons.id = source.actor_id")
                    .arg(selectInput.join(QStringLiteral(", ")), node.value(QStringLiteral("source"))
                                                                     .toObject()
                                                                     .value(QStringLiteral("source"))
                                                                     .toObject()
                                                                     .value(QStringLiteral("kind"))
                                                                     .toString());
    }
    if (page.size() > static_cast<size_t>(limit)) {
        hasMore = true;
        page.resize(static_cast<size_t>(limit));
    }
    context.mark("./actors/persons");

    if (needDistinctIds) {
        Statement ids(context,
                      "SELECT distinct_id FROM person_distinct_ids WHERE person_id = ?1 ORDER BY rowid");
        for (Person& p : page) {
            ids.reset();
            ids.bind(1, std::string_view(p.id));
            while (ids.step())
                p.distinctIds.emplace_back(ids.text(0));
        }
    }

    auto table = std::make_shared<ResultTable>(static_cast<int>(columns.size()));
    table->reserveRows(page.size());
    std::string scratch;
    for (const Person& p : page) {
        for (const Column& c : columns) {
            switch (c.kind) {
            case Kind::Person:
                scratch.clear();
                appendPersonJson(scratch, p);
                table->addJson(scratch);
                break;
            case Kind::Id:
                table->addText(p.id);
                break;
            case Kind::Delete:
                table->addInt(1);
                break;
            case Kind::CreatedAt:
                table->addDateTime(p.createdAt);
                break;
            case Kind::IsIdentified:
                table->addBool(p.identified);
                break;
            case Kind::Properties:
                table->addText(p.properties);
                break;
            case Kind::Recordings:
                table->addJson("[]");
                break;
            case Kind::Property:
            case Kind::Email: {
                const std::optional<std::string>& text = p.texts[static_cast<size_t>(&c - columns.data())];
                if (text)
                    table->addText(*text);
                else
                    table->addNull();
                break;
            }
            case Kind::DisplayName:
                scratch = "{\"display_name\":";
                appendJsonString(scratch, p.texts[static_cast<size_t>(&c - columns.data())].value_or(p.id));
                scratch += ",\"id\":";
                appendJsonString(scratch, p.id);
                scratch += '}';
                table->addJson(scratch);
                break;
            case Kind::Source:
                table->addValue(source->values[static_cast<size_t>(p.source)][static_cast<size_t>(c.source)]);
                break;
            case Kind::SourceLength:
                table->addInt(source->values[static_cast<size_t>(p.source)][static_cast<size_t>(c.source)]
                                  .toArray()
                                  .size());
                break;
            }
        }
    }
    context.mark("./actors/serialise");

    QJsonArray columnNames;
    QJsonArray types;
    bool hasPerson = false;
    for (const Column& c : columns) {
        columnNames.append(c.input);
        types.append(c.type);
        hasPerson = hasPerson || c.kind == Kind::Person;
    }
    QJsonObject& r = outcome.response;
    r.insert(QStringLiteral("columns"), columnNames);
    r.insert(QStringLiteral("types"), types);
    r.insert(QStringLiteral("hasMore"), hasMore);
    r.insert(QStringLiteral("limit"), static_cast<qint64>(limit));
    r.insert(QStringLiteral("offset"), static_cast<qint64>(offset));
    // Every actor row here joined a person, so none is missing.
    r.insert(QStringLiteral("missing_actors_count"),
             hasPerson ? QJsonValue(0) : QJsonValue(QJsonValue::Null));
    addResponseMetadata(r, context, hogql);
    outcome.table = std::move(table);
}

} // namespace hogscope::local::runners
