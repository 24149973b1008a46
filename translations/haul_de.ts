<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>haul</name>
    <message>
        <source>Haul downloads files; pause, resume or cancel them at any time.
Without a URL it shows the saved download list; --demo adds files served by a
local test server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download demo files from a local server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save files into &lt;dir&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the stress test for &lt;seconds&gt; in the window, print its counters, exit 0 when every invariant held, 1 otherwise.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Do not hand the URLs to a running Haul.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URLs to download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: files from a local server, saved in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Haul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo could not start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The demo&apos;s folder cannot be created in %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::app::SingleInstance</name>
    <message>
        <source>The path of Haul&apos;s socket, %1, is too long for a local socket.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the socket %1 is held by another user (uid %2), not by a Haul of yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>who holds the socket %1 cannot be told</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 exists and is not a socket of yours; it is left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::app::privatefolder</name>
    <message>
        <source>%1 cannot be used: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is not a folder (it may be a symbolic link).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 belongs to another user (uid %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is open to other users (mode %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no private folder for Haul: XDG_RUNTIME_DIR is not a private folder and the cache folder %1 cannot be created.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The private folder %1 cannot be created: %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The folder Haul keeps its private files in is not private: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::demo::StressPanel</name>
    <message>
        <source>Stress Test</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Random cancels, pauses, removals and tabs against a local server, with the callback contract&apos;s counters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> actions/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>for</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Counters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not run yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starts a throttled server on 127.0.0.1 and the chosen number of downloads, then acts at random: opens or closes a detail tab, cancels, pauses, resumes or removes a download. At the end it closes everything it opened and checks that the callback contract held: nothing after Closed, nothing into a closed tab, one completion per operation, every handle closed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no temporary folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running (seed %1)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing everything and waiting for every Closed…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PASS: every invariant held (seed %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FAIL: see the counters above (seed %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at the end</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::AddDownloadsDialog</name>
    <message>
        <source>&amp;Start now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow an &amp;unverified certificate (self-signed)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow a redirect from https:// to unencrypted &amp;http://</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;URLs, one per line (Shift+Enter: new line, Enter: download):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>https://example.org/file.iso
https://example.org/other.zip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parallel connections per download, when the server allows ranges</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connections:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, e.g. sha-256=9f86d081884c7d65…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The file gets its name only if its digest matches; sha-256, sha-512, sha-1 or md5. One download at a time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;hecksum:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional, one per line, e.g. Cookie: session=…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request headers a server needs for these downloads (a cookie, a referer); sent on every connection and kept with the download.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>H&amp;eaders:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unchecked: the downloads are added paused; Resume starts them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: anyone between you and the server could then send you a different file. Use it only for a server you know (your own NAS, a test server), never for the public internet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off, a secure address that redirects to an unencrypted one fails with a message: the request and the file would cross the network readable by anyone on the way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No URL yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a folder to save to.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A checksum belongs to one file: add one URL with it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The checksum is not valid; write ALGO=HEX.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Downloads To</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::DetailTab</name>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel this download (the partial file is kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>General</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>File:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time left:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 10 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every event the engine delivered for this download (from before this tab opened, all but progress); each operation ends in exactly one completion (bold), and closed is always last.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Average %1 · peak %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Removed from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (in progress)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 (%3%)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (size unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::DownloadsPage</name>
    <message>
        <source>Search by name or URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p style=&apos;font-size:large&apos;&gt;No downloads yet&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;%1&lt;/b&gt; or drop links here to add some.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p style=&apos;font-size:large&apos;&gt;Nothing matches&lt;/p&gt;&lt;p&gt;Choose another category or clear the search.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::EngineClient</name>
    <message>
        <source>Haul is shutting down; the download was not added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The download could not be added: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Haul is shutting down; the address was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address can be changed only while the download is stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>every setting (Haul is shutting down)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::EventTraceModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>bytes %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>curl %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::FilterList</name>
    <message>
        <source>Paused and cancelled downloads</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::MainWindow</name>
    <message>
        <source>Haul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The download list could not be read (%1). New downloads still work.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add downloads (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Download folder, limits, connections, proxy, tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Downloads</source>
        <translation>&amp;Downloads</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Settings saved and applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved. Not applied: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program asked Haul to download these. Check them, then choose Download; nothing starts before you do.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;p&gt;The folder %1 cannot be created; choose another one.&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The download was not added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No download was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2 downloads were not added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Haul: %1 active, %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save files to:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The others wait in the queue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloads at once:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connections per download:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Global speed limit:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How often a transient failure (timeout, 503, reset) is retried</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> MiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A download that turns out larger fails with a message, also one whose server never says its size and never ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest file:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none, or http://host:port, socks5://host:port</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start handed-over downloads at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Off: addresses another program hands to Haul (a browser, “haul URL” while Haul runs) open the Add dialog, filled in, and start only when you confirm.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Closing the window keeps Haul running in the tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This desktop has no system tray</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Notify when a download finishes or fails</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save files to</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::SpeedGraph</name>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No samples yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::StoreWorker</name>
    <message>
        <source> Remove this download from the list and add it again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: the folder “%1” in the download list is not an absolute path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: the folder “%1” from the download list does not exist.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: the folder “%1” from the download list cannot be checked (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: “%1” from the download list is not a folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not restored: you cannot write to the folder “%1” from the download list.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::TransferActions</name>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start or resume the selected downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause the selected downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel the selected downloads (partial files are kept)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected downloads from the list (files stay on disk)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause or Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause running downloads or resume stopped ones</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a tab with the speed graph and the event trace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the selected queued download sooner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the selected queued download later</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed Limit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Limit the speed of the selected downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change Address…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Give a stopped download a new address (an expired link, a mirror); the bytes on disk are kept when the server has the same file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume every paused or cancelled download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause every running or queued download</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the downloaded file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open Containing Folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the folder the file was saved to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the address of the selected downloads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause or cancel the download before changing its address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed Limit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed limit for this download:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed limit for each of the %1 downloads:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New address for %1:
(The bytes already on disk are kept when the server still has the same file.)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The address was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::TransferFilterProxy</name>
    <message>
        <source>All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::TransferListModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ETA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (size unknown)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queued</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The download could not be restarted.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::TransferRow</name>
    <message>
        <source>The download failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redirected to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retrying: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>haul::ui::TrayController</name>
    <message>
        <source>%1, %2 and %3 more</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide Haul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Haul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Haul</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) failed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) finished</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
