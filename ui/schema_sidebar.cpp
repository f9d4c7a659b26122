#include "schema_sidebar.h"

#include "theme.h"

#include "hogql/schema.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

constexpr int kInsertRole = Qt::UserRole;      // text inserted into the editor
constexpr int kSectionRole = Qt::UserRole + 1; // section key on top-level items

QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// A property key as it is written after `properties.`
QString propertyAccess(const QString& prefix, const QString& key)
{
    bool plain = !key.isEmpty() && !key.front().isDigit();
    for (const QChar c : key)
        plain = plain && (c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$'));
    if (plain)
        return prefix + key;
    QString escaped = key;
    escaped.replace(QLatin1Char('`'), QLatin1String("``"));
    return prefix + QLatin1Char('`') + escaped + QLatin1Char('`');
}

bool filterItem(QTreeWidgetItem* item, const QString& text)
{
    bool anyChild = false;
    for (int i = 0; i < item->childCount(); ++i)
        anyChild = filterItem(item->child(i), text) || anyChild;
    const bool self = text.isEmpty() || item->text(0).contains(text, Qt::CaseInsensitive);
    item->setHidden(!(self || anyChild));
    if (!text.isEmpty() && anyChild)
        item->setExpanded(true);
    return self || anyChild;
}

} // namespace

SchemaSidebar::SchemaSidebar(QWidget* parent)
    : QWidget(parent)
    , m_connection(new QLabel(this))
    , m_switch(new QToolButton(this))
    , m_refresh(new QToolButton(this))
    , m_projectRow(new QWidget(this))
    , m_projects(new QComboBox(m_projectRow))
    , m_status(new QLabel(this))
    , m_search(new QLineEdit(this))
    , m_tree(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("schemaSidebar"));
    theme::followScheme(m_status, [this](bool) {
        if (m_statusIsError) // the error frame is in scheme colours
            setStatus(m_status->text(), true);
    });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(6);
    auto* top = new QHBoxLayout;
    top->setSpacing(4);
    m_connection->setWordWrap(true);
    m_connection->setObjectName(QStringLiteral("sidebarConnection"));
    m_connection->setTextFormat(Qt::PlainText);
    QFont strong = m_connection->font();
    strong.setBold(true);
    m_connection->setFont(strong);
    m_switch->setText(tr("Switch…"));
    m_switch->setObjectName(QStringLiteral("sidebarSwitch"));
    m_switch->setToolTip(tr("Connect to another PostHog project or the demo backend (Ctrl+Shift+O)"));
    m_refresh->setObjectName(QStringLiteral("sidebarRefresh"));
    m_refresh->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_refresh->setText(tr("Refresh"));
    m_refresh->setToolTip(tr("Fetch events and properties again"));
    m_refresh->setAutoRaise(true);
    top->addWidget(m_connection, 1);
    top->addWidget(m_refresh, 0, Qt::AlignTop);
    top->addWidget(m_switch, 0, Qt::AlignTop);
    layout->addLayout(top);

    auto* projectLayout = new QHBoxLayout(m_projectRow);
    projectLayout->setContentsMargins(0, 0, 0, 0);
    auto* projectLabel = new QLabel(tr("&Project:"), m_projectRow);
    projectLabel->setBuddy(m_projects);
    m_projects->setObjectName(QStringLiteral("sidebarProjects"));
    m_projects->setToolTip(tr("The project queries and the sidebar refer to"));
    m_projects->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_projects->setMinimumContentsLength(12);
    projectLayout->addWidget(projectLabel);
    projectLayout->addWidget(m_projects, 1);
    m_projectRow->hide();
    layout->addWidget(m_projectRow);

    m_search->setPlaceholderText(tr("Search tables, fields, events, properties"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("sidebarSearch"));
    layout->addWidget(m_search);
    m_status->setObjectName(QStringLiteral("sidebarStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->hide();
    layout->addWidget(m_status);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Name"), tr("Type / count")});
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(false);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    layout->addWidget(m_tree, 1);

    connect(m_search, &QLineEdit::textChanged, this, &SchemaSidebar::setFilter);
    connect(m_tree, &QTreeWidget::itemActivated, this, &SchemaSidebar::onActivated);
    connect(m_switch, &QToolButton::clicked, this, &SchemaSidebar::switchConnectionRequested);
    connect(m_refresh, &QToolButton::clicked, this, &SchemaSidebar::refreshRequested);
    connect(m_projects, &QComboBox::activated, this, [this](int index) {
        const QString id = m_projects->itemData(index).toString();
        if (!id.isEmpty() && id != m_projects->property("currentId").toString())
            Q_EMIT projectSwitchRequested(id);
    });

    section(QStringLiteral("tables"), tr("Tables"));
    section(QStringLiteral("events"), tr("Events"));
    section(QStringLiteral("event"), tr("Event properties"));
    section(QStringLiteral("person"), tr("Person properties"));
    setSchema(hogql::defaultSchema());
    setConnection(QString());
}

QTreeWidgetItem* SchemaSidebar::section(const QString& key, const QString& title)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        if (m_tree->topLevelItem(i)->data(0, kSectionRole).toString() == key)
            return m_tree->topLevelItem(i);
    }
    auto* item = new QTreeWidgetItem(m_tree, {title});
    item->setData(0, kSectionRole, key);
    QFont bold = item->font(0);
    bold.setBold(true);
    item->setFont(0, bold);
    item->setFlags(Qt::ItemIsEnabled);
    return item;
}

void SchemaSidebar::setConnection(const QString& description)
{
    m_connection->setText(description.isEmpty() ? tr("Not connected") : description);
}

void SchemaSidebar::setProjects(const QList<QPair<QString, QString>>& projects, const QString& currentId)
{
    const QSignalBlocker blocker(m_projects);
    m_projects->clear();
    for (const auto& [id, name] : projects) {
        m_projects->addItem(name.isEmpty() ? tr("Project %1").arg(id) : tr("%1 (%2)").arg(name, id), id);
        if (id == currentId)
            m_projects->setCurrentIndex(m_projects->count() - 1);
    }
    m_projects->setProperty("currentId", currentId);
    m_projectRow->setVisible(projects.size() > 1);
}

QString SchemaSidebar::currentProject() const
{
    return m_projects->property("currentId").toString();
}

void SchemaSidebar::setStatus(const QString& text, bool error)
{
    m_statusIsError = error && !text.isEmpty();
    m_status->setText(text);
    m_status->setToolTip(text);
    if (m_statusIsError) {
        const theme::Colors& c = theme::currentColors();
        m_status->setStyleSheet(
            QStringLiteral(
                "QLabel{color:%1; border:1px solid %2; border-radius:4px; background:%3; padding:4px 6px;}")
                .arg(c.errorText.name(), c.errorBorder.name(), c.errorBackground.name()));
    } else {
        m_status->setStyleSheet(QString());
        QPalette muted = palette();
        muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
        m_status->setPalette(muted);
    }
    m_status->setVisible(!text.isEmpty());
}

QString SchemaSidebar::statusText() const
{
    return m_status->text();
}

int SchemaSidebar::sectionSize(const QString& key) const
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        if (m_tree->topLevelItem(i)->data(0, kSectionRole).toString() == key)
            return m_tree->topLevelItem(i)->childCount();
    }
    return 0;
}

void SchemaSidebar::setSchema(const hogql::Schema& schema)
{
    QTreeWidgetItem* tables = section(QStringLiteral("tables"), tr("Tables"));
    qDeleteAll(tables->takeChildren());
    for (const hogql::SchemaTable& table : schema.tables()) {
        if (table.internal)
            continue;
        const QString name = fromStd(table.name);
        auto* tableItem =
            new QTreeWidgetItem(tables, {name, table.tableFunction ? tr("function") : tr("table")});
        tableItem->setData(0, kInsertRole, table.tableFunction ? fromStd(table.signature) : name);
        tableItem->setToolTip(0, fromStd(table.description));
        for (const hogql::SchemaField& field : table.fields) {
            if (field.hidden)
                continue;
            const QString fieldName = fromStd(field.name);
            QString type = QString::fromLatin1(hogql::fieldTypeName(field.type));
            if (!field.target.empty())
                type += QStringLiteral(" → ") + fromStd(field.target);
            auto* fieldItem = new QTreeWidgetItem(tableItem, {fieldName, type});
            fieldItem->setData(0, kInsertRole, fieldName);
            fieldItem->setToolTip(0, fromStd(field.description));
        }
    }
    tables->setText(1, QLocale().toString(tables->childCount()));
    tables->setExpanded(true);
    setFilter(m_search->text());
}

void SchemaSidebar::setEvents(const QList<QPair<QString, qint64>>& events, const QString& volumeNote)
{
    QTreeWidgetItem* root = section(QStringLiteral("events"), tr("Events"));
    qDeleteAll(root->takeChildren());
    const QLocale locale;
    for (const auto& [name, volume] : events) {
        auto* item = new QTreeWidgetItem(root, {name, volume >= 0 ? locale.toString(volume) : QString()});
        QString quoted = name;
        quoted.replace(QLatin1Char('\''), QLatin1String("\\'"));
        item->setData(0, kInsertRole, QLatin1Char('\'') + quoted + QLatin1Char('\''));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        if (volume >= 0 && !volumeNote.isEmpty())
            item->setToolTip(1, tr("%1 %2").arg(locale.toString(volume), volumeNote));
    }
    root->setToolTip(1, volumeNote.isEmpty() ? QString() : tr("Counts are %1").arg(volumeNote));
    root->setText(1, locale.toString(root->childCount()));
    setFilter(m_search->text());
}

void SchemaSidebar::setProperties(const QString& propertyType,
                                  const QList<QPair<QString, QString>>& properties)
{
    const bool person = propertyType == QLatin1String("person");
    QTreeWidgetItem* root = section(person ? QStringLiteral("person") : QStringLiteral("event"),
                                    person ? tr("Person properties") : tr("Event properties"));
    qDeleteAll(root->takeChildren());
    const QString prefix = person ? QStringLiteral("person.properties.") : QStringLiteral("properties.");
    for (const auto& [key, type] : properties) {
        auto* item = new QTreeWidgetItem(root, {key, type});
        item->setData(0, kInsertRole, propertyAccess(prefix, key));
    }
    root->setText(1, QLocale().toString(root->childCount()));
    setFilter(m_search->text());
}

void SchemaSidebar::setFilter(const QString& text)
{
    const QString needle = text.trimmed();
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* top = m_tree->topLevelItem(i);
        for (int c = 0; c < top->childCount(); ++c)
            filterItem(top->child(c), needle);
        top->setHidden(false);
    }
}

void SchemaSidebar::onActivated(QTreeWidgetItem* item)
{
    const QString text = item ? item->data(0, kInsertRole).toString() : QString();
    if (!text.isEmpty())
        Q_EMIT insertRequested(text);
}

} // namespace hogscope::ui
