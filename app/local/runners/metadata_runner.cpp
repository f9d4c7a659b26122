#include "metadata_runner.h"

#include "runner_support.h"

#include "local/hogql_compiler.h"

#include <QJsonArray>

namespace hogscope::local::runners {

namespace {

const QString kNode = QStringLiteral("HogQLMetadata");

QJsonObject notice(const CompileError& error)
{
    // HogQLNotice: message, start, end (character offsets), fix. The compiler appends "(at
    // character N)" for the /query/ error detail; the editor has the offsets instead.
    QString message = error.message;
    const qsizetype at = message.lastIndexOf(QStringLiteral(" (at character "));
    if (at > 0 && message.endsWith(QLatin1Char(')')))
        message.truncate(at);
    return QJsonObject{
        {QStringLiteral("message"), message},
        {QStringLiteral("start"), error.begin >= 0 ? QJsonValue(error.begin) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("end"), error.end >= 0 ? QJsonValue(error.end) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("fix"), QJsonValue(QJsonValue::Null)}};
}

} // namespace

void validateMetadataQuery(const QJsonObject& node)
{
    const QString language = node.value(QStringLiteral("language")).toString();
    if (language != QLatin1String("hogQL") && language != QLatin1String("hogQLExpr") &&
        language != QLatin1String("hog") && language != QLatin1String("hogTemplate"))
        throwFieldError(kNode, QStringLiteral("language"),
                        QStringLiteral("Input should be 'hogQL', 'hogQLExpr', 'hog' or 'hogTemplate'"));
    if (language == QLatin1String("hog") || language == QLatin1String("hogTemplate"))
        throwUnsupported(QStringLiteral("Checking Hog programs"));
    if (!node.value(QStringLiteral("query")).isString())
        throwFieldError(kNode, QStringLiteral("query"), QStringLiteral("Field required"));
}

QJsonObject runMetadata(const QJsonObject& node, int64_t nowMicros)
{
    validateMetadataQuery(node);
    const QString language = node.value(QStringLiteral("language")).toString();
    const QString query = node.value(QStringLiteral("query")).toString();
    CompileOptions options;
    options.nowMicros = nowMicros;
    options.values = node.value(QStringLiteral("values")).toObject();
    QJsonArray errors;
    bool usesEvents = false;
    if (language == QLatin1String("hogQLExpr")) {
        const ExpressionResult result = compileHogQLExpression(query, options);
        if (const auto* error = std::get_if<CompileError>(&result))
            errors.append(notice(*error));
        usesEvents = true;
    } else {
        const CompileResult result = compileHogQL(query, options);
        if (const auto* error = std::get_if<CompileError>(&result))
            errors.append(notice(*error));
        else
            usesEvents = std::get<CompiledQuery>(result).sql.find(" FROM events") != std::string::npos;
    }
    const QJsonArray tables =
        usesEvents && errors.isEmpty() ? QJsonArray{QStringLiteral("events")} : QJsonArray{};
    return QJsonObject{{QStringLiteral("isValid"), errors.isEmpty()},
                       {QStringLiteral("errors"), errors},
                       {QStringLiteral("warnings"), QJsonArray{}},
                       {QStringLiteral("notices"), QJsonArray{}},
                       {QStringLiteral("query"), query},
                       {QStringLiteral("table_names"), tables},
                       {QStringLiteral("ch_table_names"), tables},
                       {QStringLiteral("isUsingIndices"), QStringLiteral("undecisive")},
                       {QStringLiteral("query_status"), QJsonValue(QJsonValue::Null)}};
}

} // namespace hogscope::local::runners
