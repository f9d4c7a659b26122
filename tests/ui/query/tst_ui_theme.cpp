// Light/dark: widgets with colours of their own follow an application palette switch; completion
// popups are not shown where QScintilla could not place them (a caret beyond every screen).

#include "model/paths_graph.h"
#include "model/retention_grid_model.h"
#include "ui/charts/chart_panel.h"
#include "ui/connection_banner.h"
#include "ui/editor_completion.h"
#include "ui/hogql_editor.h"
#include "ui/insights/bar_chart_view.h"
#include "ui/insights/paths_view.h"
#include "ui/insights/retention_grid_view.h"
#include "ui/persons/persons_tab.h"
#include "ui/theme.h"
#include "workspace/settings.h"

#include <QApplication>
#include <QDir>
#include <QFrame>
#include <QGraphicsSimpleTextItem>
#include <QGuiApplication>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QScreen>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QStyle>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

#include <cmath>
#include <memory>

using namespace hogscope;

namespace {

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x20, 0x21, 0x25));
    p.setColor(QPalette::WindowText, QColor(0xe5, 0xe7, 0xeb));
    p.setColor(QPalette::Base, QColor(0x1a, 0x1b, 0x1f));
    p.setColor(QPalette::AlternateBase, QColor(0x24, 0x26, 0x2b));
    p.setColor(QPalette::Text, QColor(0xe5, 0xe7, 0xeb));
    p.setColor(QPalette::Button, QColor(0x2b, 0x2d, 0x33));
    p.setColor(QPalette::ButtonText, QColor(0xe5, 0xe7, 0xeb));
    p.setColor(QPalette::PlaceholderText, QColor(0x9c, 0xa3, 0xaf));
    p.setColor(QPalette::Highlight, QColor(0x26, 0x4f, 0x78));
    p.setColor(QPalette::HighlightedText, Qt::white);
    return p;
}

// WCAG relative luminance contrast of two colours.
double contrast(const QColor& a, const QColor& b)
{
    auto lum = [](const QColor& c) {
        auto ch = [](float v) { return v <= 0.03928f ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * ch(c.redF()) + 0.7152 * ch(c.greenF()) + 0.0722 * ch(c.blueF());
    };
    const double la = lum(a);
    const double lb = lum(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

model::RetentionGrid sampleGrid()
{
    model::RetentionGrid data;
    data.period = QStringLiteral("Day");
    data.targetEvent = data.returningEvent = QStringLiteral("$pageview");
    const QDateTime start(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC);
    data.cohorts = {{start, QStringLiteral("Day 0"), {100, 8, 35}, 0, QJsonValue()},
                    {start.addDays(1), QStringLiteral("Day 1"), {80, 30}, 1, QJsonValue()},
                    {start.addDays(2), QStringLiteral("Day 2"), {40}, 2, QJsonValue()}};
    return data;
}

} // namespace

class TestUiTheme : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void bannerFollowsTheScheme();
    void retentionGridReadsInDark();
    void personsTabInDark();
    void pathsFollowTheScheme();
    void stickinessBarsFollowTheScheme();
    void completionSkipsOffscreenCaret();
    void chartFollowsASort();

private:
    QTemporaryDir m_dir;
    QPalette m_lightPalette;
    QString m_outDir;
};

void TestUiTheme::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    // the offscreen platform's own palette may be anything: start from the style's light one
    m_lightPalette = QApplication::style()->standardPalette();
    QApplication::setPalette(m_lightPalette);
    QVERIFY(!ui::theme::isDarkApplication());
    m_outDir = QDir::temp().filePath(QStringLiteral("hogscope-theme-shots"));
    QDir().mkpath(m_outDir);
}

void TestUiTheme::cleanup()
{
    QApplication::setPalette(m_lightPalette);
}

void TestUiTheme::bannerFollowsTheScheme()
{
    ui::ConnectionBanner banner;
    banner.showNotice(ui::ConnectionBanner::Kind::Error, QStringLiteral("Cannot connect"),
                      QStringLiteral("The server did not answer."));
    QVERIFY(banner.styleSheet().contains(QStringLiteral("#fef2f2"))); // light background
    QApplication::setPalette(darkPalette());
    QVERIFY(ui::theme::isDarkApplication());
    QTRY_VERIFY2(!banner.styleSheet().contains(QStringLiteral("#fef2f2")), qPrintable(banner.styleSheet()));
    QVERIFY(banner.styleSheet().contains(QStringLiteral("#3b1c1f")));
    // a notice shown while dark starts dark
    banner.showNotice(ui::ConnectionBanner::Kind::Hint, QStringLiteral("Hint"), QStringLiteral("text"));
    QVERIFY(banner.styleSheet().contains(QStringLiteral("#1e2540")));
    // and back
    QApplication::setPalette(m_lightPalette);
    QTRY_VERIFY(banner.styleSheet().contains(QStringLiteral("#eef2ff")));
}

void TestUiTheme::retentionGridReadsInDark()
{
    model::RetentionGridModel grid;
    grid.setGrid(sampleGrid());
    ui::RetentionGridView view;
    view.setModel(&grid);
    view.resize(640, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    auto sample = [&](int row, int column) {
        const QImage image = view.viewport()->grab().toImage();
        const QRect cell = view.visualRect(grid.index(row, column));
        return image.pixelColor(cell.left() + 3, cell.top() + 3);
    };
    const int c0 = model::RetentionGridModel::kFirstIntervalColumn;
    const QColor lightLow = sample(0, c0 + 1); // 8%
    QVERIFY2(lightLow.lightness() > 180, qPrintable(lightLow.name()));

    QApplication::setPalette(darkPalette());
    QTRY_VERIFY(ui::theme::isDark(view.palette()));
    const QColor darkLow = sample(0, c0 + 1);
    const QColor darkHigh = sample(0, c0); // 100%
    const QColor darkFuture = sample(2, c0 + 2);
    // the pale light scale would glare on a dark view: the low end is dark now
    QVERIFY2(darkLow.lightness() < 100, qPrintable(darkLow.name()));
    QVERIFY2(darkFuture.lightness() < 100, qPrintable(darkFuture.name()));
    // the scale still tells high from low
    QVERIFY2(contrast(darkHigh, darkLow) > 2.0, qPrintable(darkHigh.name() + u' ' + darkLow.name()));
    // and the text reads on both ends (the delegate's text colour in dark)
    const QImage image = view.viewport()->grab().toImage();
    image.save(QDir(m_outDir).filePath(QStringLiteral("retention-dark.png")));
    for (const QColor& background : {darkLow, darkHigh})
        QVERIFY(contrast(QColor(0xe5, 0xe7, 0xeb), background) > 3.0);
    // the text drawn in the 100% cell is light (some pixel in the cell is much lighter than its fill)
    const QRect cell = view.visualRect(grid.index(0, c0));
    int lightest = 0;
    for (int y = cell.top(); y <= cell.bottom(); ++y)
        for (int x = cell.left(); x <= cell.right(); ++x)
            lightest = std::max(lightest, image.pixelColor(x, y).lightness());
    QVERIFY2(lightest > 180, qPrintable(QString::number(lightest)));
}

void TestUiTheme::personsTabInDark()
{
    workspace::Settings settings(m_dir.filePath(QStringLiteral("settings.ini")));
    ui::PersonsTab tab(settings);
    tab.resize(900, 500);
    tab.show();
    QVERIFY(QTest::qWaitForWindowExposed(&tab));
    auto* banner = tab.findChild<QFrame*>(QStringLiteral("insightBanner"));
    QVERIFY(banner);
    QVERIFY(banner->styleSheet().contains(QStringLiteral("#eff6ff"))); // light notice background
    QApplication::setPalette(darkPalette());
    banner->show(); // as for a drill-down, to see it in the picture
    QTRY_VERIFY2(banner->styleSheet().contains(QStringLiteral("#1c273d")), qPrintable(banner->styleSheet()));
    QTest::qWait(50);
    const QImage image = tab.grab().toImage();
    QVERIFY(image.save(QDir(m_outDir).filePath(QStringLiteral("persons-dark.png"))));
    // the tab's own surface is dark
    QVERIFY2(image.pixelColor(image.width() - 5, image.height() / 2).lightness() < 100,
             qPrintable(image.pixelColor(image.width() - 5, image.height() / 2).name()));
}

void TestUiTheme::pathsFollowTheScheme()
{
    ui::PathsScene scene;
    ui::PathsView view(&scene);
    scene.setGraph(
        model::PathsGraph::build({{QStringLiteral("1_$pageview"), QStringLiteral("2_signup"), 40, 0},
                                  {QStringLiteral("1_$pageview"), QStringLiteral("2_$pageleave"), 20, 0}}));
    view.resize(700, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(scene.backgroundBrush().color(), QColor(Qt::white));
    QApplication::setPalette(darkPalette());
    QTRY_VERIFY(scene.backgroundBrush().color().lightness() < 100);
    QVERIFY(view.backgroundBrush().color().lightness() < 100);
    QVERIFY(!scene.graph().nodes.isEmpty()); // rebuilt, not lost
    // the step headings and labels are light on the dark canvas
    bool lightText = false;
    for (QGraphicsItem* item : scene.items()) {
        if (auto* text = dynamic_cast<QGraphicsSimpleTextItem*>(item))
            lightText = lightText || text->brush().color().lightness() > 150;
    }
    QVERIFY(lightText);
    QVERIFY(view.grab().save(QDir(m_outDir).filePath(QStringLiteral("paths-dark.png"))));
}

void TestUiTheme::stickinessBarsFollowTheScheme()
{
    // The stickiness bar chart: a white canvas on light, a dark one with light text on dark; an
    // export of it stays on white (a document), whatever the screen shows.
    ui::BarChartView view;
    model::ChartData data;
    data.categories = {QStringLiteral("1 day"), QStringLiteral("2 days"), QStringLiteral("3 days")};
    data.xTitle = QStringLiteral("Days active");
    data.x = {0, 1, 2};
    data.series = {model::ChartSeriesData{QStringLiteral("$pageview"), {40, 12, 5}}};
    view.setData(data, QStringLiteral("Stickiness"), QStringLiteral("Persons"));
    view.resize(600, 300);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QCOMPARE(view.grab().toImage().pixelColor(4, 4), QColor(Qt::white));
    QApplication::setPalette(darkPalette());
    QTRY_VERIFY(view.painter().isDark());
    const QImage dark = view.grab().toImage();
    QVERIFY(dark.pixelColor(4, 4).lightness() < 60);
    // the title's text is light: some pixel of its line is much lighter than the canvas
    bool lightText = false;
    for (int x = 16; x < 200 && !lightText; ++x)
        for (int y = 10; y < 32 && !lightText; ++y)
            lightText = dark.pixelColor(x, y).lightness() > 150;
    QVERIFY(lightText);
    QVERIFY(dark.save(QDir(m_outDir).filePath(QStringLiteral("stickiness-dark.png"))));
    ui::BarChartPainter exported = view.painter();
    exported.setDark(false);
    QImage image(600, 300, QImage::Format_ARGB32);
    QPainter painter(&image);
    exported.paint(painter, QRectF(0, 0, 600, 300));
    painter.end();
    QCOMPARE(image.pixelColor(4, 4), QColor(Qt::white));
}

void TestUiTheme::completionSkipsOffscreenCaret()
{
    QScreen* screen = QGuiApplication::primaryScreen();
    QVERIFY(screen);
    const QRect available = screen->geometry();
    // a window larger than its screen (the offscreen screen is 800x600)
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* editor = new ui::HogqlEditor(&window);
    layout->addWidget(editor);
    auto* completion = new ui::EditorCompletion(editor);
    window.setGeometry(available.left(), available.top(), available.width() + 400, available.height() + 200);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.width() > available.width());

    // caret far right and bottom, beyond the screen: many lines, a long last line
    QString text;
    for (int i = 0; i < 40; ++i)
        text += QStringLiteral("-- line %1\n").arg(i);
    text += QString(150, QLatin1Char(' ')) + QStringLiteral("SELECT * FROM ");
    editor->setText(text);
    editor->setFocus();
    const int lastLine = editor->lines() - 1;
    editor->setCursorPosition(lastLine, editor->text(lastLine).length());
    editor->ensureCursorVisible();
    QApplication::processEvents();
    const int pos = int(editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS));
    const QPoint caret(int(editor->SendScintilla(QsciScintillaBase::SCI_POINTXFROMPOSITION, 0, pos)),
                       int(editor->SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0, pos)));
    const QPoint global = editor->viewport()->mapToGlobal(caret);
    QVERIFY2(QGuiApplication::screenAt(global) == nullptr,
             qPrintable(QStringLiteral("caret at %1,%2 is on a screen").arg(global.x()).arg(global.y())));

    // typing what opens the list (and a call tip) must not crash
    QTest::keyClicks(editor, QStringLiteral("{"));
    QTest::keyClicks(editor, QStringLiteral("events"));
    QVERIFY(!editor->isListActive());
    QVERIFY(completion->trigger().isEmpty()); // not shown: nowhere to show it
    QVERIFY(!editor->isListActive());
    QTest::keyClicks(editor, QStringLiteral(" e WHERE toStartOfDay("));
    QVERIFY(!editor->isCallTipActive());
    QVERIFY(completion->showCallTip().isEmpty());

    // on screen, completion works as before
    editor->setText(QStringLiteral("SELECT * FROM eve"));
    editor->setCursorPosition(0, 17);
    QApplication::processEvents();
    const QStringList shown = completion->trigger();
    QVERIFY2(shown.contains(QStringLiteral("events")), qPrintable(shown.join(QLatin1Char(','))));
    QVERIFY(editor->isListActive());
    QTest::keyClick(editor, Qt::Key_Return);
    QCOMPARE(editor->text(), QStringLiteral("SELECT * FROM events"));
    editor->setText(QStringLiteral("SELECT toStartOfDay("));
    editor->setCursorPosition(0, 20);
    QVERIFY(completion->showCallTip().contains(QStringLiteral("toStartOfDay")));
    // typing `{` on screen opens the list without trouble either
    editor->setText(QStringLiteral("SELECT * FROM events WHERE event = "));
    editor->setCursorPosition(0, 35);
    QTest::keyClicks(editor, QStringLiteral("{"));
    editor->cancelList();
}

// A sort of the grid moves rows with layoutChanged (no reset): the chart must follow it.
void TestUiTheme::chartFollowsASort()
{
    QStandardItemModel model(0, 2);
    model.setHorizontalHeaderLabels({QStringLiteral("event"), QStringLiteral("n")});
    const QList<std::pair<QString, int>> rows = {
        {QStringLiteral("b"), 5}, {QStringLiteral("a"), 9}, {QStringLiteral("c"), 1}};
    for (const auto& [name, n] : rows) {
        auto* count = new QStandardItem;
        count->setData(n, Qt::DisplayRole);
        model.appendRow({new QStandardItem(name), count});
    }
    ui::ChartPanel panel;
    panel.resize(600, 400);
    panel.setModel(&model);
    QCOMPARE(panel.data().categories,
             (QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("c")}));
    model.sort(0); // emits layoutChanged
    QCOMPARE(panel.data().categories,
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(panel.data().series.value(0).values.value(0), 9.0);
    // a new model: the old one's sorts no longer reach the panel
    QStandardItemModel other(0, 2);
    panel.setModel(&other);
    model.sort(0, Qt::DescendingOrder);
    QVERIFY(panel.data().categories.isEmpty());
}

QTEST_MAIN(TestUiTheme)
#include "tst_ui_theme.moc"
