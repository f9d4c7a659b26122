#pragma once

#include <QJsonValue>
#include <QString>

#include <string>
#include <vector>

namespace hogscope::local::runners {

// The persons behind one data point of an insight (a retention cohort, a stickiness bar, a paths
// step, a trends point), with the columns the insight's actors query adds (appearances, day_0,
// event_count, ...), in the order the insight gives them.
struct ActorSet
{
    struct Column
    {
        QString name;
        QString type; // ClickHouse type name, as ActorsQuery reports it
    };
    std::vector<Column> columns;
    std::vector<std::string> actors;             // person UUIDs
    std::vector<std::vector<QJsonValue>> values; // per actor, per column

    int columnIndex(const QString& name) const
    {
        for (size_t i = 0; i < columns.size(); ++i) {
            if (columns[i].name == name)
                return static_cast<int>(i);
        }
        return -1;
    }
};

} // namespace hogscope::local::runners
