#pragma once

// Where the application keeps its files. Every path derives from QStandardPaths, so tests that
// enable QStandardPaths test mode never touch the user's real data.

#include <QString>

namespace hogscope::workspace {

// The application's data locations (stateless; computed from QStandardPaths on each call).
class AppPaths
{
public:
    // QStandardPaths::AppDataLocation (e.g. ~/.local/share/hogscope/hogscope).
    static QString dataDir();
    // The embedded backend's demo event store, generated on first `--demo` start.
    static QString demoStorePath();
    // Creates dataDir() if missing; false when it cannot be created.
    static bool ensureDataDir();
};

} // namespace hogscope::workspace
