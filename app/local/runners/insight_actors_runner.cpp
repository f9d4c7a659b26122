#include "insight_actors_runner.h"

#include "paths_runner.h"
#include "retention_runner.h"
#include "runner_support.h"
#include "stickiness_runner.h"
#include "trends_runner.h"

#include <QJsonArray>

namespace hogscope::local::runners {

namespace {

QJsonObject sourceOf(const QJsonObject& node)
{
    const QJsonValue source = node.value(QStringLiteral("source"));
    if (!source.isObject())
        throwFieldError(node.value(QStringLiteral("kind")).toString(), QStringLiteral("source"),
                        QStringLiteral("Field required"));
    return source.toObject();
}

std::optional<int64_t> dayIndex(const QJsonObject& node)
{
    const QJsonValue day = node.value(QStringLiteral("day"));
    if (day.isDouble())
        return day.toInteger();
    if (day.isString()) {
        bool ok = false;
        const int64_t value = day.toString().toLongLong(&ok);
        if (ok)
            return value;
    }
    return std::nullopt;
}

} // namespace

void validateInsightActorsQuery(const QJsonObject& node)
{
    const QString kind = node.value(QStringLiteral("kind")).toString();
    const QJsonObject source = sourceOf(node);
    const QString sourceKind = source.value(QStringLiteral("kind")).toString();
    if (sourceKind == QLatin1String("RetentionQuery")) {
        parseRetentionQuery(source);
        if (!optionalInteger(node, QStringLiteral("interval"), kind))
            throwUnsupported(QStringLiteral("Retention actors without an interval"));
    } else if (sourceKind == QLatin1String("StickinessQuery")) {
        parseStickinessQuery(source);
        if (!dayIndex(node))
            throwFieldError(kind, QStringLiteral("day"),
                            QStringLiteral("Stickiness actors need the day (intervals)"));
    } else if (sourceKind == QLatin1String("PathsQuery")) {
        parsePathsQuery(source);
    } else if (sourceKind == QLatin1String("TrendsQuery")) {
        parseTrendsQuery(source);
    } else {
        throwUnsupported(
            QStringLiteral("Actors of a %1")
                .arg(sourceKind.isEmpty() ? QStringLiteral("source without a kind") : sourceKind));
    }
}

ActorSet insightActors(RunContext& context, const QJsonObject& node)
{
    validateInsightActorsQuery(node);
    const QString kind = node.value(QStringLiteral("kind")).toString();
    const QJsonObject source = sourceOf(node);
    const QString sourceKind = source.value(QStringLiteral("kind")).toString();
    if (sourceKind == QLatin1String("RetentionQuery"))
        return retentionActors(context, parseRetentionQuery(source),
                               *optionalInteger(node, QStringLiteral("interval"), kind));
    if (sourceKind == QLatin1String("StickinessQuery"))
        return stickinessActors(context, parseStickinessQuery(source), *dayIndex(node),
                                optionalInteger(node, QStringLiteral("series"), kind),
                                node.value(QStringLiteral("operator")).toString());
    if (sourceKind == QLatin1String("PathsQuery"))
        return pathsActors(context, parsePathsQuery(source));
    return trendsActors(context, parseTrendsQuery(source), node.value(QStringLiteral("day")),
                        optionalInteger(node, QStringLiteral("series"), kind).value_or(0),
                        node.value(QStringLiteral("breakdown")));
}

QJsonObject runInsightActors(RunContext& context, const QJsonObject& node)
{
    const ActorSet set = insightActors(context, node);
    QJsonArray columns{QStringLiteral("actor_id")};
    QJsonArray types{QStringLiteral("UUID")};
    for (const ActorSet::Column& column : set.columns) {
        columns.append(column.name);
        types.append(column.type);
    }
    QJsonArray rows;
    for (size_t i = 0; i < set.actors.size(); ++i) {
        QJsonArray row{QString::fromStdString(set.actors[i])};
        for (const QJsonValue& value : set.values[i])
            row.append(value);
        rows.append(row);
    }
    QJsonObject response{{QStringLiteral("results"), rows},
                         {QStringLiteral("columns"), columns},
                         {QStringLiteral("types"), types}};
    addResponseMetadata(response, context, QStringLiteral("-- InsightActorsQuery"));
    return response;
}

} // namespace hogscope::local::runners
