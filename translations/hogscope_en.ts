<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>hogscope::ui::AppController</name>
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
    <message>
        <source>Schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API key for “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Choose File → Connect… (Ctrl+Shift+O) and enter it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the API key for &lt;code&gt;%1&lt;/code&gt; from the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Hogscope talks to PostHog&apos;s query API. &lt;b&gt;File → Connect…&lt;/b&gt; (Ctrl+Shift+O, or &lt;i&gt;Switch…&lt;/i&gt; in the schema sidebar) lists your saved connections and the local demo. From the command line:&lt;/p&gt;&lt;p&gt;&lt;b&gt;Demo data, no account:&lt;/b&gt; &lt;code&gt;hogscope --demo&lt;/code&gt; starts the built-in backend with a generated demo project.&lt;/p&gt;&lt;p&gt;&lt;b&gt;Your PostHog project:&lt;/b&gt; set &lt;code&gt;POSTHOG_PERSONAL_API_KEY=phx_…&lt;/code&gt; (a personal API key with query read access), then run &lt;code&gt;hogscope --host https://eu.posthog.com --project 12345&lt;/code&gt; (or https://us.posthog.com, or your self-hosted URL).&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not list the projects of this key: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::AskBox</name>
    <message>
        <source>Ask in plain words… e.g. “daily pageviews by browser last week”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Drafts HogQL from a question with PostHog AI; the draft goes into the editor for review and is never run by itself (Ctrl+Shift+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft HogQL for the question (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop waiting for the draft</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft inserted into the editor for review; it has not been run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a question first, e.g. “top 10 events this week”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected: AI drafting needs a PostHog connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
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
    <name>hogscope::ui::ColumnChooser</name>
    <message>
        <source>&lt;b&gt;Columns&lt;/b&gt; — person properties to show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find a property, or type one and press Enter</source>
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
    <name>hogscope::ui::ConnectionDialog</name>
    <message>
        <source>Connections</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A new PostHog connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the selected profile and its stored key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;Runs Hogscope&apos;s built-in backend on this computer with a generated demo project: events, persons and sessions of a fictional product, ready to query with HogQL.&lt;/p&gt;&lt;p&gt;No account and no network are needed; nothing leaves your machine. The demo data is generated once and kept for the next start.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostHog connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. EU production</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostHog US Cloud — us.posthog.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostHog EU Cloud — eu.posthog.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Self-hosted or custom URL…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://posthog.example.com</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Personal API &amp;key:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the key and list the projects it can see</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test the connection to list projects, or type an id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The built-in backend with generated demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · project %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leave empty to use the stored key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>phx_…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kept in the system keychain, never in a file. Create one in PostHog under Settings → Personal API keys, with query and project read access.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available: the key is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“%1” is reserved for the local demo; choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A connection named “%1” exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the personal API key of this connection.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted the connection “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the address of your PostHog instance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter the personal API key first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the key from the keychain…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Enter the personal API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store the connection (its key goes to the keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and switch the window to this connection; open tabs stay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1 · 1 project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in as %1 · %2 projects</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection changed while its key was being read; try again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::DateRangeEdit</name>
    <message>
        <source>Last %1 days</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom dates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relative ranges end now; custom dates include both days (UTC)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 to %2</source>
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
    <name>hogscope::ui::EventPicker</name>
    <message>
        <source>Event name, from the project&apos;s event definitions or typed</source>
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
    <name>hogscope::ui::InsightRunner</name>
    <message>
        <source>Not connected: start Hogscope with --demo, or with --host and a personal API key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for a free query slot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running… %1 s, %2 rows read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running… %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PostHog asked to wait; retrying in %1 s…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::InsightTab</name>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the insight now (it also runs by itself when the form changes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the running query, on the server too</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dates:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export %1 as PNG, SVG or PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy %1 to the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reading the result…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ready: choose what to look at, the insight runs by itself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The query failed; the chart below still shows the previous result.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The query failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>latest event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project has no events yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing in %1. The latest event is from %2: &lt;a href=&quot;latest&quot;&gt;show the %3 days up to it&lt;/a&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 · %2</source>
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
    <message>
        <source>C&amp;onnect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a PostHog connection or the local demo (Ctrl+Shift+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ask AI for a Draft…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Draft HogQL from a question in plain words (Ctrl+Shift+A)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export Results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Messages</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The tab of that message has been closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run &amp;All Statements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run every statement of the script in turn (Ctrl+Shift+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open Query…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a saved .hogql query in a new tab (Ctrl+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the query tab as a .hogql file (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Query &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HogQL queries (*.hogql);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Query</source>
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
    <message>
        <source>Location</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1:%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1, column %2 — double-click or press Enter to show it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::PathsScene</name>
    <message>
        <source>Persons who reached %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons who went on from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons whose path ended there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
%1 traversals arrive here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
%1 paths start here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
%1 go on to step %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
%1 end here (no next step within the limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Click for the persons who reached it; right-click for more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 → %2
%3 traversals (a person who went this way in two sessions counts twice)
%4 between the steps on average
Click for the persons who went this way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No paths in this date range.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Step %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::PathsTab</name>
    <message>
        <source>Page views ($pageview)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Screens ($screen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>anywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Events whose name does not start with $</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>With nothing ticked, every event is a step.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only paths through this page or event, starting there (a URL, or an event name)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only paths that reach this page or event, ending there</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps kept of each path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most traversed links kept (PostHog&apos;s edge limit)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps are</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ending at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Links:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paths</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> from %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · pages of %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n link(s) over %1 steps, %2 traversals · click a node or link for its persons</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Persons who reached %1 at step %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons who went on from %1 at step %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons whose path ended at %1 at step %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons who went from %1 (step %2) to %3 (step %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paths diagram</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::PersonDetailView</name>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the person&apos;s UUID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open as HogQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a query over this person&apos;s events in a new query tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search properties and values</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Properties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Distinct IDs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
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
        <source>Copy Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Key Path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expand All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collapse All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel Loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 distinct ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 distinct IDs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to a PostHog server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Person events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Press Retry to load more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for a query slot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading events…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer could not be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Properties of %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 events · loading more…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 events · scroll for more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This person has no events.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::PersonsFetcher</name>
    <message>
        <source>Loading persons…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading persons… %1 rows read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled. Press Retry to load more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected to a PostHog server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Insight persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for a query slot…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer could not be read: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
(The older persons endpoints cannot answer it either: %2.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading persons (older endpoint)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
(Tried the older persons endpoint because: %2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::PersonsTab</name>
    <message>
        <source>This server does not answer InsightActorsQuery (%1); the older persons endpoint is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search persons by email, name or distinct ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>+ Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by a person property</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the person properties shown as columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load the list again (F5)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop loading (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel Loading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Person ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>insight data point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons behind &lt;b&gt;%1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons · %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect to a PostHog project (or start Hogscope with --demo) to browse its persons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading persons…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No persons behind this data point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No persons found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No person matches the search and filters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear search and filters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The insight counts nobody here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This project has no persons yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The persons could not be loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 persons shown · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 persons shown · scroll for more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 persons shown · scroll for more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · older persons endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort Ascending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sort Descending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide “%1”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose Columns…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Person</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Distinct IDs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Cell</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::PropertyFilterBar</name>
    <message>
        <source>equals</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>doesn&apos;t equal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>contains</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>doesn&apos;t contain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>is not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>greater than</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>less than</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::PropertyFilterRow</name>
    <message>
        <source>where</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>person property</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this filter</source>
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
    <message>
        <source>Not run: a placeholder has no value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to run: the script has no statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run All stopped at statement %1 of %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a placeholder has no value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Statement %1 of %2 · %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it was cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Syntax</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::ResultsExportDialog</name>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column names in the first row</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Escape cells starting with = + - @ (so spreadsheets do not run them)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Results</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (comma-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TSV (tab-separated)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (one array of row objects)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON Lines (one row object a line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel workbook (.xlsx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefixes such text cells with &apos; (CSV injection); numbers are never changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no result to export.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exports all %1 rows in result order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exports all %1 rows in the grid&apos;s sort order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exports the %1 of %2 rows the filter shows, in the grid&apos;s order.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 files (*.%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file to write.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Excel sheets hold at most %1 rows; filter the result or choose CSV.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 rows to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled: no file was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Preparing rows…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists. Press Export again to replace it.</source>
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
    <message>
        <source>Filter rows (contains, any case)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Column the filter looks in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Results…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the rows shown to CSV, TSV, JSON, JSON Lines or Excel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the HogQL and ClickHouse SQL the server ran</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All columns</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 rows read · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · fresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · Sorting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · Filtering…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SQL of the last query</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(the server did not report it)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HogQL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ClickHouse</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::RetentionTab</name>
    <message>
        <source>for the first time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in that period (recurring)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>First time: a person is in the cohort of their first-ever target event only.
Recurring: a person is in the cohort of every period in which they did it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Values per cohort: period 0 (the cohort itself) and the periods after it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>% of cohort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weighted mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Simple mean</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weighted: persons retained over persons in the cohorts.
Simple: the average of the cohorts&apos; percentages.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cohorts on the curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons who did</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>and came back to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>— cohorts by</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>with</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>values each (%1 0 – %1 %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show:</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n cohort(s), the largest of %1 persons</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source> · %1 1: %2% came back (weighted mean)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · click a cell for its persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cohort of %1 (%2): %3 persons who did %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; %1 of them came back to do %2 in %3 %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2 persons)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention curve: % of the cohort counted in each %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons who did %1%2, and the share of them who came back to do %3 in each %4 after.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> for the first time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention by %1 cohort</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention grid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention curve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retention</source>
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
    <message>
        <source>Connect to another PostHog project or the demo backend (Ctrl+Shift+O)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Project:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project queries and the sidebar refer to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Project %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counts are %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::SidebarFeeder</name>
    <message>
        <source>Not connected: choose a connection with Switch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event volumes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event volumes could not be counted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not load events and properties: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading events and properties…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>events of all time (none in the last 30 days)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>events in the last 30 days</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::StickinessTab</name>
    <message>
        <source>+ Add series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare another event (up to %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on exactly N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>on N or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Count each person in the bar of their number of active intervals, or in every bar up to it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons who did</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>counted by how many</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>they did it on:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Click for the persons.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove this series</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons by number of active %1s, or more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Persons by number of active %1s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · click a bar for its persons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stickiness chart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stickiness</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>hogscope::ui::VariablesPanel</name>
    <message>
        <source>Placeholders</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sent with the query as constants, never pasted into its text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeholder %1 has no value: fill it in the Placeholders panel (or tick Null).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeholder %1 is set to number but &quot;%2&quot; is not a number.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Placeholder %1 has no valid date.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variable %1 needs the id of the project&apos;s SQL variable &quot;%2&quot; (enter it in the Placeholders panel).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A SQL variable of the project (HogQLQuery.variables)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A constant for this query (HogQLQuery.values)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number, e.g. 7 or 0.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>value for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Null</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send NULL for this placeholder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>variable id (UUID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The id of the project&apos;s SQL variable with code name &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
