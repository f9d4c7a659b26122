#include "export/clipboard_formats.h"

#include <QTest>

using namespace hogscope::exporting;

class TstClipboardFormats : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formats_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<QString>("expected");
        QTest::newRow("tsv") << int(CopyFormat::Tsv) << QStringLiteral("event\tn\n$pageview\t10\na b\t\n");
        QTest::newRow("csv") << int(CopyFormat::Csv)
                             << QStringLiteral("event,n\r\n$pageview,10\r\na\tb,\r\n");
        QTest::newRow("markdown") << int(CopyFormat::Markdown)
                                  << QStringLiteral(
                                         "| event | n |\n| --- | --- |\n| $pageview | 10 |\n| a\tb |  |\n");
    }

    void formats()
    {
        QFETCH(int, format);
        QFETCH(QString, expected);
        const QString text =
            formatCells({QStringLiteral("event"), QStringLiteral("n")},
                        {{QStringLiteral("$pageview"), QStringLiteral("10")}, {QStringLiteral("a\tb")}},
                        static_cast<CopyFormat>(format));
        QCOMPARE(text, expected);
    }

    void escapesSpecialCharacters()
    {
        const QList<QStringList> rows{{QStringLiteral("say \"hi\", ok"), QStringLiteral("a|b\nc")}};
        QCOMPARE(formatCells({}, rows, CopyFormat::Csv),
                 QStringLiteral("\"say \"\"hi\"\", ok\",\"a|b\nc\"\r\n"));
        QCOMPARE(formatCells({}, rows, CopyFormat::Tsv), QStringLiteral("say \"hi\", ok\ta|b c\n"));
        QCOMPARE(formatCells({}, rows, CopyFormat::Markdown),
                 QStringLiteral("| 1 | 2 |\n| --- | --- |\n| say \"hi\", ok | a\\|b<br>c |\n"));
    }
};

QTEST_GUILESS_MAIN(TstClipboardFormats)
#include "tst_clipboard_formats.moc"
