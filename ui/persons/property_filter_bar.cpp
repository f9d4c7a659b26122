#include "property_filter_bar.h"

#include "api/definitions_cache.h"
#include "api/persons_client.h"

#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QStringListModel>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

// How long typing in a value field must pause before persons/values is asked.
constexpr int kValuesDelayMs = 250;

} // namespace

// ---- PropertyFilterRow ------------------------------------------------------------------------------

PropertyFilterRow::PropertyFilterRow(PropertyFilterBar* bar, QStringListModel* keys)
    : QWidget(bar)
    , m_bar(bar)
    , m_key(new QLineEdit(this))
    , m_operator(new QComboBox(this))
    , m_value(new QLineEdit(this))
    , m_remove(new QToolButton(this))
    , m_values(new QStringListModel(this))
    , m_valueCompleter(new QCompleter(m_values, this))
    , m_valuesTimer(new QTimer(this))
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto* where = new QLabel(tr("where"), this);
    where->setForegroundRole(QPalette::PlaceholderText);
    m_key->setObjectName(QStringLiteral("filterKey"));
    m_key->setPlaceholderText(tr("person property"));
    m_key->setClearButtonEnabled(true);
    auto* keyCompleter = new QCompleter(keys, this);
    keyCompleter->setCaseSensitivity(Qt::CaseInsensitive);
    keyCompleter->setFilterMode(Qt::MatchContains);
    keyCompleter->setMaxVisibleItems(12);
    m_key->setCompleter(keyCompleter);

    m_operator->setObjectName(QStringLiteral("filterOperator"));
    for (const QString& op : PropertyFilterBar::operators())
        m_operator->addItem(PropertyFilterBar::operatorLabel(op), op);

    m_value->setObjectName(QStringLiteral("filterValue"));
    m_value->setPlaceholderText(tr("value"));
    m_value->setClearButtonEnabled(true);
    // The server already filtered by the text: show all it sent, in its order (most common first).
    m_valueCompleter->setCaseSensitivity(Qt::CaseInsensitive);
    m_valueCompleter->setFilterMode(Qt::MatchContains);
    m_valueCompleter->setMaxVisibleItems(12);
    m_value->setCompleter(m_valueCompleter);

    m_remove->setObjectName(QStringLiteral("filterRemove"));
    m_remove->setText(QStringLiteral("✕"));
    m_remove->setToolTip(tr("Remove this filter"));
    m_remove->setAutoRaise(true);

    layout->addWidget(where);
    layout->addWidget(m_key, 3);
    layout->addWidget(m_operator, 0);
    layout->addWidget(m_value, 3);
    layout->addWidget(m_remove);

    m_valuesTimer->setSingleShot(true);
    m_valuesTimer->setInterval(kValuesDelayMs);
    connect(m_valuesTimer, &QTimer::timeout, this, &PropertyFilterRow::requestValues);

    connect(m_key, &QLineEdit::textChanged, this, [this] {
        m_values->setStringList({});
        ++m_valuesGeneration; // suggestions for the old key are no longer wanted
        Q_EMIT changed();
    });
    connect(keyCompleter, qOverload<const QString&>(&QCompleter::activated), this, [this] {
        m_value->setFocus();
        m_valuesTimer->start();
    });
    connect(m_operator, &QComboBox::currentIndexChanged, this, [this] {
        updateValueField();
        Q_EMIT changed();
    });
    connect(m_value, &QLineEdit::textEdited, this, [this] { m_valuesTimer->start(); });
    connect(m_value, &QLineEdit::textChanged, this, &PropertyFilterRow::changed);
    connect(m_remove, &QToolButton::clicked, this, &PropertyFilterRow::removeRequested);
    updateValueField();
}

PropertyFilterRow::~PropertyFilterRow()
{
    m_valuesRequest.abort();
}

QString PropertyFilterRow::key() const
{
    return m_key->text().trimmed();
}

QString PropertyFilterRow::op() const
{
    return m_operator->currentData().toString();
}

QString PropertyFilterRow::value() const
{
    return m_value->text();
}

void PropertyFilterRow::setFilter(const QString& key, const QString& op, const QString& value)
{
    m_key->setText(key);
    const int index = m_operator->findData(op);
    m_operator->setCurrentIndex(index >= 0 ? index : 0);
    m_value->setText(value);
}

QJsonObject PropertyFilterRow::filter() const
{
    const QString key = this->key();
    const QString op = this->op();
    if (key.isEmpty())
        return QJsonObject();
    QJsonObject filter{{QStringLiteral("key"), key},
                       {QStringLiteral("operator"), op},
                       {QStringLiteral("type"), QStringLiteral("person")}};
    if (!PropertyFilterBar::operatorTakesValue(op))
        return filter;
    const QString text = value();
    if (text.isEmpty())
        return QJsonObject();
    if (op == QLatin1String("exact") || op == QLatin1String("is_not")) {
        // PostHog's exact/is_not take a list of values (any of / none of).
        filter.insert(QStringLiteral("value"), QJsonArray{text});
    } else if (op == QLatin1String("gt") || op == QLatin1String("lt")) {
        bool number = false;
        const double d = text.trimmed().toDouble(&number);
        filter.insert(QStringLiteral("value"), number ? QJsonValue(d) : QJsonValue(text));
    } else {
        filter.insert(QStringLiteral("value"), text);
    }
    return filter;
}

QStringList PropertyFilterRow::valueSuggestions() const
{
    return m_values->stringList();
}

void PropertyFilterRow::updateValueField()
{
    const bool takesValue = PropertyFilterBar::operatorTakesValue(op());
    m_value->setEnabled(takesValue);
    m_value->setPlaceholderText(takesValue ? tr("value") : QString());
}

void PropertyFilterRow::requestValues()
{
    const QString key = this->key();
    if (key.isEmpty() || !m_bar->m_persons || !m_value->isEnabled())
        return;
    m_valuesRequest.abort();
    const quint64 generation = ++m_valuesGeneration;
    const QString text = m_value->text();
    m_valuesRequest = m_bar->m_persons->values(
        key, text, this, [this, generation, text](const api::ApiResult<QList<api::PropertyValue>>& result) {
            // A reply for an older text or key: the user has typed on since.
            if (generation != m_valuesGeneration || !result.ok())
                return;
            QStringList names;
            for (const api::PropertyValue& value : result.value)
                names.push_back(value.name);
            m_values->setStringList(names);
            if (m_value->hasFocus() && !names.isEmpty() && !(names.size() == 1 && names.first() == text)) {
                m_valueCompleter->setCompletionPrefix(text);
                m_valueCompleter->complete();
            }
        });
}

// ---- PropertyFilterBar ------------------------------------------------------------------------------

PropertyFilterBar::PropertyFilterBar(QWidget* parent)
    : QWidget(parent)
    , m_rows(new QVBoxLayout(this))
    , m_keys(new QStringListModel(this))
{
    m_rows->setContentsMargins(0, 0, 0, 0);
    m_rows->setSpacing(4);
    setVisible(false);
}

PropertyFilterBar::~PropertyFilterBar() = default;

void PropertyFilterBar::setSources(api::DefinitionsCache* definitions, api::PersonsClient* persons)
{
    if (m_definitions)
        disconnect(m_definitions, nullptr, this, nullptr);
    m_definitions = definitions;
    m_persons = persons;
    if (m_definitions) {
        connect(m_definitions, &api::DefinitionsCache::propertiesUpdated, this,
                [this](api::PropertyType type) {
                    if (type == api::PropertyType::Person)
                        refreshKeys();
                });
    }
    refreshKeys();
}

void PropertyFilterBar::refreshKeys()
{
    // Reading starts a fetch when the list is missing or stale; the signal above brings the result.
    m_keys->setStringList(m_definitions ? m_definitions->propertyNames(api::PropertyType::Person)
                                        : QStringList());
}

PropertyFilterRow* PropertyFilterBar::addFilter(const QString& key, const QString& op, const QString& value)
{
    auto* row = new PropertyFilterRow(this, m_keys);
    row->setObjectName(QStringLiteral("filterRow%1").arg(m_rows->count()));
    row->setFilter(key, op, value);
    m_rows->addWidget(row);
    connect(row, &PropertyFilterRow::changed, this, &PropertyFilterBar::filtersChanged);
    connect(row, &PropertyFilterRow::removeRequested, this, [this, row] { removeRow(row); });
    setVisible(true);
    if (key.isEmpty())
        row->keyField()->setFocus();
    if (m_keys->rowCount() == 0)
        refreshKeys();
    Q_EMIT filtersChanged();
    return row;
}

void PropertyFilterBar::removeRow(PropertyFilterRow* row)
{
    m_rows->removeWidget(row);
    row->hide();
    row->deleteLater();
    setVisible(m_rows->count() > 0);
    Q_EMIT filtersChanged();
}

void PropertyFilterBar::clear()
{
    while (m_rows->count() > 0) {
        QWidget* widget = m_rows->itemAt(0)->widget();
        m_rows->removeWidget(widget);
        delete widget;
    }
    setVisible(false);
    Q_EMIT filtersChanged();
}

int PropertyFilterBar::rowCount() const
{
    return m_rows->count();
}

PropertyFilterRow* PropertyFilterBar::row(int index) const
{
    QLayoutItem* item = m_rows->itemAt(index);
    return item ? qobject_cast<PropertyFilterRow*>(item->widget()) : nullptr;
}

QJsonArray PropertyFilterBar::filters() const
{
    QJsonArray filters;
    for (int i = 0; i < m_rows->count(); ++i) {
        const QJsonObject filter = row(i)->filter();
        if (!filter.isEmpty())
            filters.append(filter);
    }
    return filters;
}

QStringList PropertyFilterBar::operators()
{
    return {QStringLiteral("exact"),     QStringLiteral("is_not"),
            QStringLiteral("icontains"), QStringLiteral("not_icontains"),
            QStringLiteral("is_set"),    QStringLiteral("is_not_set"),
            QStringLiteral("gt"),        QStringLiteral("lt")};
}

QString PropertyFilterBar::operatorLabel(const QString& op)
{
    if (op == QLatin1String("exact"))
        return tr("equals");
    if (op == QLatin1String("is_not"))
        return tr("doesn't equal");
    if (op == QLatin1String("icontains"))
        return tr("contains");
    if (op == QLatin1String("not_icontains"))
        return tr("doesn't contain");
    if (op == QLatin1String("is_set"))
        return tr("is set");
    if (op == QLatin1String("is_not_set"))
        return tr("is not set");
    if (op == QLatin1String("gt"))
        return tr("greater than");
    if (op == QLatin1String("lt"))
        return tr("less than");
    return op;
}

bool PropertyFilterBar::operatorTakesValue(const QString& op)
{
    return op != QLatin1String("is_set") && op != QLatin1String("is_not_set");
}

} // namespace hogscope::ui
