#pragma once

// An event chooser fed by the project's event definitions (DefinitionsCache): a combo box that
// lists the known events and also takes a typed name (a new event is not in the definitions yet).

#include <QComboBox>
#include <QPointer>

namespace hogscope::api {
class DefinitionsCache;
}

namespace hogscope::ui {

class EventPicker : public QComboBox
{
    Q_OBJECT
public:
    explicit EventPicker(QWidget* parent = nullptr);

    void setDefinitions(api::DefinitionsCache* definitions); // not owned; null = typed names only
    QString event() const;
    void setEvent(const QString& event);

Q_SIGNALS:
    void eventChanged(const QString& event);

private:
    void reload();

    QPointer<api::DefinitionsCache> m_definitions;
    QMetaObject::Connection m_updated;
};

} // namespace hogscope::ui
