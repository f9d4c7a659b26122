// Test helper for tst_workspace's crash test: keeps changing a draft through DraftJournal in a real
// event loop and prints "flushed N" after each flush that reached the file, until it is killed.
// Usage: journal_crash_writer STORE_PATH

#include "workspace/draft_journal.h"
#include "workspace/workspace_store.h"

#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2)
        return 2;
    hogscope::workspace::WorkspaceStore store(QString::fromLocal8Bit(argv[1]));
    if (!store.ok())
        return 3;
    hogscope::workspace::DraftJournal journal(store, 50);
    int version = 0;
    int lastWritten = 0;
    QObject::connect(&journal, &hogscope::workspace::DraftJournal::flushed, &app, [&] {
        std::printf("flushed %d\n", lastWritten);
        std::fflush(stdout);
    });
    QTimer typing;
    QObject::connect(&typing, &QTimer::timeout, &app, [&] {
        ++version;
        lastWritten = version;
        // a big draft, so a kill is likely to land in the middle of a write
        QString text = QStringLiteral("SELECT %1 -- version\n").arg(version);
        text += QString(20000, QLatin1Char('x'));
        journal.update(
            {QStringLiteral("tab-1"), QStringLiteral("Draft"), QString(), text, version, true, QString()});
    });
    typing.start(2);
    return app.exec();
}
