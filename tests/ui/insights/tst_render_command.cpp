// `hogscope render` as a user runs it: the real binary on a generated demo store (--demo-store),
// writing PNG, SVG and PDF files that must be valid, and the exit statuses of its errors (2 for the
// command line, 1 for a query file that is not the right query or a query the server rejects).

#include "local/demo_generator.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace hogscope;

namespace {

constexpr int kTimeoutMs = 60000;

} // namespace

class TestRenderCommand : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void renderCommand_data();
    void renderCommand();
    void renderCommandErrors_data();
    void renderCommandErrors();

private:
    QTemporaryDir m_dir;
    QString m_store;
};

void TestRenderCommand::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("demo.sqlite"));
    local::DemoOptions options;
    options.events = 4000;
    const local::DemoResult result = local::generateDemoStore(m_store, options, {});
    QVERIFY2(result.ok, qPrintable(result.error));
}

void TestRenderCommand::renderCommand_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("extension");
    QTest::addColumn<QStringList>("extra");
    const QByteArray retention =
        R"({"kind":"RetentionQuery","dateRange":{"date_from":"2026-03-12","date_to":"2026-03-31"},)"
        R"("retentionFilter":{"period":"Day","totalIntervals":7,"retentionType":"retention_recurring",)"
        R"("targetEntity":{"id":"$pageview","type":"events"},"returningEntity":{"id":"$pageview","type":"events"}}})";
    const QByteArray stickiness =
        R"({"query":{"kind":"StickinessQuery","series":[{"kind":"EventsNode","event":"$pageview"}],)"
        R"("dateRange":{"date_from":"2026-03-18","date_to":"2026-03-31"}}})";
    const QByteArray paths =
        R"({"kind":"PathsQuery","dateRange":{"date_from":"2026-03-25","date_to":"2026-03-31"},)"
        R"("pathsFilter":{"includeEventTypes":["$pageview"]}})";
    QTest::newRow("retention grid png")
        << QStringLiteral("retention") << retention << QStringLiteral("png") << QStringList();
    QTest::newRow("retention curve svg") << QStringLiteral("retention") << retention << QStringLiteral("svg")
                                         << QStringList{QStringLiteral("--chart"), QStringLiteral("curve")};
    QTest::newRow("stickiness pdf") << QStringLiteral("stickiness") << stickiness << QStringLiteral("pdf")
                                    << QStringList();
    QTest::newRow("paths png sized") << QStringLiteral("paths") << paths << QStringLiteral("png")
                                     << QStringList{QStringLiteral("--size"), QStringLiteral("800x500")};
}

void TestRenderCommand::renderCommand()
{
    QFETCH(QString, kind);
    QFETCH(QByteArray, query);
    QFETCH(QString, extension);
    QFETCH(QStringList, extra);
    const QString queryFile = m_dir.filePath(kind + QStringLiteral("_render.json"));
    QFile file(queryFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(query);
    file.close();
    const QString out = m_dir.filePath(
        QStringLiteral("render_%1.%2")
            .arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('_')),
                 extension));
    QProcess process;
    process.start(QStringLiteral(HOGSCOPE_BINARY),
                  QStringList{QStringLiteral("render"), kind, QStringLiteral("--query"), queryFile,
                              QStringLiteral("--demo"), QStringLiteral("--demo-store"), m_store,
                              QStringLiteral("--out"), out, QStringLiteral("-q")} +
                      extra);
    QVERIFY(process.waitForFinished(kTimeoutMs));
    QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
    QFile result(out);
    QVERIFY(result.open(QIODevice::ReadOnly));
    const QByteArray bytes = result.readAll();
    if (extension == u"png") {
        QImage image;
        QVERIFY(image.loadFromData(bytes, "PNG"));
        if (!extra.isEmpty())
            QCOMPARE(image.size(), QSize(800, 500));
    } else if (extension == u"svg") {
        QXmlStreamReader xml(bytes);
        bool titled = false;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == u"title")
                titled = xml.readElementText().contains(QStringLiteral("Retention curve"));
        }
        QVERIFY(!xml.hasError());
        QVERIFY(titled);
    } else {
        QVERIFY(bytes.startsWith("%PDF-"));
        QVERIFY(bytes.contains("/Type /Page"));
    }
}

void TestRenderCommand::renderCommandErrors_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QByteArray>("queryText");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");
    const QByteArray good = R"({"kind":"PathsQuery","pathsFilter":{}})";
    QTest::newRow("no insight") << QStringList() << good << 2 << QStringLiteral("say what to render");
    QTest::newRow("unknown insight") << QStringList{QStringLiteral("funnels")} << good << 2
                                     << QStringLiteral("unknown insight");
    QTest::newRow("no output") << QStringList{QStringLiteral("paths"), QStringLiteral("QUERY")} << good << 2
                               << QStringLiteral("--out");
    QTest::newRow("bad size") << QStringList{QStringLiteral("paths"),  QStringLiteral("QUERY"),
                                             QStringLiteral("--out"),  QStringLiteral("OUT"),
                                             QStringLiteral("--size"), QStringLiteral("big")}
                              << good << 2 << QStringLiteral("--size");
    QTest::newRow("missing query file")
        << QStringList{QStringLiteral("paths"), QStringLiteral("--query"),
                       QStringLiteral("/nonexistent/q.json"), QStringLiteral("--out"), QStringLiteral("OUT")}
        << good << 2 << QStringLiteral("cannot read");
    QTest::newRow("not json") << QStringList{QStringLiteral("paths"), QStringLiteral("QUERY"),
                                             QStringLiteral("--out"), QStringLiteral("OUT")}
                              << QByteArray("{\"kind\": ") << 1 << QStringLiteral("is not valid JSON");
    QTest::newRow("wrong kind") << QStringList{QStringLiteral("retention"), QStringLiteral("QUERY"),
                                               QStringLiteral("--out"), QStringLiteral("OUT")}
                                << good << 1 << QStringLiteral("needs a RetentionQuery");
    QTest::newRow("query the server rejects")
        << QStringList{QStringLiteral("paths"), QStringLiteral("QUERY"), QStringLiteral("--out"),
                       QStringLiteral("OUT")}
        << QByteArray(R"({"kind":"PathsQuery","pathsFilter":{"includeEventTypes":["nonsense"]}})") << 1
        << QStringLiteral("includeEventTypes");
}

void TestRenderCommand::renderCommandErrors()
{
    QFETCH(QStringList, arguments);
    QFETCH(QByteArray, queryText);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    const QString queryFile = m_dir.filePath(QStringLiteral("error_query.json"));
    QFile file(queryFile);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(queryText);
    file.close();
    QStringList args{QStringLiteral("render")};
    for (const QString& a : std::as_const(arguments)) {
        if (a == u"QUERY")
            args << QStringLiteral("--query") << queryFile;
        else if (a == u"OUT")
            args << m_dir.filePath(QStringLiteral("error_out.png"));
        else
            args << a;
    }
    args << QStringLiteral("--demo") << QStringLiteral("--demo-store") << m_store;
    QProcess process;
    process.start(QStringLiteral(HOGSCOPE_BINARY), args);
    QVERIFY(process.waitForFinished(kTimeoutMs));
    const QString errors = QString::fromUtf8(process.readAllStandardError());
    QCOMPARE(process.exitCode(), exitCode);
    QVERIFY2(errors.contains(message), qPrintable(errors));
    QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("error_out.png"))));
}

QTEST_MAIN(TestRenderCommand)
#include "tst_render_command.moc"
