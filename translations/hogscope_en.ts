<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>hogscope::ui::AppController</name>
    <message>
        <source>&lt;p&gt;Hogscope talks to PostHog&apos;s query API. To explore data, start it one of two ways:&lt;/p&gt;&lt;p&gt;&lt;b&gt;Demo data, no account:&lt;/b&gt; &lt;code&gt;hogscope --demo&lt;/code&gt; starts the built-in backend with a generated demo project.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Your PostHog project:&lt;/b&gt; set &lt;code&gt;POSTHOG_PERSONAL_API_KEY=phx_…&lt;/code&gt; (a personal API key with query read access), then run &lt;code&gt;hogscope --host https://eu.posthog.com --project 12345&lt;/code&gt; (or https://us.posthog.com, or your self-hosted URL).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Last used: &lt;code&gt;--host %1 --project %2&lt;/code&gt;&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invalid host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is not a URL such as https://eu.posthog.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set POSTHOG_PERSONAL_API_KEY to a personal API key of %1 and start Hogscope again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · project %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generating demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First start: writing %1 demo events to &lt;code&gt;%2&lt;/code&gt;. This happens once; the editor is ready meanwhile.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generated %1 demo events in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the demo backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening &lt;code&gt;%1&lt;/code&gt;…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo backend · %1:%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::ChartExportDialog</name>
    <message>
        <source>Export chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>chart.png, chart.svg or chart.pdf</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> px</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> dpi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Width:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Height:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file name must end in .png, .svg or .pdf</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::ChartPanel</name>
    <message>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stacked bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Horizontal bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Area</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pie</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Scatter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind of chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column for the x axis (or the categories)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Numeric columns drawn as series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as PNG, SVG or PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy to clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>X:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run a query to chart its result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No numeric column to draw: choose series.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Showing the first %1 of %2 rows.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hogscope chart</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::CommandPalette</name>
    <message>
        <source>Type a command…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::ConnectionBanner</name>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::EditorCompletion</name>
    <message numerus="yes">
        <source>%n or more argument(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n argument(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>  · aggregate</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::HistoryPanel</name>
    <message>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>did not finish</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search the history (query, project or error)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::JsonViewer</name>
    <message>
        <source>Filter keys and values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(value)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::MainWindow</name>
    <message>
        <source>Hogscope</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run Statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the statement at the cursor, or the selection (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Cancel Query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the running query, on the server too (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New Query Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Examples</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>○ Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command &amp;Palette…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find and run any command (Ctrl+K)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Restored %n tab(s) from the last session.</source>
        <translation>
            <numerusform>Restored %n tab from the last session.</numerusform>
            <numerusform>Restored %n tabs from the last session.</numerusform>
        </translation>
    </message>
    <message>
        <source>Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show what may be typed at the cursor (Ctrl+Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Format Query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lay the script out in the canonical style (Ctrl+Shift+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse the project&apos;s persons in a new tab (Ctrl+Shift+P)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Insights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Retention Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Stickiness Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New &amp;Paths Tab</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::MessagesDock</name>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (×%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::QueryTab</name>
    <message>
        <source>Ready</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to run: the cursor is not on a statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected. Start Hogscope with --demo, or with --host and --project and POSTHOG_PERSONAL_API_KEY set.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot run: not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running… %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 rows read · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finished · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 [%2]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled after %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot format: line %1, column %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Query tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Retrying in %2 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued… %1 s (waiting for a free slot or PostHog&apos;s rate limit)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::ResultsView</name>
    <message>
        <source>No results yet. Press Ctrl+Enter to run the statement at the cursor.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (more available: add a LIMIT to see others)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · cached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · row %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy with column names</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>View JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Person</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::SchedulerStatusLabel</name>
    <message>
        <source>per hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per %1 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per %1 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>per %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n running</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>rate limited: %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>budget: next in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 left</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queries running: %1 (at most 3 per project, as PostHog allows)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queries waiting: %1, of which yours: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostHog asked to wait %1 s more (HTTP 429)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The next query waits %1 s for a rate budget</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No rate budgets: this server does not throttle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 of %3 %4 left</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::SchemaSidebar</name>
    <message>
        <source>Switch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to another PostHog project or the demo backend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch events and properties again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search tables, fields, events, properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type / count</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>function</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>table</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
