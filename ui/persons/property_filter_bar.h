#pragma once

// Person property filters, built row by row: key, operator, value.

#include "api/api_client.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QCompleter;
class QLineEdit;
class QStringListModel;
class QTimer;
class QToolButton;
class QVBoxLayout;

namespace hogscope::api {
class DefinitionsCache;
class PersonsClient;
} // namespace hogscope::api

namespace hogscope::ui {

class PropertyFilterBar;

// One filter: a key (completed from the definitions), an operator and a value (completed from
// persons/values for that key as it is typed).
class PropertyFilterRow : public QWidget
{
    Q_OBJECT

public:
    PropertyFilterRow(PropertyFilterBar* bar, QStringListModel* keys);
    ~PropertyFilterRow() override;

    QLineEdit* keyField() const { return m_key; }
    QComboBox* operatorBox() const { return m_operator; }
    QLineEdit* valueField() const { return m_value; }
    QCompleter* valueCompleter() const { return m_valueCompleter; }

    QString key() const;
    QString op() const;
    QString value() const;
    void setFilter(const QString& key, const QString& op, const QString& value);
    // The row as a PostHog property filter; empty when incomplete (no key, or no value needed).
    QJsonObject filter() const;

    // Values offered for the current key and text (what persons/values answered last).
    QStringList valueSuggestions() const;

Q_SIGNALS:
    void changed();
    void removeRequested();

private:
    void updateValueField();
    void requestValues();

    PropertyFilterBar* m_bar = nullptr;
    QLineEdit* m_key = nullptr;
    QComboBox* m_operator = nullptr;
    QLineEdit* m_value = nullptr;
    QToolButton* m_remove = nullptr;
    QStringListModel* m_values = nullptr;
    QCompleter* m_valueCompleter = nullptr;
    QTimer* m_valuesTimer = nullptr;
    api::RequestHandle m_valuesRequest;
    quint64 m_valuesGeneration = 0;
};

// A list of filter rows. Keys complete from the project's person property definitions, values from
// persons/values as they are typed (debounced; late answers for an older text are dropped). filters()
// gives the complete rows in PostHog's shape, [{"key", "value", "operator", "type": "person"}], and
// filtersChanged() fires when that may have changed.
class PropertyFilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit PropertyFilterBar(QWidget* parent = nullptr);
    ~PropertyFilterBar() override;

    // Where completions come from (either may be null). Not owned.
    void setSources(api::DefinitionsCache* definitions, api::PersonsClient* persons);

    // Adds a row (and shows the bar); the key field gets the focus when `key` is empty.
    PropertyFilterRow* addFilter(const QString& key = QString(), const QString& op = QStringLiteral("exact"),
                                 const QString& value = QString());
    void clear();
    int rowCount() const;
    PropertyFilterRow* row(int index) const;

    QJsonArray filters() const;

    // The operators offered, as PostHog names them, and their labels.
    static QStringList operators();
    static QString operatorLabel(const QString& op);
    static bool operatorTakesValue(const QString& op);

Q_SIGNALS:
    void filtersChanged();

private:
    friend class PropertyFilterRow;
    void refreshKeys();
    void removeRow(PropertyFilterRow* row);

    QVBoxLayout* m_rows = nullptr;
    QStringListModel* m_keys = nullptr;
    QPointer<api::DefinitionsCache> m_definitions;
    QPointer<api::PersonsClient> m_persons;
};

} // namespace hogscope::ui
