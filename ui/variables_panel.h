#pragma once

// The placeholders of the statement to run and the values the user gives them.

#include <QDate>
#include <QFrame>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

class QGridLayout;
class QLabel;

namespace hogscope::ui {

// One `{...}` placeholder: `{days}` (name "days") or `{variables.country}` (name "variables.country",
// codeName "country").
struct PlaceholderRef
{
    QString name;     // as written between the braces
    QString codeName; // the variable's code_name for `{variables.x}`, empty otherwise
    bool isVariable() const { return !codeName.isEmpty(); }
    friend bool operator==(const PlaceholderRef&, const PlaceholderRef&) = default;
};

// The placeholders of a statement in order of first use, each once, found with the HogQL tokenizer
// (so braces in strings, template strings and comments do not count, nor dict literals). `{filters}`
// is left out: PostHog fills it from the query's own filters.
QList<PlaceholderRef> placeholdersIn(const QString& statement);

// What a run sends for its placeholders, or why it cannot run.
struct PlaceholderValues
{
    QJsonObject values;       // HogQLQuery.values: name -> constant
    QJsonObject variables;    // HogQLQuery.variables: id -> {variableId, code_name, value, isNull}
    QStringList problems;     // one sentence per placeholder without a usable value; empty = can run
    QString firstProblemName; // the name of the first of those
};

// The placeholders panel under the editor: a row per placeholder of the current statement with a
// type (text, number, date), a value and a Null box; `{variables.x}` rows also take the id of the
// project's SQL variable, which PostHog needs. Values are kept per name, also while a placeholder is
// briefly gone during editing, and journaled with the tab's draft (state()). Hidden when there are none.
class VariablesPanel : public QFrame
{
    Q_OBJECT
public:
    enum class ValueType
    {
        Text,
        Number,
        Date,
    };

    explicit VariablesPanel(QWidget* parent = nullptr);
    ~VariablesPanel() override;

    // The statement the panel lists placeholders for (rows are rebuilt only when the list changes).
    void setStatement(const QString& statement);
    QList<PlaceholderRef> placeholders() const { return m_shown; }

    // The request fields for `statement`'s placeholders, from the values entered so far.
    PlaceholderValues collect(const QString& statement) const;

    // Programmatic entry (tests, restoring): sets a row's type and value text ("2026-11-29" for dates).
    void setValue(const QString& name, ValueType type, const QString& value);
    void setNull(const QString& name, bool isNull);
    void setVariableId(const QString& name, const QString& id);
    // Puts the keyboard focus on the value field of `name` (after a run was refused for it).
    void focusValue(const QString& name);

    // Every value entered so far, as JSON (name -> {type, value, null, variableId}), for the drafts
    // journal; restoreState() takes it back, ignoring what it cannot read.
    QJsonObject state() const;
    void restoreState(const QJsonObject& state);

Q_SIGNALS:
    // The user changed a value.
    void valuesChanged();

private:
    struct Entry
    {
        ValueType type = ValueType::Text;
        QString text;
        QDate date = QDate::currentDate();
        bool isNull = false;
        QString variableId;
    };

    void rebuildRows();
    // The JSON value of `entry`, or a sentence saying what is missing (then the value is undefined).
    static QJsonValue valueOf(const QString& name, const Entry& entry, QString* problem);

    QLabel* m_title = nullptr;
    QGridLayout* m_grid = nullptr;
    QWidget* m_rows = nullptr;
    QList<PlaceholderRef> m_shown;
    QHash<QString, Entry> m_entries;
};

} // namespace hogscope::ui
