#include "model/chart_series.h"
#include "ui/charts/chart_exporter.h"
#include "ui/charts/chart_panel.h"
#include "ui/charts/qt_chart_adapter.h"

#include <QAbstractSeries>
#include <QChart>
#include <QDateTime>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QStandardItemModel>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <QXmlStreamReader>

using namespace hogscope;

namespace {

// day | pageviews | users | browser: a typical "per day" result
std::unique_ptr<QStandardItemModel> dailyModel(int days)
{
    auto m = std::make_unique<QStandardItemModel>(days, 4);
    m->setHorizontalHeaderLabels({QStringLiteral("day"), QStringLiteral("pageviews"), QStringLiteral("users"),
                                  QStringLiteral("browser")});
    const QDateTime start(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC);
    for (int r = 0; r < days; ++r) {
        m->setData(m->index(r, 0), start.addDays(r));
        m->setData(m->index(r, 1), qint64(100 + r * 10));
        m->setData(m->index(r, 2), 10.5 + r);
        m->setData(m->index(r, 3), r % 2 ? QStringLiteral("Chrome") : QStringLiteral("Firefox"));
    }
    return m;
}

} // namespace

class TstUiCharts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void suggestsTimeSeries()
    {
        auto m = dailyModel(5);
        const model::ChartSpec spec = model::suggestChartSpec(*m);
        QCOMPARE(spec.kind, model::ChartKind::Line);
        QCOMPARE(spec.xColumn, 0);
        QCOMPARE(spec.seriesColumns, (QList<int>{1, 2}));
        const model::ChartData data = model::extractChartData(*m, spec);
        QCOMPARE(data.axis, model::AxisKind::DateTime);
        QCOMPARE(data.series.size(), 2);
        QCOMPARE(data.series[0].values[4], 140.0);
        QCOMPARE(data.x[1] - data.x[0], 86400e3);
    }

    void categoriesGiveBars()
    {
        QStandardItemModel m(3, 2);
        m.setHorizontalHeaderLabels({QStringLiteral("browser"), QStringLiteral("count")});
        const QStringList names{QStringLiteral("Chrome"), QStringLiteral("Safari"),
                                QStringLiteral("Firefox")};
        for (int r = 0; r < 3; ++r) {
            m.setData(m.index(r, 0), names[r]);
            m.setData(m.index(r, 1), qint64(30 - r * 10));
        }
        const model::ChartSpec spec = model::suggestChartSpec(m);
        QCOMPARE(spec.kind, model::ChartKind::Bar);
        QCOMPARE(spec.xColumn, 0);
        const model::ChartData data = model::extractChartData(m, spec);
        QCOMPARE(data.categories, names);
        QCOMPARE(data.series.front().values, (QList<double>{30, 20, 10}));
    }

    void nullsAndTextBecomeGaps()
    {
        QStandardItemModel m(3, 2);
        m.setData(m.index(0, 0), 1.0);
        m.setData(m.index(0, 1), 5.0);
        m.setData(m.index(1, 0), 2.0); // (1,1) left empty: NULL
        m.setData(m.index(2, 0), 3.0);
        m.setData(m.index(2, 1), QStringLiteral("n/a"));
        model::ChartSpec spec;
        spec.xColumn = 0;
        spec.seriesColumns = {1};
        const model::ChartData data = model::extractChartData(m, spec);
        QCOMPARE(data.series.front().values.size(), 3);
        QVERIFY(std::isnan(data.series.front().values[1]));
        QVERIFY(std::isnan(data.series.front().values[2]));
    }

    void boundsLargeResults()
    {
        auto m = dailyModel(300);
        model::ChartSpec spec = model::suggestChartSpec(*m);
        spec.maxPoints = 100;
        const model::ChartData data = model::extractChartData(*m, spec);
        QCOMPARE(data.x.size(), 100);
        QVERIFY(data.truncated);
        QCOMPARE(data.totalRows, 300);
    }

    void drawsEveryKind_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("expectedSeries");
        QTest::newRow("line") << int(model::ChartKind::Line) << 2;
        QTest::newRow("bar") << int(model::ChartKind::Bar) << 1;
        QTest::newRow("stacked") << int(model::ChartKind::StackedBar) << 1;
        QTest::newRow("horizontal") << int(model::ChartKind::HorizontalBar) << 1;
        QTest::newRow("area") << int(model::ChartKind::Area) << 2;
        QTest::newRow("pie") << int(model::ChartKind::Pie) << 1;
        QTest::newRow("scatter") << int(model::ChartKind::Scatter) << 2;
    }

    void drawsEveryKind()
    {
        QFETCH(int, kind);
        QFETCH(int, expectedSeries);
        auto m = dailyModel(7);
        ui::ChartPanel panel;
        panel.resize(800, 500);
        panel.setModel(m.get());
        model::ChartSpec spec = panel.spec();
        spec.kind = static_cast<model::ChartKind>(kind);
        panel.setSpec(spec);
        auto* adapter = static_cast<ui::QtChartAdapter*>(panel.adapter());
        QCOMPARE(adapter->chart()->series().size(), expectedSeries);
        QVERIFY(!adapter->chart()->title().isEmpty());
        // every series is inside the value axis (users runs 10.5..16.5, pageviews 100..160)
        for (QAbstractAxis* axis : adapter->chart()->axes(Qt::Vertical)) {
            if (auto* values = qobject_cast<QValueAxis*>(axis); values && expectedSeries == 2) {
                QVERIFY2(values->min() <= 10.5 && values->max() >= 160,
                         qPrintable(QStringLiteral("%1..%2").arg(values->min()).arg(values->max())));
            }
        }
    }

    void followsModelResets()
    {
        auto m = dailyModel(7);
        ui::ChartPanel panel;
        panel.setModel(m.get());
        QCOMPARE(panel.data().x.size(), 7);
        m->clear(); // a model reset
        QVERIFY(panel.data().isEmpty());
    }

    void exportsValidFilesWithMetadata()
    {
        auto m = dailyModel(14);
        ui::ChartPanel panel;
        panel.resize(900, 500);
        panel.setModel(m.get());
        const QString query =
            QStringLiteral("SELECT toDate(timestamp) AS day, count() FROM events GROUP BY day");
        panel.setMetadataProvider([query] {
            return ui::ChartExportMetadata{QStringLiteral("Pageviews per day"), query,
                                           QStringLiteral("demo / 1"),
                                           QDateTime(QDate(2026, 11, 29), QTime(8, 0), Qt::UTC)};
        });
        QTemporaryDir dir;
        const ui::ChartExporter exporter = panel.exporter();

        const QString png = dir.filePath(QStringLiteral("c.png"));
        QCOMPARE(exporter.exportToFile(png, ui::ChartFormat::Png, QSize(1600, 900), 192), QString());
        if (qEnvironmentVariableIsSet("HOGSCOPE_CHART_SAMPLE")) // to look at it
            QFile::copy(png, qEnvironmentVariable("HOGSCOPE_CHART_SAMPLE"));
        QImage image(png);
        QVERIFY(!image.isNull());
        QCOMPARE(image.size(), QSize(1600, 900));
        QCOMPARE(qRound(image.dotsPerMeterX() * 0.0254), 192);
        QCOMPARE(image.text(QStringLiteral("Title")), QStringLiteral("Pageviews per day"));
        // something was drawn: not a blank white image
        int nonWhite = 0;
        for (int y = 0; y < image.height(); y += 7)
            for (int x = 0; x < image.width(); x += 7)
                nonWhite += image.pixel(x, y) != qRgb(255, 255, 255);
        QVERIFY2(nonWhite > 200, qPrintable(QString::number(nonWhite)));

        const QString svg = dir.filePath(QStringLiteral("c.svg"));
        QCOMPARE(exporter.exportToFile(svg, ui::ChartFormat::Svg), QString());
        QSvgRenderer renderer(svg);
        QVERIFY(renderer.isValid());
        QFile svgFile(svg);
        QVERIFY(svgFile.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&svgFile);
        QString title, desc;
        while (!xml.atEnd()) {
            if (xml.readNext() == QXmlStreamReader::StartElement) {
                if (xml.name() == QLatin1String("title") && title.isEmpty())
                    title = xml.readElementText();
                else if (xml.name() == QLatin1String("desc") && desc.isEmpty())
                    desc = xml.readElementText();
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(title, QStringLiteral("Pageviews per day"));
        QVERIFY(desc.contains(query));
        QVERIFY(desc.contains(QStringLiteral("demo / 1")));

        const QString pdf = dir.filePath(QStringLiteral("c.pdf"));
        QCOMPARE(exporter.exportToFile(pdf, ui::ChartFormat::Pdf, QSize(1200, 700), 300), QString());
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        const QByteArray bytes = pdfFile.readAll();
        QVERIFY(bytes.startsWith("%PDF-"));
        QCOMPARE(bytes.count("/Type /Page\n") + bytes.count("/Type /Page\r") + bytes.count("/Type /Page "),
                 1);
        QVERIFY(bytes.contains("Pageviews per day"));
        QVERIFY(bytes.contains(query.toHtmlEscaped().toUtf8()));

        QVERIFY(
            !exporter.exportToFile(dir.filePath(QStringLiteral("no/such/dir/c.png")), ui::ChartFormat::Png)
                 .isEmpty());
        QVERIFY(exporter.exportToFile(png, ui::ChartFormat::Png, QSize(5, 5))
                    .contains(QStringLiteral("out of range")));
    }
};

QTEST_MAIN(TstUiCharts)
#include "tst_ui_charts.moc"
