#include "event_picker.h"

#include "api/definitions_cache.h"

#include <QCompleter>
#include <QLineEdit>

namespace hogscope::ui {

EventPicker::EventPicker(QWidget* parent)
    : QComboBox(parent)
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    setMinimumContentsLength(14);
    setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    completer()->setCaseSensitivity(Qt::CaseInsensitive);
    completer()->setFilterMode(Qt::MatchContains);
    setToolTip(tr("Event name, from the project's event definitions or typed"));
    addItem(QStringLiteral("$pageview"));
    // Typed text counts once editing ends; a pick from the list at once.
    connect(this, &QComboBox::activated, this, [this] { Q_EMIT eventChanged(event()); });
    connect(lineEdit(), &QLineEdit::editingFinished, this, [this] { Q_EMIT eventChanged(event()); });
}

void EventPicker::setDefinitions(api::DefinitionsCache* definitions)
{
    if (m_definitions)
        disconnect(m_updated);
    m_definitions = definitions;
    if (definitions)
        m_updated = connect(definitions, &api::DefinitionsCache::eventsUpdated, this, &EventPicker::reload);
    reload();
}

void EventPicker::reload()
{
    const QString current = event();
    QStringList names = m_definitions ? m_definitions->eventNames() : QStringList();
    if (names.isEmpty())
        names << QStringLiteral("$pageview");
    if (!current.isEmpty() && !names.contains(current))
        names.prepend(current);
    const QSignalBlocker blocker(this);
    clear();
    addItems(names);
    setCurrentText(current);
}

QString EventPicker::event() const
{
    const QString text = currentText().trimmed();
    return text.isEmpty() ? QStringLiteral("$pageview") : text;
}

void EventPicker::setEvent(const QString& event)
{
    if (findText(event) < 0)
        addItem(event);
    setCurrentText(event);
}

} // namespace hogscope::ui
