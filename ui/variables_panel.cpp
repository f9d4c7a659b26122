#include "variables_panel.h"

#include "hogql/lexer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QVBoxLayout>

#include <string_view>

namespace hogscope::ui {

namespace {

using hogql::TokenKind;

bool isPunct(const hogql::Token& token, std::string_view text, char c)
{
    return token.kind == TokenKind::Punctuation && token.end == token.begin + 1 && text[token.begin] == c;
}

// A name inside braces: an identifier, or a word that is also a keyword (`{second}`, `{rows}`), but
// not a constant (`{null}`, `{true}`).
bool isNameToken(const hogql::Token& token, std::string_view text)
{
    if (token.kind == TokenKind::Identifier)
        return true;
    if (token.kind != TokenKind::Keyword)
        return false;
    QByteArray word(token.text(text).data(), qsizetype(token.end - token.begin));
    word = word.toLower();
    return word != "null" && word != "true" && word != "false" && word != "inf" && word != "nan";
}

// Whether a template-string piece closes its literal (ends with an unescaped quote); the `f'` that
// opens one ends with its opening quote, which does not count.
bool closesTemplate(std::string_view piece)
{
    if (piece.starts_with("f'"))
        piece.remove_prefix(2);
    if (piece.empty() || piece.back() != '\'')
        return false;
    size_t backslashes = 0;
    for (size_t i = piece.size() - 1; i > 0 && piece[i - 1] == '\\'; --i)
        ++backslashes;
    return backslashes % 2 == 0;
}

const QRegularExpression& numberPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\s*-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$)"));
    return pattern;
}

QString braces(const QString& name)
{
    return QLatin1Char('{') + name + QLatin1Char('}');
}

} // namespace

QList<PlaceholderRef> placeholdersIn(const QString& statement)
{
    const QByteArray utf8 = statement.toUtf8();
    const std::string_view text(utf8.constData(), size_t(utf8.size()));
    // Comments go, and so does everything inside template strings: `f'{x}'` embeds an expression.
    std::vector<hogql::Token> tokens;
    bool inTemplate = false;
    for (const hogql::Token& token : hogql::tokenize(text)) {
        if (token.kind == TokenKind::TemplateString) {
            inTemplate = !closesTemplate(token.text(text));
            continue;
        }
        if (token.kind != TokenKind::Comment && !inTemplate)
            tokens.push_back(token);
    }
    QList<PlaceholderRef> found;
    // `{` name (`.` name)* `}`: a dict literal has a `:` and a template string is one token, so
    // neither matches.
    for (size_t i = 0; i + 2 < tokens.size(); ++i) {
        if (!isPunct(tokens[i], text, '{') || !isNameToken(tokens[i + 1], text))
            continue;
        QStringList chain{QString::fromUtf8(tokens[i + 1].text(text))};
        size_t j = i + 2;
        while (j + 1 < tokens.size() && isPunct(tokens[j], text, '.') && isNameToken(tokens[j + 1], text)) {
            chain << QString::fromUtf8(tokens[j + 1].text(text));
            j += 2;
        }
        if (j >= tokens.size() || !isPunct(tokens[j], text, '}'))
            continue;
        PlaceholderRef ref;
        ref.name = chain.join(QLatin1Char('.'));
        if (chain.size() == 2 && chain.front() == QLatin1String("variables"))
            ref.codeName = chain.back();
        const bool special = chain.size() == 1 && chain.front() == QLatin1String("filters");
        if (!special && !found.contains(ref))
            found.append(ref);
        i = j;
    }
    return found;
}

VariablesPanel::VariablesPanel(QWidget* parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_grid(nullptr)
    , m_rows(new QWidget(this))
{
    setObjectName(QStringLiteral("variablesPanel"));
    setFrameShape(QFrame::NoFrame);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Window);
    // Its rows are never squeezed away by a short window: the editor gives up the height instead.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);

    m_title->setObjectName(QStringLiteral("variablesTitle"));
    m_title->setText(tr("Placeholders"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    auto* hint = new QLabel(tr("sent with the query as constants, never pasted into its text"), this);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto* header = new QHBoxLayout;
    header->setSpacing(10);
    header->addWidget(m_title);
    header->addWidget(hint, 1);

    m_grid = new QGridLayout(m_rows);
    m_grid->setContentsMargins(0, 0, 0, 0);
    m_grid->setHorizontalSpacing(8);
    m_grid->setVerticalSpacing(4);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 8);
    layout->setSpacing(6);
    layout->addLayout(header);
    layout->addWidget(m_rows);
    hide();
}

VariablesPanel::~VariablesPanel() = default;

void VariablesPanel::setStatement(const QString& statement)
{
    const QList<PlaceholderRef> found = placeholdersIn(statement);
    if (found == m_shown)
        return;
    m_shown = found;
    rebuildRows();
}

void VariablesPanel::setValue(const QString& name, ValueType type, const QString& value)
{
    Entry& entry = m_entries[name];
    entry.type = type;
    if (type == ValueType::Date)
        entry.date = QDate::fromString(value, Qt::ISODate);
    else
        entry.text = value;
    rebuildRows();
}

void VariablesPanel::setNull(const QString& name, bool isNull)
{
    m_entries[name].isNull = isNull;
    rebuildRows();
}

void VariablesPanel::setVariableId(const QString& name, const QString& id)
{
    m_entries[name].variableId = id.trimmed();
    rebuildRows();
}

QJsonObject VariablesPanel::state() const
{
    QJsonObject out;
    for (auto it = m_entries.cbegin(); it != m_entries.cend(); ++it) {
        const Entry& e = it.value();
        const QString type = e.type == ValueType::Number ? QStringLiteral("number")
                             : e.type == ValueType::Date ? QStringLiteral("date")
                                                         : QStringLiteral("text");
        QJsonObject entry{
            {QStringLiteral("type"), type},
            {QStringLiteral("value"), e.type == ValueType::Date ? e.date.toString(Qt::ISODate) : e.text}};
        if (e.isNull)
            entry.insert(QStringLiteral("null"), true);
        if (!e.variableId.isEmpty())
            entry.insert(QStringLiteral("variableId"), e.variableId);
        out.insert(it.key(), entry);
    }
    return out;
}

void VariablesPanel::restoreState(const QJsonObject& state)
{
    for (auto it = state.constBegin(); it != state.constEnd(); ++it) {
        const QJsonObject entry = it.value().toObject();
        const QString type = entry.value(QStringLiteral("type")).toString();
        const QString value = entry.value(QStringLiteral("value")).toString();
        Entry e;
        if (type == QLatin1String("date")) {
            e.type = ValueType::Date;
            const QDate date = QDate::fromString(value, Qt::ISODate);
            if (date.isValid())
                e.date = date;
        } else {
            e.type = type == QLatin1String("number") ? ValueType::Number : ValueType::Text;
            e.text = value;
        }
        e.isNull = entry.value(QStringLiteral("null")).toBool();
        e.variableId = entry.value(QStringLiteral("variableId")).toString();
        m_entries.insert(it.key(), e);
    }
    rebuildRows();
}

void VariablesPanel::focusValue(const QString& name)
{
    const Entry entry = m_entries.value(name);
    QWidget* field = nullptr;
    if (entry.type == ValueType::Date)
        field = m_rows->findChild<QWidget*>(QStringLiteral("placeholderDate:") + name);
    else
        field = m_rows->findChild<QWidget*>(QStringLiteral("placeholderValue:") + name);
    const bool needsId = name.startsWith(QLatin1String("variables.")) && entry.variableId.isEmpty() &&
                         (entry.isNull || !entry.text.isEmpty() || entry.type == ValueType::Date);
    if (needsId || entry.isNull)
        field = m_rows->findChild<QWidget*>(QStringLiteral("placeholderVariableId:") + name);
    if (field != nullptr && field->isEnabled())
        field->setFocus(Qt::OtherFocusReason);
}

QJsonValue VariablesPanel::valueOf(const QString& name, const Entry& entry, QString* problem)
{
    if (entry.isNull)
        return QJsonValue(QJsonValue::Null);
    switch (entry.type) {
    case ValueType::Text:
        if (entry.text.isEmpty()) {
            *problem = tr("Placeholder %1 has no value: fill it in the Placeholders panel (or tick Null).")
                           .arg(braces(name));
            return {};
        }
        return entry.text;
    case ValueType::Number: {
        const QString text = entry.text.trimmed();
        if (text.isEmpty()) {
            *problem = tr("Placeholder %1 has no value: fill it in the Placeholders panel (or tick Null).")
                           .arg(braces(name));
            return {};
        }
        if (!numberPattern().match(text).hasMatch()) {
            *problem =
                tr("Placeholder %1 is set to number but \"%2\" is not a number.").arg(braces(name), text);
            return {};
        }
        // Whole numbers go as integers so `LIMIT {n}` and integer comparisons keep their type.
        bool isInteger = false;
        const qlonglong integer = text.toLongLong(&isInteger);
        if (isInteger)
            return QJsonValue(integer);
        return QLocale::c().toDouble(text);
    }
    case ValueType::Date:
        if (!entry.date.isValid()) {
            *problem = tr("Placeholder %1 has no valid date.").arg(braces(name));
            return {};
        }
        return entry.date.toString(Qt::ISODate);
    }
    return {};
}

PlaceholderValues VariablesPanel::collect(const QString& statement) const
{
    PlaceholderValues out;
    for (const PlaceholderRef& ref : placeholdersIn(statement)) {
        const Entry entry = m_entries.value(ref.name);
        QString problem;
        const QJsonValue value = valueOf(ref.name, entry, &problem);
        if (!problem.isEmpty()) {
            out.problems << problem;
            if (out.firstProblemName.isEmpty())
                out.firstProblemName = ref.name;
            continue;
        }
        if (!ref.isVariable()) {
            out.values.insert(ref.name, value);
            continue;
        }
        // PostHog looks a variable up by code_name in this map and then by variableId among the
        // project's SQL variables, so the id must be a real one.
        if (entry.variableId.isEmpty()) {
            out.problems << tr("Variable %1 needs the id of the project's SQL variable \"%2\" (enter it in "
                               "the Placeholders panel).")
                                .arg(braces(ref.name), ref.codeName);
            if (out.firstProblemName.isEmpty())
                out.firstProblemName = ref.name;
            continue;
        }
        QJsonObject variable{{QStringLiteral("variableId"), entry.variableId},
                             {QStringLiteral("code_name"), ref.codeName},
                             {QStringLiteral("value"), value},
                             {QStringLiteral("isNull"), entry.isNull}};
        out.variables.insert(entry.variableId, variable);
    }
    return out;
}

void VariablesPanel::rebuildRows()
{
    while (QLayoutItem* item = m_grid->takeAt(0)) {
        delete item->widget();
        delete item;
    }
    setVisible(!m_shown.isEmpty());
    if (m_shown.isEmpty())
        return;

    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    int row = 0;
    for (const PlaceholderRef& ref : m_shown) {
        const QString name = ref.name;
        const Entry entry = m_entries.value(name);
        m_entries.insert(name, entry); // remember the defaults too, so a later edit starts from them

        auto* label = new QLabel(braces(name), m_rows);
        label->setObjectName(QStringLiteral("placeholderName:") + name);
        label->setFont(mono);
        label->setToolTip(ref.isVariable() ? tr("A SQL variable of the project (HogQLQuery.variables)")
                                           : tr("A constant for this query (HogQLQuery.values)"));

        auto* type = new QComboBox(m_rows);
        type->setObjectName(QStringLiteral("placeholderType:") + name);
        type->addItem(tr("Text"));
        type->addItem(tr("Number"));
        type->addItem(tr("Date"));
        type->setCurrentIndex(int(entry.type));

        auto* text = new QLineEdit(m_rows);
        text->setObjectName(QStringLiteral("placeholderValue:") + name);
        text->setText(entry.text);
        text->setClearButtonEnabled(true);
        text->setMinimumWidth(180);
        text->setPlaceholderText(entry.type == ValueType::Number ? tr("a number, e.g. 7 or 0.5")
                                                                 : tr("value for %1").arg(braces(name)));

        auto* date = new QDateEdit(m_rows);
        date->setObjectName(QStringLiteral("placeholderDate:") + name);
        date->setCalendarPopup(true);
        date->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        // What the widget shows is what is sent: a fresh Date entry starts as today, in both.
        if (!entry.date.isValid())
            m_entries[name].date = QDate::currentDate();
        date->setDate(m_entries[name].date);
        date->setMinimumWidth(180);

        auto* null = new QCheckBox(tr("Null"), m_rows);
        null->setObjectName(QStringLiteral("placeholderNull:") + name);
        null->setChecked(entry.isNull);
        null->setToolTip(tr("Send NULL for this placeholder"));

        text->setVisible(entry.type != ValueType::Date);
        date->setVisible(entry.type == ValueType::Date);
        text->setEnabled(!entry.isNull);
        date->setEnabled(!entry.isNull);

        m_grid->addWidget(label, row, 0);
        m_grid->addWidget(type, row, 1);
        m_grid->addWidget(text, row, 2);
        m_grid->addWidget(date, row, 2);
        m_grid->addWidget(null, row, 3);

        if (ref.isVariable()) {
            auto* id = new QLineEdit(m_rows);
            id->setObjectName(QStringLiteral("placeholderVariableId:") + name);
            id->setPlaceholderText(tr("variable id (UUID)"));
            id->setToolTip(
                tr("The id of the project's SQL variable with code name \"%1\"").arg(ref.codeName));
            id->setText(entry.variableId);
            id->setMinimumWidth(160);
            m_grid->addWidget(id, row, 4);
            connect(id, &QLineEdit::textEdited, this, [this, name](const QString& value) {
                m_entries[name].variableId = value.trimmed();
                Q_EMIT valuesChanged();
            });
        }

        connect(type, &QComboBox::currentIndexChanged, this, [this, name, text, date](int index) {
            Entry& e = m_entries[name];
            e.type = ValueType(index);
            text->setVisible(e.type != ValueType::Date);
            date->setVisible(e.type == ValueType::Date);
            text->setPlaceholderText(e.type == ValueType::Number ? tr("a number, e.g. 7 or 0.5")
                                                                 : tr("value for %1").arg(braces(name)));
            Q_EMIT valuesChanged();
        });
        connect(text, &QLineEdit::textChanged, this, [this, name](const QString& value) {
            m_entries[name].text = value;
            Q_EMIT valuesChanged();
        });
        connect(date, &QDateEdit::dateChanged, this, [this, name](QDate value) {
            m_entries[name].date = value;
            Q_EMIT valuesChanged();
        });
        connect(null, &QCheckBox::toggled, this, [this, name, text, date](bool checked) {
            m_entries[name].isNull = checked;
            text->setEnabled(!checked);
            date->setEnabled(!checked);
            Q_EMIT valuesChanged();
        });
        ++row;
    }
    m_grid->setColumnStretch(2, 1);
    m_grid->setColumnStretch(5, 2);
}

} // namespace hogscope::ui
