#include "schema.h"

#include <string>
#include <utility>

namespace hogscope::hogql {

const char* fieldTypeName(FieldType type)
{
    switch (type) {
    case FieldType::Integer:
        return "integer";
    case FieldType::Float:
        return "float";
    case FieldType::String:
        return "string";
    case FieldType::Boolean:
        return "boolean";
    case FieldType::DateTime:
        return "datetime";
    case FieldType::Date:
        return "date";
    case FieldType::UUID:
        return "uuid";
    case FieldType::Json:
        return "json";
    case FieldType::StringArray:
        return "array";
    case FieldType::LazyJoin:
        return "lazy_join";
    case FieldType::FieldTraverser:
        return "field_traverser";
    case FieldType::VirtualTable:
        return "virtual_table";
    case FieldType::Expression:
        return "expression";
    }
    return "expression";
}

const SchemaField* SchemaTable::field(std::string_view fieldName) const
{
    for (const SchemaField& f : fields) {
        if (f.name == fieldName)
            return &f;
    }
    return nullptr;
}

Schema::Schema(std::vector<SchemaTable> tables)
    : m_tables(std::move(tables))
{}

const SchemaTable* Schema::table(std::string_view name) const
{
    for (const SchemaTable& t : m_tables) {
        if (t.name == name)
            return &t;
    }
    return nullptr;
}

void Schema::addTable(SchemaTable table)
{
    for (SchemaTable& t : m_tables) {
        if (t.name == table.name) {
            t = std::move(table);
            return;
        }
    }
    m_tables.push_back(std::move(table));
}

namespace {

// Terse builders: the tables below read like the tables of spec/hogql.md §5.
SchemaField field(std::string name, FieldType type, std::string description = {})
{
    SchemaField f;
    f.name = std::move(name);
    f.type = type;
    f.description = std::move(description);
    return f;
}

SchemaField hidden(SchemaField f)
{
    f.hidden = true;
    return f;
}

SchemaField nullable(SchemaField f)
{
    f.nullable = true;
    return f;
}

SchemaField json(std::string name, std::string propertyType, std::string description, int groupIndex = -1)
{
    SchemaField f = field(std::move(name), FieldType::Json, std::move(description));
    f.propertyType = std::move(propertyType);
    f.groupIndex = groupIndex;
    return f;
}

SchemaField link(std::string name, FieldType type, std::string target, std::string description,
                 int groupIndex = -1)
{
    SchemaField f = field(std::move(name), type, std::move(description));
    f.target = std::move(target);
    f.groupIndex = groupIndex;
    return f;
}

SchemaTable table(std::string name, std::string description, std::vector<SchemaField> fields)
{
    SchemaTable t;
    t.name = std::move(name);
    t.description = std::move(description);
    t.fields = std::move(fields);
    return t;
}

using F = FieldType;

SchemaTable eventsTable()
{
    std::vector<SchemaField> f = {
        field("uuid", F::UUID, "Event id"),
        field("event", F::String, "Event name ($pageview, $autocapture or a custom name)"),
        json("properties", "event", "Event properties: properties.$browser"),
        field("timestamp", F::DateTime,
              "When the event happened (client time; shown in the project timezone)"),
        field("team_id", F::Integer),
        field("distinct_id", F::String, "The distinct id the event was sent with"),
        field("elements_chain", F::String, "Autocapture DOM chain"),
        field("elements_chain_href", F::String, "Materialised part of the elements chain"),
        field("elements_chain_texts", F::StringArray, "Materialised part of the elements chain"),
        field("elements_chain_ids", F::StringArray, "Materialised part of the elements chain"),
        field("elements_chain_elements", F::StringArray, "Materialised part of the elements chain"),
        field("created_at", F::DateTime, "Ingestion time"),
        field("$session_id", F::String, "Session id (joins sessions)"),
        hidden(field("$session_id_uuid", F::UUID, "Internal")),
        field("$window_id", F::String),
        hidden(field("person_mode", F::String, "Internal")),
    };
    for (int i = 0; i < 5; ++i)
        f.push_back(
            field("$group_" + std::to_string(i), F::String, "Key of the group of type " + std::to_string(i)));
    f.push_back(
        link("pdi", F::LazyJoin, "person_distinct_ids", "Join to person_distinct_ids on distinct_id"));
    f.push_back(link("person", F::FieldTraverser, "pdi.person",
                     "The event's person: person.properties.email, person.id, person.created_at"));
    f.push_back(link("person_id", F::FieldTraverser, "pdi.person_id", "Id of the event's person"));
    f.push_back(
        link("poe", F::VirtualTable, "events.poe",
             "Person properties copied onto the event (persons on events): id, created_at, properties"));
    for (int i = 0; i < 5; ++i) {
        const std::string n = std::to_string(i);
        f.push_back(link("goe_" + n, F::VirtualTable, "events.goe_" + n,
                         "Group " + n + " copied onto the event: key, created_at, properties", i));
    }
    for (int i = 0; i < 5; ++i) {
        const std::string n = std::to_string(i);
        f.push_back(link(
            "group_" + n, F::LazyJoin, "groups",
            "Join to the group of type " + n + " (by $group_" + n + "): group_" + n + ".properties.name", i));
    }
    f.push_back(link("session", F::LazyJoin, "sessions",
                     "Join to sessions on $session_id: session.$session_duration, session.$channel_type"));
    f.push_back(hidden(field("$virt_is_bot", F::Boolean, "Virtual: the user agent looks like a bot")));
    f.push_back(hidden(field("$virt_traffic_type", F::String, "Virtual: traffic type from the user agent")));
    f.push_back(hidden(field("$virt_traffic_category", F::String, "Virtual: traffic category")));
    f.push_back(hidden(field("$virt_bot_name", F::String, "Virtual: bot name")));
    f.push_back(hidden(field("$virt_bot_operator", F::String, "Virtual: bot operator")));
    return table("events", "Every event sent to the project", std::move(f));
}

std::vector<SchemaField> personFields()
{
    return {
        field("id", F::UUID, "Person UUID"),
        field("created_at", F::DateTime, "When the person was first seen"),
        field("team_id", F::Integer),
        json("properties", "person", "Person properties: properties.email"),
        field("is_identified", F::Boolean, "The person was identified (identify() called)"),
        nullable(field("last_seen_at", F::DateTime, "When the person was last seen")),
        link("pdi", F::LazyJoin, "persons_pdi", "The person's distinct ids"),
        link("revenue_analytics", F::LazyJoin, "", "Revenue analytics of the person"),
    };
}

std::vector<SchemaField> pdiFields(bool withPerson)
{
    std::vector<SchemaField> f = {
        field("team_id", F::Integer),
        field("distinct_id", F::String),
        field("person_id", F::UUID, "Person the distinct id belongs to"),
    };
    if (withPerson)
        f.push_back(link("person", F::LazyJoin, "persons", "Join to persons on person_id"));
    return f;
}

std::vector<SchemaField> groupFields()
{
    return {
        field("index", F::Integer, "Group type index (0-4)"),
        field("team_id", F::Integer),
        field("key", F::String, "Group key"),
        field("created_at", F::DateTime),
        field("updated_at", F::DateTime),
        json("properties", "group", "Group properties: properties.name"),
        link("revenue_analytics", F::LazyJoin, "", "Revenue analytics of the group"),
    };
}

SchemaTable sessionsTable()
{
    std::vector<SchemaField> f = {
        field("id", F::String, "Session id"),
        field("session_id", F::String, "Session id"),
        hidden(field("session_id_v7", F::Integer, "Internal")),
        field("team_id", F::Integer),
        field("distinct_id", F::String),
        field("$start_timestamp", F::DateTime, "First event of the session"),
        field("$end_timestamp", F::DateTime, "Last event of the session"),
        field("max_inserted_at", F::DateTime),
        field("$urls", F::StringArray, "URLs visited"),
        field("$num_uniq_urls", F::Integer, "Number of distinct URLs"),
        field("$entry_current_url", F::String),
        field("$entry_pathname", F::String),
        field("$entry_hostname", F::String),
        field("$end_current_url", F::String),
        field("$end_pathname", F::String),
        field("$end_hostname", F::String),
        field("$exit_current_url", F::String, "Alias of $end_current_url"),
        field("$exit_pathname", F::String, "Alias of $end_pathname"),
        field("$entry_referring_domain", F::String),
        field("$last_external_click_url", F::String),
    };
    for (const char* utm : {"source", "campaign", "medium", "term", "content"})
        f.push_back(field(std::string("$entry_utm_") + utm, F::String, "Entry UTM parameter"));
    for (const char* id : {"gclid", "gad_source", "gclsrc", "dclid", "gbraid", "wbraid", "fbclid", "msclkid",
                           "twclid", "li_fat_id", "mc_cid", "igshid", "ttclid", "_kx", "irclid"})
        f.push_back(field(std::string("$entry_") + id, F::String, "Entry click id"));
    f.push_back(field("$pageview_count", F::Integer, "Number of pageviews"));
    f.push_back(field("$autocapture_count", F::Integer, "Number of autocapture events"));
    f.push_back(field("$screen_count", F::Integer, "Number of screen events"));
    f.push_back(field("$session_duration", F::Integer, "Duration in seconds"));
    f.push_back(field("duration", F::Integer, "Deprecated alias of $session_duration"));
    f.push_back(nullable(field("$is_bounce", F::Boolean, "At most one pageview, no autocapture, short")));
    f.push_back(
        field("$channel_type", F::String, "Channel computed from entry UTMs, referrer and click ids"));
    f.push_back(field("$vitals_lcp", F::Float, "Largest contentful paint"));
    return table("sessions", "One row per session, aggregated from its events", std::move(f));
}

std::vector<SchemaField> cohortPeopleFields()
{
    return {
        field("person_id", F::UUID),
        field("cohort_id", F::Integer),
        field("team_id", F::Integer),
        link("person", F::LazyJoin, "persons", "Join to persons on person_id"),
    };
}

Schema buildDefaultSchema()
{
    std::vector<SchemaTable> tables;
    tables.push_back(eventsTable());

    SchemaTable poe = table("events.poe", "Person on events", {});
    poe.internal = true;
    poe.fields = {
        field("id", F::UUID, "person_id column of the event"),
        field("created_at", F::DateTime, "person_created_at column of the event"),
        json("properties", "person", "person_properties column of the event"),
    };
    tables.push_back(std::move(poe));
    for (int i = 0; i < 5; ++i) {
        const std::string n = std::to_string(i);
        SchemaTable goe = table("events.goe_" + n, "Group " + n + " on events", {});
        goe.internal = true;
        goe.fields = {
            field("key", F::String, "Group key"),
            field("created_at", F::DateTime),
            json("properties", "group", "Group properties copied onto the event", i),
        };
        tables.push_back(std::move(goe));
    }

    tables.push_back(table("persons", "Persons (latest version of each)", personFields()));
    {
        std::vector<SchemaField> f = personFields();
        f.push_back(field("is_deleted", F::Boolean));
        f.push_back(field("version", F::Integer));
        tables.push_back(table("raw_persons", "Every version row of every person", std::move(f)));
    }
    tables.push_back(table("person_distinct_ids", "Distinct id to person mapping (latest per distinct id)",
                           pdiFields(true)));
    {
        std::vector<SchemaField> f = pdiFields(true);
        f.push_back(field("is_deleted", F::Boolean));
        f.push_back(field("version", F::Integer));
        tables.push_back(
            table("raw_person_distinct_ids", "Every version of the distinct id mapping", std::move(f)));
    }
    {
        std::vector<SchemaField> f = pdiFields(false);
        f.push_back(field("version", F::Integer));
        tables.push_back(
            table("person_distinct_id_overrides", "Overrides used by persons-on-events modes", std::move(f)));
    }
    SchemaTable personsPdi = table("persons_pdi", "A person's distinct ids", pdiFields(false));
    personsPdi.internal = true;
    tables.push_back(std::move(personsPdi));

    tables.push_back(table("groups", "Groups (latest version per index and key)", groupFields()));
    tables.push_back(table("raw_groups", "Every version of every group", groupFields()));
    tables.push_back(sessionsTable());
    tables.push_back(
        table("cohort_people", "Dynamic cohort membership (latest version)", cohortPeopleFields()));
    tables.push_back(table("static_cohort_people", "Static cohort membership", cohortPeopleFields()));

    tables.push_back(table("session_replay_events", "Recording metadata per session (field list partial)",
                           {
                               field("session_id", F::String),
                               field("team_id", F::Integer),
                               field("distinct_id", F::String),
                               field("min_first_timestamp", F::DateTime),
                               field("max_last_timestamp", F::DateTime),
                               field("click_count", F::Integer),
                               field("keypress_count", F::Integer),
                               field("console_log_count", F::Integer),
                               field("console_warn_count", F::Integer),
                               field("console_error_count", F::Integer),
                               link("events", F::LazyJoin, "events", "The session's events"),
                           }));
    tables.push_back(table("query_log", "Queries run by the project (field list partial)",
                           {
                               field("query_id", F::String),
                               field("event_date", F::Date),
                               field("event_time", F::DateTime),
                               field("query_duration_ms", F::Integer),
                               field("read_rows", F::Integer),
                               field("read_bytes", F::Integer),
                               field("result_rows", F::Integer),
                           }));

    SchemaTable numbers = table("numbers", "Table function: the integers 0..N-1",
                                {field("number", F::Integer, "The integer (UInt64)")});
    numbers.tableFunction = true;
    numbers.signature = "numbers(N) | numbers(offset, N)";
    tables.push_back(std::move(numbers));
    return Schema(std::move(tables));
}

} // namespace

const Schema& defaultSchema()
{
    static const Schema schema = buildDefaultSchema();
    return schema;
}

} // namespace hogscope::hogql
