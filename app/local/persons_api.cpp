#include "persons_api.h"

#include "sqlite_connection.h"
#include "store_sql.h"
#include "time_format.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace hogscope::local::persons {

namespace {

constexpr qint64 kDefaultLimit = 100;        // posthog/api/person.py DEFAULT_PAGE_LIMIT
constexpr qint64 kMaxLimit = 50'000;         // MAX_SELECT_RETURNED_ROWS; bounds one page's memory
constexpr int kMaxDistinctIds = 1000;        // PostHog caps a person's distinct_ids in its answers
constexpr int kValuesLimit = 20;             // persons/values answers the 20 most common values
const QStringList kDisplayNameProperties = { // PostHog's default person_display_name_properties
    QStringLiteral("email"), QStringLiteral("name"), QStringLiteral("username")};

// ---- SQL functions ---------------------------------------------------------------------------------

QString textArgument(sqlite3_value* value)
{
    return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_value_text(value)),
                             sqlite3_value_bytes(value));
}

bool isAscii(const unsigned char* text, int size)
{
    for (int i = 0; i < size; ++i) {
        if (text[i] >= 0x80)
            return false;
    }
    return true;
}

void icontainsFunction(sqlite3_context* context, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    const unsigned char* haystack = sqlite3_value_text(argv[0]);
    const int haystackSize = sqlite3_value_bytes(argv[0]);
    const unsigned char* needle = sqlite3_value_text(argv[1]);
    const int needleSize = sqlite3_value_bytes(argv[1]);
    // Searches run this on every person: plain ASCII (nearly all ids and emails) needs no QString.
    if (isAscii(haystack, haystackSize) && isAscii(needle, needleSize)) {
        const auto begin = haystack;
        const auto end = haystack + haystackSize;
        const auto found =
            std::search(begin, end, needle, needle + needleSize,
                        [](unsigned char a, unsigned char b) { return std::tolower(a) == std::tolower(b); });
        sqlite3_result_int(context, needleSize == 0 || found != end);
        return;
    }
    sqlite3_result_int(context, textArgument(argv[0]).contains(textArgument(argv[1]), Qt::CaseInsensitive));
}

void matchFunction(sqlite3_context* context, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(context);
        return;
    }
    // The pattern is the same for every row of a statement: compile it once and keep it as SQLite
    // auxiliary data (which SQLite may drop at any time, hence the local copy).
    const auto* cached = static_cast<const QRegularExpression*>(sqlite3_get_auxdata(context, 1));
    QRegularExpression local;
    if (!cached) {
        local = QRegularExpression(textArgument(argv[1]));
        if (!local.isValid()) {
            const QByteArray message = QStringLiteral("invalid regular expression '%1': %2")
                                           .arg(textArgument(argv[1]), local.errorString())
                                           .toUtf8();
            sqlite3_result_error(context, message.constData(), static_cast<int>(message.size()));
            return;
        }
        sqlite3_set_auxdata(context, 1, new QRegularExpression(local),
                            [](void* p) { delete static_cast<QRegularExpression*>(p); });
        cached = &local;
    }
    sqlite3_result_int(context, cached->match(textArgument(argv[0])).hasMatch());
}

void numberFunction(sqlite3_context* context, int, sqlite3_value** argv)
{
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_INTEGER:
    case SQLITE_FLOAT:
        sqlite3_result_double(context, sqlite3_value_double(argv[0]));
        return;
    case SQLITE_TEXT: {
        bool ok = false;
        const double value = textArgument(argv[0]).trimmed().toDouble(&ok);
        if (ok && std::isfinite(value)) {
            sqlite3_result_double(context, value);
            return;
        }
        break;
    }
    default:
        break;
    }
    sqlite3_result_null(context);
}

void microsFunction(sqlite3_context* context, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_TEXT) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(argv[0]));
        const auto micros =
            timefmt::parseDateTime(std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(argv[0]))));
        if (micros) {
            sqlite3_result_int64(context, *micros);
            return;
        }
    }
    sqlite3_result_null(context);
}

// ---- Filters ---------------------------------------------------------------------------------------

// A property filter value as the string PostHog compares person properties with.
QString filterText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::floor(d) == d && std::abs(d) < 1e15)
            return QString::number(static_cast<qint64>(d));
        return QString::fromLatin1(QByteArray::number(d, 'g', QLocale::FloatingPointShortest));
    }
    default:
        return QString::fromUtf8(
            QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1));
    }
}

std::optional<double> filterNumber(const QJsonValue& value)
{
    if (value.isDouble())
        return value.toDouble();
    if (value.isString()) {
        bool ok = false;
        const double d = value.toString().trimmed().toDouble(&ok);
        if (ok && std::isfinite(d))
            return d;
    }
    return std::nullopt;
}

class FilterCompiler
{
public:
    explicit FilterCompiler(SqlBuilder& sql)
        : m_sql(sql)
    {}

    // Appends the condition of a `properties` value: a list of filters (ANDed), a property group
    // {"type": "AND"|"OR", "values": [...]}, or one filter.
    bool compile(const QJsonValue& node)
    {
        if (node.isArray())
            return group(node.toArray(), true);
        if (!node.isObject())
            return fail(QStringLiteral("Properties are unparsable!"));
        const QJsonObject object = node.toObject();
        if (object.value(QStringLiteral("values")).isArray()) {
            const QString type =
                object.value(QStringLiteral("type")).toString(QStringLiteral("AND")).toUpper();
            if (type != QLatin1String("AND") && type != QLatin1String("OR"))
                return fail(QStringLiteral("Property group type must be AND or OR, not '%1'").arg(type));
            return group(object.value(QStringLiteral("values")).toArray(), type == QLatin1String("AND"));
        }
        return filter(object);
    }

    QString error() const { return m_error; }

private:
    bool fail(const QString& message)
    {
        m_error = message;
        return false;
    }

    bool group(const QJsonArray& items, bool all)
    {
        if (items.isEmpty()) {
            m_sql.text += "1";
            return true;
        }
        m_sql.text += "(";
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (i > 0)
                m_sql.text += all ? " AND " : " OR ";
            if (!compile(items[i]))
                return false;
        }
        m_sql.text += ")";
        return true;
    }

    bool filter(const QJsonObject& object)
    {
        const QJsonValue keyValue = object.value(QStringLiteral("key"));
        if (!keyValue.isString() || keyValue.toString().isEmpty())
            return fail(QStringLiteral("A property filter needs a \"key\"."));
        const QString type = object.value(QStringLiteral("type")).toString(QStringLiteral("person"));
        if (type != QLatin1String("person"))
            return fail(
                QStringLiteral("Only person property filters (\"type\": \"person\") apply to persons, "
                               "not \"%1\".")
                    .arg(type));
        const QString key = keyValue.toString();
        const QString op = object.value(QStringLiteral("operator")).toString(QStringLiteral("exact"));
        const QJsonValue value = object.value(QStringLiteral("value"));

        if (op == QLatin1String("is_set") || op == QLatin1String("is_not_set")) {
            m_sql.text += "(";
            m_sql.appendPropertyValue("p.properties", key);
            m_sql.text += op == QLatin1String("is_set") ? " IS NOT NULL)" : " IS NULL)";
            return true;
        }
        const bool negative = op == QLatin1String("is_not") || op == QLatin1String("not_icontains") ||
                              op == QLatin1String("not_regex");
        if (op == QLatin1String("exact") || op == QLatin1String("is_not")) {
            // A list means any of (exact) / none of (is_not) its values.
            const QJsonArray values = value.isArray() ? value.toArray() : QJsonArray{value};
            if (values.isEmpty()) {
                m_sql.text += negative ? "1" : "0";
                return true;
            }
            m_sql.text += "coalesce(";
            m_sql.appendPropertyValue("p.properties", key);
            m_sql.text += negative ? " NOT IN (" : " IN (";
            for (qsizetype i = 0; i < values.size(); ++i) {
                m_sql.text += i > 0 ? ", ?" : "?";
                m_sql.bindText(filterText(values[i]));
            }
            m_sql.text += negative ? "), 1)" : "), 0)";
            return true;
        }
        // Other operators with a list: each value on its own, ORed (ANDed for negative operators),
        // as PostHog's property_to_expr does.
        const QJsonArray values = value.isArray() ? value.toArray() : QJsonArray{value};
        if (values.isEmpty())
            return fail(QStringLiteral("The filter on \"%1\" needs a value.").arg(key));
        m_sql.text += "(";
        for (qsizetype i = 0; i < values.size(); ++i) {
            if (i > 0)
                m_sql.text += negative ? " AND " : " OR ";
            if (!single(key, op, values[i]))
                return false;
        }
        m_sql.text += ")";
        return true;
    }

    bool single(const QString& key, const QString& op, const QJsonValue& value)
    {
        auto property = [&] { m_sql.appendPropertyValue("p.properties", key); };
        if (op == QLatin1String("icontains") || op == QLatin1String("not_icontains")) {
            const bool negative = op.startsWith(QLatin1String("not_"));
            m_sql.text += negative ? "coalesce(NOT hs_icontains(" : "coalesce(hs_icontains(";
            property();
            m_sql.text += negative ? ", ?), 1)" : ", ?), 0)";
            m_sql.bindText(filterText(value));
            return true;
        }
        if (op == QLatin1String("regex") || op == QLatin1String("not_regex")) {
            const bool negative = op.startsWith(QLatin1String("not_"));
            if (!QRegularExpression(filterText(value)).isValid())
                return fail(QStringLiteral("Invalid regular expression '%1'.").arg(filterText(value)));
            m_sql.text += negative ? "coalesce(NOT hs_match(" : "coalesce(hs_match(";
            property();
            m_sql.text += negative ? ", ?), 1)" : ", ?), 0)";
            m_sql.bindText(filterText(value));
            return true;
        }
        static const QHash<QString, const char*> comparisons = {{QStringLiteral("gt"), " > "},
                                                                {QStringLiteral("gte"), " >= "},
                                                                {QStringLiteral("lt"), " < "},
                                                                {QStringLiteral("lte"), " <= "}};
        if (const auto it = comparisons.constFind(op); it != comparisons.constEnd()) {
            // Numbers compare as numbers; anything else (ISO dates, say) as text.
            if (const auto number = filterNumber(value)) {
                m_sql.text += "coalesce(hs_number(";
                property();
                m_sql.text += QByteArray(")") + it.value() + "?, 0)";
                m_sql.bindDouble(*number);
            } else {
                m_sql.text += "coalesce(";
                property();
                m_sql.text += QByteArray(it.value()) + "?, 0)";
                m_sql.bindText(filterText(value));
            }
            return true;
        }
        if (op == QLatin1String("is_date_before") || op == QLatin1String("is_date_after")) {
            const QByteArray text = filterText(value).toUtf8();
            const auto micros =
                timefmt::parseDateTime(std::string_view(text.constData(), size_t(text.size())));
            if (!micros)
                return fail(QStringLiteral("'%1' is not a date.").arg(QString::fromUtf8(text)));
            m_sql.text += "coalesce(hs_micros(";
            property();
            m_sql.text += op == QLatin1String("is_date_before") ? ") < ?, 0)" : ") > ?, 0)";
            m_sql.bindInt(*micros);
            return true;
        }
        return fail(QStringLiteral("Unknown property filter operator '%1'.").arg(op));
    }

    SqlBuilder& m_sql;
    QString m_error;
};

// ---- Person rows -----------------------------------------------------------------------------------

struct PersonRow
{
    qint64 rowid = 0;
    QString uuid;
    qint64 createdAt = 0;
    QJsonObject properties;
    bool identified = false;
    QStringList distinctIds;
    std::optional<qint64> lastSeen;
};

// The reads that complete a person row: its distinct ids and when it was last seen.
class PersonDetails
{
public:
    bool prepare(sqlite3* db, QString* error)
    {
        return prepareStatement(db,
                                "SELECT distinct_id FROM person_distinct_ids WHERE person_id = ? "
                                "ORDER BY rowid LIMIT " +
                                    QByteArray::number(kMaxDistinctIds),
                                m_ids, error) &&
               prepareStatement(db, "SELECT max(timestamp) FROM events WHERE person_id = ?", m_lastSeen,
                                error);
    }

    bool fill(PersonRow& row, QString* error)
    {
        const QByteArray id = row.uuid.toUtf8();
        sqlite3_reset(m_ids.get());
        sqlite3_bind_text(m_ids.get(), 1, id.constData(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(m_ids.get())) == SQLITE_ROW)
            row.distinctIds.push_back(columnText(m_ids.get(), 0));
        if (rc != SQLITE_DONE)
            return stepError(m_ids.get(), error);
        // Identified-looking ids first, each group in the order they were recorded (a stable sort,
        // as PostHog's sorted(..., key=is_anonymous_id)).
        std::stable_partition(row.distinctIds.begin(), row.distinctIds.end(),
                              [](const QString& d) { return !isAnonymousId(d); });

        sqlite3_reset(m_lastSeen.get());
        sqlite3_bind_text(m_lastSeen.get(), 1, id.constData(), static_cast<int>(id.size()), SQLITE_TRANSIENT);
        if (sqlite3_step(m_lastSeen.get()) != SQLITE_ROW)
            return stepError(m_lastSeen.get(), error);
        if (sqlite3_column_type(m_lastSeen.get(), 0) != SQLITE_NULL)
            row.lastSeen = sqlite3_column_int64(m_lastSeen.get(), 0);
        return true;
    }

private:
    SqliteStatement m_ids;
    SqliteStatement m_lastSeen;
};

PersonRow readPerson(sqlite3_stmt* stmt)
{
    PersonRow row;
    row.rowid = sqlite3_column_int64(stmt, 0);
    row.uuid = columnText(stmt, 1);
    row.createdAt = sqlite3_column_int64(stmt, 2);
    row.properties = QJsonDocument::fromJson(columnBytes(stmt, 3)).object();
    row.identified = sqlite3_column_int(stmt, 4) != 0;
    return row;
}

// PostHog's get_person_name: the first non-empty display-name property, else the first distinct id
// (identified ones first), else the person's id.
QString displayName(const PersonRow& row)
{
    for (const QString& key : kDisplayNameProperties) {
        const QJsonValue value = row.properties.value(key);
        if (value.isString() && !value.toString().isEmpty())
            return value.toString();
        if ((value.isDouble() && value.toDouble() != 0) || (value.isBool() && value.toBool()))
            return filterText(value);
    }
    if (!row.distinctIds.isEmpty())
        return row.distinctIds.front();
    return row.uuid;
}

QJsonValue optionalTime(const std::optional<qint64>& micros)
{
    return micros ? QJsonValue(timefmt::formatDateTime(*micros)) : QJsonValue(QJsonValue::Null);
}

// The serialized-actor shape of the list (and of the legacy insight drill-downs).
QJsonObject listJson(const PersonRow& row)
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("person")},
                       {QStringLiteral("id"), row.uuid},
                       {QStringLiteral("uuid"), row.uuid},
                       {QStringLiteral("name"), displayName(row)},
                       {QStringLiteral("distinct_ids"), QJsonArray::fromStringList(row.distinctIds)},
                       {QStringLiteral("properties"), row.properties},
                       {QStringLiteral("is_identified"), row.identified},
                       {QStringLiteral("created_at"), timefmt::formatDateTime(row.createdAt)},
                       {QStringLiteral("last_seen_at"), optionalTime(row.lastSeen)},
                       {QStringLiteral("matched_recordings"), QJsonArray()},
                       {QStringLiteral("value_at_data_point"), QJsonValue(QJsonValue::Null)}};
}

// The detail serializer's shape: the numeric id (the store's rowid) beside the UUID.
QJsonObject detailJson(const PersonRow& row)
{
    return QJsonObject{{QStringLiteral("id"), row.rowid},
                       {QStringLiteral("uuid"), row.uuid},
                       {QStringLiteral("name"), displayName(row)},
                       {QStringLiteral("distinct_ids"), QJsonArray::fromStringList(row.distinctIds)},
                       {QStringLiteral("properties"), row.properties},
                       {QStringLiteral("created_at"), timefmt::formatDateTime(row.createdAt)},
                       {QStringLiteral("last_seen_at"), optionalTime(row.lastSeen)}};
}

ApiReply storeFailure(const QString& message)
{
    // A bad regular expression only shows when SQLite runs it; it is the caller's mistake.
    if (message.startsWith(QLatin1String("invalid regular expression")))
        return apiValidationError(message);
    return apiError(500, QStringLiteral("server_error"), QStringLiteral("error"), message);
}

// PostHog's format_query_params_absolute_url: the request URL with its offset replaced (or added).
QString withOffset(const QUrl& url, qint64 offset)
{
    QUrlQuery query(url);
    QList<QPair<QString, QString>> items = query.queryItems(QUrl::FullyEncoded);
    bool replaced = false;
    for (auto& item : items) {
        if (item.first == QLatin1String("offset")) {
            item.second = QString::number(offset);
            replaced = true;
        }
    }
    if (!replaced)
        items.append({QStringLiteral("offset"), QString::number(offset)});
    QUrlQuery rebuilt;
    rebuilt.setQueryItems(items);
    QUrl link = url;
    link.setQuery(rebuilt.query(QUrl::FullyEncoded), QUrl::StrictMode);
    return link.toString(QUrl::FullyEncoded);
}

const QRegularExpression& uuidPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"));
    return pattern;
}

} // namespace

bool isAnonymousId(QStringView distinctId)
{
    static const QRegularExpression pattern(QStringLiteral("^([a-z0-9]+-){4}[a-z0-9]+$"));
    return pattern.match(distinctId.toString()).hasMatch();
}

bool registerFunctions(sqlite3* db, QString* error)
{
    struct Function
    {
        const char* name;
        int args;
        void (*call)(sqlite3_context*, int, sqlite3_value**);
    };
    static constexpr Function functions[] = {{"hs_icontains", 2, icontainsFunction},
                                             {"hs_match", 2, matchFunction},
                                             {"hs_number", 1, numberFunction},
                                             {"hs_micros", 1, microsFunction}};
    for (const Function& f : functions) {
        if (sqlite3_create_function_v2(db, f.name, f.args, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                                       f.call, nullptr, nullptr, nullptr) != SQLITE_OK) {
            *error = QString::fromUtf8(sqlite3_errmsg(db));
            return false;
        }
    }
    return true;
}

ApiReply list(sqlite3* db, const QUrl& requestUrl)
{
    const QUrlQuery query(requestUrl);
    auto param = [&](const char* name) {
        return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    qint64 limit = queryInteger(param("limit"), kDefaultLimit);
    if (limit == 0)
        limit = kDefaultLimit;
    limit = std::min(limit, kMaxLimit);
    const qint64 offset = queryInteger(param("offset"), 0);

    SqlBuilder where;
    where.text = "1";
    if (const QString search = param("search").trimmed(); !search.isEmpty()) {
        // ActorsQuery's person search: email, name, the person's id or any of its distinct ids,
        // case-insensitive substring.
        where.text += " AND (hs_icontains(";
        where.appendPropertyValue("p.properties", QStringLiteral("email"));
        where.text += ", ?) OR hs_icontains(";
        where.bindText(search);
        where.appendPropertyValue("p.properties", QStringLiteral("name"));
        where.text += ", ?) OR hs_icontains(p.id, ?) OR EXISTS (SELECT 1 FROM person_distinct_ids d "
                      "WHERE d.person_id = p.id AND hs_icontains(d.distinct_id, ?)))";
        for (int i = 0; i < 3; ++i)
            where.bindText(search);
    }
    if (query.hasQueryItem(QStringLiteral("distinct_id"))) {
        where.text += " AND p.id IN (SELECT person_id FROM person_distinct_ids WHERE distinct_id = ?)";
        where.bindText(param("distinct_id"));
    }
    if (query.hasQueryItem(QStringLiteral("email"))) {
        where.text += " AND ";
        where.appendPropertyValue("p.properties", QStringLiteral("email"));
        where.text += " = ?";
        where.bindText(param("email"));
    }
    if (const QString properties = param("properties"); !properties.isEmpty()) {
        QJsonParseError parseError{};
        const QJsonDocument document = QJsonDocument::fromJson(properties.toUtf8(), &parseError);
        if (parseError.error != QJsonParseError::NoError || document.isNull())
            return apiValidationError(QStringLiteral("Properties are unparsable!"));
        where.text += " AND ";
        FilterCompiler compiler(where);
        if (!compiler.compile(document.isArray() ? QJsonValue(document.array())
                                                 : QJsonValue(document.object())))
            return apiValidationError(compiler.error());
    }

    ReadTransaction transaction(db);
    QString error;
    SqlBuilder page = where;
    page.text = "SELECT p.rowid, p.id, p.created_at, p.properties, p.is_identified FROM persons p WHERE " +
                where.text + " ORDER BY p.created_at DESC, p.id DESC LIMIT ? OFFSET ?";
    page.bindInt(limit);
    page.bindInt(offset);
    SqliteStatement stmt;
    PersonDetails details;
    if (!page.prepare(db, stmt, &error) || !details.prepare(db, &error))
        return storeFailure(error);
    QJsonArray results;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        PersonRow row = readPerson(stmt.get());
        if (!details.fill(row, &error))
            return storeFailure(error);
        results.append(listJson(row));
    }
    if (rc != SQLITE_DONE) {
        stepError(stmt.get(), &error);
        return storeFailure(error);
    }

    ApiReply reply;
    reply.body.insert(QStringLiteral("results"), results);
    // As PostHog: a full page has a next link (which may lead to an empty page), and a previous
    // link exists once a whole page fits before this one.
    reply.body.insert(QStringLiteral("next"), results.size() >= limit
                                                  ? QJsonValue(withOffset(requestUrl, offset + limit))
                                                  : QJsonValue(QJsonValue::Null));
    reply.body.insert(QStringLiteral("previous"), offset - limit >= 0
                                                      ? QJsonValue(withOffset(requestUrl, offset - limit))
                                                      : QJsonValue(QJsonValue::Null));
    if (query.hasQueryItem(QStringLiteral("include_total"))) {
        SqlBuilder count = where;
        count.text = "SELECT count(*) FROM persons p WHERE " + where.text;
        SqliteStatement countStmt;
        if (!count.prepare(db, countStmt, &error))
            return storeFailure(error);
        if (sqlite3_step(countStmt.get()) != SQLITE_ROW) {
            stepError(countStmt.get(), &error);
            return storeFailure(error);
        }
        reply.body.insert(QStringLiteral("count"), sqlite3_column_int64(countStmt.get(), 0));
    }
    return reply;
}

ApiReply detail(sqlite3* db, const QString& id)
{
    SqlBuilder sql;
    sql.text = "SELECT rowid, id, created_at, properties, is_identified FROM persons WHERE ";
    bool numeric = false;
    const qint64 rowid = id.toLongLong(&numeric);
    if (numeric && !id.startsWith(QLatin1Char('+')) && !id.startsWith(QLatin1Char('-'))) {
        sql.text += "rowid = ?";
        sql.bindInt(rowid);
    } else if (uuidPattern().match(id).hasMatch()) {
        sql.text += "id IN (?, ?)";
        sql.bindText(id);
        sql.bindText(id.toLower());
    } else {
        return apiValidationError(
            QStringLiteral("The person id must be a numeric id or a UUID. To find a person "
                           "by distinct id, use ?distinct_id= on the persons list."));
    }
    ReadTransaction transaction(db);
    QString error;
    SqliteStatement stmt;
    PersonDetails details;
    if (!sql.prepare(db, stmt, &error) || !details.prepare(db, &error))
        return storeFailure(error);
    const int rc = sqlite3_step(stmt.get());
    if (rc == SQLITE_DONE)
        return apiNotFound();
    if (rc != SQLITE_ROW) {
        stepError(stmt.get(), &error);
        return storeFailure(error);
    }
    PersonRow row = readPerson(stmt.get());
    if (!details.fill(row, &error))
        return storeFailure(error);
    ApiReply reply;
    reply.body = detailJson(row);
    return reply;
}

ApiReply values(sqlite3* db, const QUrlQuery& query)
{
    const QString key = query.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded);
    const QString value = query.queryItemValue(QStringLiteral("value"), QUrl::FullyDecoded);
    ApiReply reply;
    reply.headers.emplace_back(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("max-age=10"));
    reply.body.insert(QStringLiteral("refreshing"), false);
    QJsonArray results;
    // No key, or a virtual property: nothing to suggest (as PostHog).
    if (key.isEmpty() || key.startsWith(QLatin1String("$virt"))) {
        reply.body.insert(QStringLiteral("results"), results);
        return reply;
    }
    // Values group by their JSON kind and their text, so the string "5" and the number 5 stay
    // apart as they do in ClickHouse's raw JSON; numbers come back as numbers, booleans as text.
    SqlBuilder sql;
    sql.text = "SELECT kind, v, count(*) AS n FROM (SELECT CASE ";
    sql.appendPropertyType("p.properties", key);
    sql.text += " WHEN 'text' THEN 0 WHEN 'integer' THEN 1 WHEN 'real' THEN 2 WHEN 'true' THEN 3 "
                "WHEN 'false' THEN 3 ELSE 4 END AS kind, ";
    sql.appendPropertyValue("p.properties", key);
    sql.text += " AS v FROM persons p) WHERE v IS NOT NULL AND v <> ''";
    if (!value.isEmpty()) {
        sql.text += " AND hs_icontains(v, ?)";
        sql.bindText(value);
    }
    sql.text += " GROUP BY kind, v ORDER BY n DESC, v LIMIT " + QByteArray::number(kValuesLimit);

    ReadTransaction transaction(db);
    QString error;
    SqliteStatement stmt;
    if (!sql.prepare(db, stmt, &error))
        return storeFailure(error);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        const int kind = sqlite3_column_int(stmt.get(), 0);
        const QString text = columnText(stmt.get(), 1);
        QJsonValue name = text;
        if (kind == 1)
            name = text.toLongLong();
        else if (kind == 2)
            name = text.toDouble();
        results.append(QJsonObject{{QStringLiteral("name"), name},
                                   {QStringLiteral("count"), sqlite3_column_int64(stmt.get(), 2)}});
    }
    if (rc != SQLITE_DONE) {
        stepError(stmt.get(), &error);
        return storeFailure(error);
    }
    reply.body.insert(QStringLiteral("results"), results);
    return reply;
}

} // namespace hogscope::local::persons
