#include "json_viewer.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMenu>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

enum Column
{
    Key,
    Value,
    Type,
};

QString scalarText(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == double(qint64(d)) && std::abs(d) < 9e15 ? QString::number(qint64(d))
                                                            : QString::number(d, 'g', 17);
    }
    case QJsonValue::String:
        return v.toString();
    default:
        return QString();
    }
}

QString typeName(const QJsonValue& v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array[%1]").arg(v.toArray().size());
    case QJsonValue::Object:
        return QStringLiteral("object{%1}").arg(v.toObject().size());
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

// PostHog's property chain spelling of a path: properties.$browser, a.b[0]
QString childPath(const QString& parent, const QString& key, bool index)
{
    if (index)
        return parent + QLatin1Char('[') + key + QLatin1Char(']');
    return parent.isEmpty() ? key : parent + QLatin1Char('.') + key;
}

void addValue(QTreeWidgetItem* item, const QJsonValue& v, const QString& path)
{
    item->setData(Key, Qt::UserRole, path);
    item->setText(Type, typeName(v));
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            auto* child = new QTreeWidgetItem(item, {it.key()});
            addValue(child, it.value(), childPath(path, it.key(), false));
        }
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            auto* child = new QTreeWidgetItem(item, {QString::number(i)});
            addValue(child, a.at(i), childPath(path, QString::number(i), true));
        }
    } else {
        item->setText(Value, scalarText(v));
        item->setToolTip(Value, scalarText(v));
    }
}

bool applyFilter(QTreeWidgetItem* item, const QString& text)
{
    bool any = false;
    for (int i = 0; i < item->childCount(); ++i)
        any = applyFilter(item->child(i), text) || any;
    const bool self = text.isEmpty() || item->text(Key).contains(text, Qt::CaseInsensitive) ||
                      item->text(Value).contains(text, Qt::CaseInsensitive);
    item->setHidden(!(self || any));
    if (any && !text.isEmpty())
        item->setExpanded(true);
    return self || any;
}

} // namespace

JsonViewer::JsonViewer(const QString& title, const QString& json, QWidget* parent)
    : QDialog(parent)
    , m_tree(new QTreeWidget(this))
    , m_filter(new QLineEdit(this))
{
    setWindowTitle(title);
    setAttribute(Qt::WA_DeleteOnClose);
    resize(640, 520);
    auto* layout = new QVBoxLayout(this);
    m_filter->setPlaceholderText(tr("Filter keys and values"));
    m_filter->setClearButtonEnabled(true);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree, 1);
    m_tree->setHeaderLabels({tr("Key"), tr("Value"), tr("Type")});
    m_tree->setUniformRowHeights(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);

    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    const QJsonValue root = error.error != QJsonParseError::NoError ? QJsonValue(json)
                            : doc.isArray()                         ? QJsonValue(doc.array())
                                                                    : QJsonValue(doc.object());
    if (root.isObject() || root.isArray()) {
        auto* dummy = new QTreeWidgetItem;
        addValue(dummy, root, QString());
        m_tree->addTopLevelItems(dummy->takeChildren());
        delete dummy;
    } else {
        auto* item = new QTreeWidgetItem(m_tree, {tr("(value)")});
        addValue(item, root, QString());
    }
    m_tree->expandToDepth(0);
    m_tree->header()->resizeSection(Key, 220);

    connect(m_filter, &QLineEdit::textChanged, this, &JsonViewer::setFilter);
    connect(m_tree, &QTreeWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QTreeWidgetItem* item = m_tree->itemAt(pos);
        if (!item)
            return;
        auto* menu = new QMenu(this);
        menu->setAttribute(Qt::WA_DeleteOnClose);
        menu->addAction(tr("Copy value"), this,
                        [item] { QApplication::clipboard()->setText(item->text(Value)); });
        menu->addAction(tr("Copy path"), this, [item] {
            QApplication::clipboard()->setText(item->data(Key, Qt::UserRole).toString());
        });
        menu->popup(m_tree->viewport()->mapToGlobal(pos));
    });
}

void JsonViewer::setFilter(const QString& text)
{
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        applyFilter(m_tree->topLevelItem(i), text.trimmed());
}

} // namespace hogscope::ui
