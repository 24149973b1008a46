<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>ConfirmDialog</name>
    <message>
        <source>Don&apos;t ask again</source>
        <translation>Nicht mehr fragen</translation>
    </message>
    <message>
        <source>Settings can turn the question on again</source>
        <translation>In den Einstellungen lässt sich die Frage wieder einschalten</translation>
    </message>
</context>
<context>
    <name>haul</name>
    <message>
        <source>Haul downloads files; pause, resume or cancel them at any time.
Without a URL it shows the saved download list; --demo adds files served by a
local test server.</source>
        <translation>Haul lädt Dateien herunter; jederzeit pausieren, fortsetzen oder abbrechen.
Ohne URL zeigt es die gespeicherte Downloadliste; --demo fügt Dateien eines
lokalen Testservers hinzu.</translation>
    </message>
    <message>
        <source>Download demo files from a local server.</source>
        <translation>Demodateien von einem lokalen Server herunterladen.</translation>
    </message>
    <message>
        <source>Save files into &lt;dir&gt;.</source>
        <translation>Dateien in &lt;dir&gt; speichern.</translation>
    </message>
    <message>
        <source>Run the stress test for &lt;seconds&gt; in the window, print its counters, exit 0 when every invariant held, 1 otherwise.</source>
        <translation>Den Belastungstest &lt;seconds&gt; Sekunden lang im Fenster ausführen, seine Zähler ausgeben und mit 0 beenden, wenn jede Invariante hielt, sonst mit 1.</translation>
    </message>
    <message>
        <source>Do not hand the URLs to a running Haul.</source>
        <translation>Die URLs nicht an ein laufendes Haul übergeben.</translation>
    </message>
    <message>
        <source>URLs to download.</source>
        <translation>Herunterzuladende URLs.</translation>
    </message>
    <message>
        <source>Demo: files from a local server, saved in %1</source>
        <translation>Demo: Dateien von einem lokalen Server, gespeichert in %1</translation>
    </message>
    <message>
        <source>Haul</source>
        <translation>Haul</translation>
    </message>
    <message>
        <source>The demo could not start: %1</source>
        <translation>Die Demo konnte nicht starten: %1</translation>
    </message>
    <message>
        <source>The demo&apos;s folder cannot be created in %1: %2.</source>
        <translation>Der Ordner der Demo kann in %1 nicht angelegt werden: %2.</translation>
    </message>
    <message>
        <source>%1 cannot be used: %2.</source>
        <translation>%1 kann nicht verwendet werden: %2.</translation>
    </message>
    <message>
        <source>%1 is not a folder (it may be a symbolic link).</source>
        <translation>%1 ist kein Ordner (vielleicht eine symbolische Verknüpfung).</translation>
    </message>
    <message>
        <source>%1 belongs to another user (uid %2).</source>
        <translation>%1 gehört einem anderen Benutzer (UID %2).</translation>
    </message>
    <message>
        <source>%1 is open to other users (mode %2).</source>
        <translation>%1 ist für andere Benutzer zugänglich (Modus %2).</translation>
    </message>
    <message>
        <source>There is no private folder for Haul: XDG_RUNTIME_DIR is not a private folder and the cache folder %1 cannot be created.</source>
        <translation>Haul hat keinen privaten Ordner: XDG_RUNTIME_DIR ist kein privater Ordner, und der Cache-Ordner %1 kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>The private folder %1 cannot be created: %2.</source>
        <translation>Der private Ordner %1 kann nicht angelegt werden: %2.</translation>
    </message>
    <message>
        <source>The folder Haul keeps its private files in is not private: %1</source>
        <translation>Der Ordner für Hauls private Dateien ist nicht privat: %1</translation>
    </message>
</context>
<context>
    <name>haul::app::SingleInstance</name>
    <message>
        <source>The path of Haul&apos;s socket, %1, is too long for a local socket.</source>
        <translation>Der Pfad von Hauls Socket, %1, ist für einen lokalen Socket zu lang.</translation>
    </message>
    <message>
        <source>the socket %1 is held by another user (uid %2), not by a Haul of yours</source>
        <translation>der Socket %1 gehört einem anderen Benutzer (UID %2), nicht einem Haul von Ihnen</translation>
    </message>
    <message>
        <source>who holds the socket %1 cannot be told</source>
        <translation>wem der Socket %1 gehört, lässt sich nicht feststellen</translation>
    </message>
    <message>
        <source>%1 exists and is not a socket of yours; it is left as it is.</source>
        <translation>%1 existiert und ist kein Socket von Ihnen; er bleibt unverändert.</translation>
    </message>
</context>
<context>
    <name>haul::demo::StressPanel</name>
    <message>
        <source>Stress Test</source>
        <translation>Belastungstest</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source> downloads</source>
        <translation> Downloads</translation>
    </message>
    <message>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <source> actions/s</source>
        <translation> Aktionen/s</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>for</source>
        <translation>für</translation>
    </message>
    <message>
        <source>at</source>
        <translation>mit</translation>
    </message>
    <message>
        <source>Not run yet.</source>
        <translation>Noch nicht ausgeführt.</translation>
    </message>
    <message>
        <source>Cannot start: %1</source>
        <translation>Start nicht möglich: %1</translation>
    </message>
    <message>
        <source>no temporary folder</source>
        <translation>kein temporärer Ordner</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>at the end</source>
        <translation>am Ende</translation>
    </message>
    <message>
        <source>Time spent acting</source>
        <translation>Dauer der Aktionen</translation>
    </message>
    <message>
        <source>Downloads started</source>
        <translation>Gestartete Downloads</translation>
    </message>
    <message>
        <source>Detail tabs opened / closed</source>
        <translation>Detail-Tabs geöffnet / geschlossen</translation>
    </message>
    <message>
        <source>Cancels / pauses / resumes / removals</source>
        <translation>Abbrüche / Pausen / Fortsetzungen / Entfernungen</translation>
    </message>
    <message>
        <source>Starts accepted / operations ended (equal when all is well)</source>
        <translation>Angenommene Starts / beendete Vorgänge (gleich, wenn alles stimmt)</translation>
    </message>
    <message>
        <source>Messages the engine delivered</source>
        <translation>Von der Engine zugestellte Meldungen</translation>
    </message>
    <message>
        <source>Messages still being delivered (should be 0)</source>
        <translation>Noch in Zustellung befindliche Meldungen (sollte 0 sein)</translation>
    </message>
    <message>
        <source>Downloads open in the engine now (before the run)</source>
        <translation>Jetzt in der Engine offene Downloads (vor dem Lauf)</translation>
    </message>
    <message>
        <source>Messages after their download was closed (should be 0)</source>
        <translation>Meldungen nach dem Schließen ihres Downloads (sollte 0 sein)</translation>
    </message>
    <message>
        <source>Messages that reached a closed detail tab (should be 0)</source>
        <translation>Meldungen an einen geschlossenen Detail-Tab (sollte 0 sein)</translation>
    </message>
    <message>
        <source>Downloads whose operations did not each end once (should be 0)</source>
        <translation>Downloads, deren Vorgänge nicht jeweils genau einmal endeten (sollte 0 sein)</translation>
    </message>
    <message>
        <source>Downloads never closed (should be 0)</source>
        <translation>Nie geschlossene Downloads (sollte 0 sein)</translation>
    </message>
    <message>
        <source>Checks Haul itself: random cancels, pauses and removals on throwaway downloads from a local test server; your downloads are not touched</source>
        <translation>Prüft Haul selbst: zufällige Abbrüche, Pausen und Entfernungen an Wegwerf-Downloads von einem lokalen Testserver; Ihre Downloads bleiben unberührt</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>The raw counters behind the summary</source>
        <translation>Die Rohzähler hinter der Zusammenfassung</translation>
    </message>
    <message>
        <source>Checks that Haul stays correct when it is hammered. It downloads throwaway files from a slow test server on this computer (your downloads are not touched) and, at random moments, cancels, pauses, resumes and removes them and opens and closes their detail tabs in the background. Then it closes everything and checks that every download ended properly.</source>
        <translation>Prüft, dass Haul unter Dauerbeschuss korrekt bleibt. Es lädt Wegwerf-Dateien von einem langsamen Testserver auf diesem Computer herunter (Ihre Downloads bleiben unberührt), bricht sie zu zufälligen Zeitpunkten ab, pausiert, setzt fort und entfernt sie und öffnet und schließt im Hintergrund ihre Detail-Tabs. Danach schließt es alles und prüft, dass jeder Download ordnungsgemäß endete.</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>Läuft…</translation>
    </message>
    <message>
        <source>Closing everything and checking…</source>
        <translation>Alles wird geschlossen und geprüft…</translation>
    </message>
    <message>
        <source>Passed: everything held.</source>
        <translation>Bestanden: alles hat gehalten.</translation>
    </message>
    <message>
        <source>Failed: something did not hold.</source>
        <translation>Fehlgeschlagen: etwas hat nicht gehalten.</translation>
    </message>
    <message>
        <source>Tried %1 cancels, pauses, resumes and removals at random moments on %2 downloads in %3 s, and opened and closed %4 detail tabs.</source>
        <translation>%1 Abbrüche, Pausen, Fortsetzungen und Entfernungen zu zufälligen Zeitpunkten an %2 Downloads in %3 s versucht und %4 Detail-Tabs geöffnet und geschlossen.</translation>
    </message>
    <message>
        <source>Every start, pause and cancel ended exactly once.</source>
        <translation>Jeder Start, jede Pause und jeder Abbruch endete genau einmal.</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) had an action that did not end exactly once.</source>
        <translation>
            <numerusform>%n Download hatte eine Aktion, die nicht genau einmal endete.</numerusform>
            <numerusform>%n Downloads hatten eine Aktion, die nicht genau einmal endete.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing arrived for a download after it was closed.</source>
        <translation>Nach dem Schließen eines Downloads kam für ihn nichts mehr an.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) arrived after their download was closed.</source>
        <translation>
            <numerusform>%n Meldung kam nach dem Schließen ihres Downloads an.</numerusform>
            <numerusform>%n Meldungen kamen nach dem Schließen ihres Downloads an.</numerusform>
        </translation>
    </message>
    <message>
        <source>Nothing reached a detail tab after it was closed.</source>
        <translation>Nach dem Schließen eines Detail-Tabs erreichte ihn nichts mehr.</translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) reached a detail tab after it was closed.</source>
        <translation>
            <numerusform>%n Meldung erreichte einen Detail-Tab nach dessen Schließen.</numerusform>
            <numerusform>%n Meldungen erreichten einen Detail-Tab nach dessen Schließen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every download was closed and nothing was left running.</source>
        <translation>Jeder Download wurde geschlossen, und nichts lief weiter.</translation>
    </message>
    <message numerus="yes">
        <source>Not everything was closed: %n download(s) never closed.</source>
        <translation>
            <numerusform>Nicht alles wurde geschlossen: %n Download wurde nie geschlossen.</numerusform>
            <numerusform>Nicht alles wurde geschlossen: %n Downloads wurden nie geschlossen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Random seed: %1.</source>
        <translation>Zufallsstartwert: %1.</translation>
    </message>
</context>
<context>
    <name>haul::ui::AddDownloadsDialog</name>
    <message>
        <source>&amp;Start now</source>
        <translation>Sofort &amp;starten</translation>
    </message>
    <message>
        <source>Allow an &amp;unverified certificate (self-signed)</source>
        <translation>Un&amp;geprüftes Zertifikat zulassen (selbst signiert)</translation>
    </message>
    <message>
        <source>Allow a redirect from https:// to unencrypted &amp;http://</source>
        <translation>Weiterleitung von https:// auf unverschlüsseltes http:// &amp;zulassen</translation>
    </message>
    <message>
        <source>Add Downloads</source>
        <translation>Downloads hinzufügen</translation>
    </message>
    <message>
        <source>&amp;URLs, one per line (Shift+Enter: new line, Enter: download):</source>
        <translation>&amp;URLs, eine pro Zeile (Umschalt+Eingabe: neue Zeile, Eingabe: herunterladen):</translation>
    </message>
    <message>
        <source>https://example.org/file.iso
https://example.org/other.zip</source>
        <translation>https://example.org/file.iso
https://example.org/other.zip</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>&amp;Durchsuchen…</translation>
    </message>
    <message>
        <source>Save &amp;to:</source>
        <translation>Speichern &amp;in:</translation>
    </message>
    <message>
        <source>Parallel connections per download, when the server allows ranges</source>
        <translation>Parallele Verbindungen pro Download, wenn der Server Teilbereiche erlaubt</translation>
    </message>
    <message>
        <source>&amp;Connections:</source>
        <translation>&amp;Verbindungen:</translation>
    </message>
    <message>
        <source>optional, e.g. sha-256=9f86d081884c7d65…</source>
        <translation>optional, z. B. sha-256=9f86d081884c7d65…</translation>
    </message>
    <message>
        <source>The file gets its name only if its digest matches; sha-256, sha-512, sha-1 or md5. One download at a time.</source>
        <translation>Die Datei erhält ihren Namen nur, wenn ihre Prüfsumme stimmt; sha-256, sha-512, sha-1 oder md5. Nur für einen Download auf einmal.</translation>
    </message>
    <message>
        <source>C&amp;hecksum:</source>
        <translation>&amp;Prüfsumme:</translation>
    </message>
    <message>
        <source>optional, one per line, e.g. Cookie: session=…</source>
        <translation>optional, eine pro Zeile, z. B. Cookie: session=…</translation>
    </message>
    <message>
        <source>Request headers a server needs for these downloads (a cookie, a referer); sent on every connection and kept with the download.</source>
        <translation>Anfrage-Header, die ein Server für diese Downloads braucht (ein Cookie, ein Referer); bei jeder Verbindung gesendet und mit dem Download gespeichert.</translation>
    </message>
    <message>
        <source>H&amp;eaders:</source>
        <translation>&amp;Header:</translation>
    </message>
    <message>
        <source>Unchecked: the downloads are added paused; Resume starts them.</source>
        <translation>Nicht angehakt: Die Downloads werden pausiert hinzugefügt; „Fortsetzen“ startet sie.</translation>
    </message>
    <message>
        <source>Warning: anyone between you and the server could then send you a different file. Use it only for a server you know (your own NAS, a test server), never for the public internet.</source>
        <translation>Warnung: Dann könnte Ihnen jeder zwischen Ihnen und dem Server eine andere Datei unterschieben. Nur für einen Server verwenden, den Sie kennen (Ihr eigenes NAS, einen Testserver), nie im öffentlichen Internet.</translation>
    </message>
    <message>
        <source>Off, a secure address that redirects to an unencrypted one fails with a message: the request and the file would cross the network readable by anyone on the way.</source>
        <translation>Aus: Eine sichere Adresse, die auf eine unverschlüsselte weiterleitet, schlägt mit einer Meldung fehl, denn Anfrage und Datei wären unterwegs für jeden lesbar.</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>He&amp;runterladen</translation>
    </message>
    <message>
        <source>No URL yet.</source>
        <translation>Noch keine URL.</translation>
    </message>
    <message>
        <source>Line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>Choose a folder to save to.</source>
        <translation>Wählen Sie einen Zielordner.</translation>
    </message>
    <message>
        <source>A checksum belongs to one file: add one URL with it.</source>
        <translation>Eine Prüfsumme gehört zu einer Datei: Fügen Sie nur eine URL damit hinzu.</translation>
    </message>
    <message>
        <source>The checksum is not valid; write ALGO=HEX.</source>
        <translation>Die Prüfsumme ist ungültig; schreiben Sie ALGO=HEX.</translation>
    </message>
    <message>
        <source>1 download</source>
        <translation>1 Download</translation>
    </message>
    <message>
        <source>%1 downloads</source>
        <translation>%1 Downloads</translation>
    </message>
    <message>
        <source>Save Downloads To</source>
        <translation>Downloads speichern in</translation>
    </message>
    <message>
        <source>Use this folder for later downloads too</source>
        <translation>Diesen Ordner auch für spätere Downloads verwenden</translation>
    </message>
    <message>
        <source>Off: the folder is for these downloads only; Settings keeps the default one.</source>
        <translation>Aus: Der Ordner gilt nur für diese Downloads; die Einstellungen behalten den Standardordner.</translation>
    </message>
</context>
<context>
    <name>haul::ui::Categories</name>
    <message>
        <source>Video</source>
        <translation>Videos</translation>
    </message>
    <message>
        <source>Music</source>
        <translation>Musik</translation>
    </message>
    <message>
        <source>Archives</source>
        <translation>Archive</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>Programs</source>
        <translation>Programme</translation>
    </message>
</context>
<context>
    <name>haul::ui::CategoriesPage</name>
    <message>
        <source>A new download goes to the folder of the first category that matches its file type or its site, unless you choose a folder in the Add dialog. An empty folder means a folder named after the category inside the download folder.</source>
        <translation>Ein neuer Download landet im Ordner der ersten Kategorie, die zu seinem Dateityp oder seiner Website passt, sofern Sie im Hinzufügen-Dialog keinen Ordner wählen. Ein leerer Ordner steht für einen nach der Kategorie benannten Ordner im Download-Ordner.</translation>
    </message>
    <message>
        <source>Save new downloads in their category&apos;s folder</source>
        <translation>Neue Downloads im Ordner ihrer Kategorie speichern</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>File types</source>
        <translation>Dateitypen</translation>
    </message>
    <message>
        <source>Sites</source>
        <translation>Websites</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Extensions, separated by commas: mp4, mkv, tar.gz</source>
        <translation>Endungen, durch Kommas getrennt: mp4, mkv, tar.gz</translation>
    </message>
    <message>
        <source>Sites, separated by commas: example.com (with its subdomains), *.example.com (only its subdomains)</source>
        <translation>Websites, durch Kommas getrennt: example.com (mit Subdomains), *.example.com (nur die Subdomains)</translation>
    </message>
    <message>
        <source>Empty: a folder named after the category inside the download folder</source>
        <translation>Leer: ein nach der Kategorie benannter Ordner im Download-Ordner</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>The first category that matches wins</source>
        <translation>Die erste passende Kategorie gewinnt</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Standard wiederherstellen</translation>
    </message>
    <message>
        <source>New category</source>
        <translation>Neue Kategorie</translation>
    </message>
</context>
<context>
    <name>haul::ui::DetailTab</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>URL:</source>
        <translation>URL:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Größe:</translation>
    </message>
    <message>
        <source>State:</source>
        <translation>Status:</translation>
    </message>
    <message>
        <source>Speed:</source>
        <translation>Geschwindigkeit:</translation>
    </message>
    <message>
        <source>Time left:</source>
        <translation>Restzeit:</translation>
    </message>
    <message>
        <source>HTTP status:</source>
        <translation>HTTP-Status:</translation>
    </message>
    <message>
        <source>Message:</source>
        <translation>Meldung:</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>Letzte Minute</translation>
    </message>
    <message>
        <source>Last 10 minutes</source>
        <translation>Letzte 10 Minuten</translation>
    </message>
    <message>
        <source>Event trace</source>
        <translation>Ereignisprotokoll</translation>
    </message>
    <message>
        <source>Every event the engine delivered for this download (from before this tab opened, all but progress); each operation ends in exactly one completion (bold), and closed is always last.</source>
        <translation>Jedes Ereignis, das die Engine für diesen Download geliefert hat (auch vor dem Öffnen dieses Tabs, alle außer Fortschritt); jeder Vorgang endet mit genau einem Abschluss (fett), und „closed“ kommt immer zuletzt.</translation>
    </message>
    <message>
        <source>Show progress</source>
        <translation>Fortschritt zeigen</translation>
    </message>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n Ereignis</numerusform>
            <numerusform>%n Ereignisse</numerusform>
        </translation>
    </message>
    <message>
        <source>Average %1 · peak %2</source>
        <translation>Durchschnitt %1 · Spitze %2</translation>
    </message>
    <message>
        <source>Idle</source>
        <translation>Inaktiv</translation>
    </message>
    <message>
        <source>Removed from the list</source>
        <translation>Aus der Liste entfernt</translation>
    </message>
    <message>
        <source>%1 (in progress)</source>
        <translation>%1 (läuft)</translation>
    </message>
    <message>
        <source>%1 of %2 (%3%)</source>
        <translation>%1 von %2 (%3 %)</translation>
    </message>
    <message>
        <source>%1 (size unknown)</source>
        <translation>%1 (Größe unbekannt)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Stop this download for good and delete its partial file (Pause keeps it)</source>
        <translation>Diesen Download endgültig anhalten und seine Teildatei löschen (Pausieren behält sie)</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmente</translation>
    </message>
    <message>
        <source>The whole file, left to right: filled where the bytes are here; each open connection&apos;s range outlined, with a line where it has got to</source>
        <translation>Die ganze Datei von links nach rechts: gefüllt, wo die Bytes schon da sind; der Bereich jeder offenen Verbindung umrandet, mit einer Linie, wo sie gerade steht</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>Bereich</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Empfangen</translation>
    </message>
    <message>
        <source>Known once the download runs in this session</source>
        <translation>Bekannt, sobald der Download in dieser Sitzung läuft</translation>
    </message>
    <message>
        <source>%1 of %2 here</source>
        <translation>%1 von %2 vorhanden</translation>
    </message>
    <message>
        <source>%1 here</source>
        <translation>%1 vorhanden</translation>
    </message>
    <message>
        <source>%1 in %2 ranges</source>
        <translation>%1 in %2 Bereichen</translation>
    </message>
    <message>
        <source>no connection open</source>
        <translation>keine Verbindung offen</translation>
    </message>
    <message>
        <source>1 connection open</source>
        <translation>1 Verbindung offen</translation>
    </message>
    <message>
        <source>%1 connections open</source>
        <translation>%1 Verbindungen offen</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>%1 – %2</source>
        <translation>%1 – %2</translation>
    </message>
    <message>
        <source>%1 – end</source>
        <translation>%1 – Ende</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 (not downloaded)</source>
        <translation>%1 (nicht heruntergeladen)</translation>
    </message>
    <message>
        <source>%1 (cancelled)</source>
        <translation>%1 (abgebrochen)</translation>
    </message>
    <message>
        <source>%1 (paused; the bytes so far are kept)</source>
        <translation>%1 (pausiert; die bisherigen Bytes bleiben erhalten)</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
</context>
<context>
    <name>haul::ui::DetailTabs</name>
    <message>
        <source>Next Tab</source>
        <translation>Nächster Tab</translation>
    </message>
    <message>
        <source>Ctrl+Tab</source>
        <translation>Ctrl+Tab</translation>
    </message>
    <message>
        <source>Ctrl+PgDown</source>
        <translation>Ctrl+PgDown</translation>
    </message>
    <message>
        <source>Previous Tab</source>
        <translation>Vorheriger Tab</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Tab</source>
        <translation>Ctrl+Shift+Tab</translation>
    </message>
    <message>
        <source>Ctrl+PgUp</source>
        <translation>Ctrl+PgUp</translation>
    </message>
    <message>
        <source>Close Tab</source>
        <translation>Tab schließen</translation>
    </message>
    <message>
        <source>Ctrl+W</source>
        <translation>Ctrl+W</translation>
    </message>
    <message>
        <source>Close the current detail tab (the Downloads tab stays)</source>
        <translation>Den aktuellen Detail-Tab schließen (der Downloads-Tab bleibt)</translation>
    </message>
    <message>
        <source>Close All Detail Tabs</source>
        <translation>Alle Detail-Tabs schließen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+W</source>
        <translation>Ctrl+Shift+W</translation>
    </message>
    <message>
        <source>All tabs</source>
        <translation>Alle Tabs</translation>
    </message>
</context>
<context>
    <name>haul::ui::DownloadsPage</name>
    <message>
        <source>Search by name or URL</source>
        <translation>Nach Name oder URL suchen</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;font-size:large&apos;&gt;No downloads yet&lt;/p&gt;&lt;p&gt;Press &lt;b&gt;%1&lt;/b&gt; or drop links here to add some.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;font-size:large&apos;&gt;Noch keine Downloads&lt;/p&gt;&lt;p&gt;Drücken Sie &lt;b&gt;%1&lt;/b&gt; oder ziehen Sie Links hierher, um welche hinzuzufügen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p style=&apos;font-size:large&apos;&gt;Nothing matches&lt;/p&gt;&lt;p&gt;Choose another category or clear the search.&lt;/p&gt;</source>
        <translation>&lt;p style=&apos;font-size:large&apos;&gt;Keine Treffer&lt;/p&gt;&lt;p&gt;Wählen Sie eine andere Kategorie oder leeren Sie die Suche.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>haul::ui::EngineClient</name>
    <message>
        <source>Haul is shutting down; the download was not added.</source>
        <translation>Haul wird beendet; der Download wurde nicht hinzugefügt.</translation>
    </message>
    <message>
        <source>The download could not be added: %1</source>
        <translation>Der Download konnte nicht hinzugefügt werden: %1</translation>
    </message>
    <message>
        <source>Haul is shutting down; the address was not changed.</source>
        <translation>Haul wird beendet; die Adresse wurde nicht geändert.</translation>
    </message>
    <message>
        <source>The address can be changed only while the download is stopped.</source>
        <translation>Die Adresse lässt sich nur ändern, während der Download angehalten ist.</translation>
    </message>
    <message>
        <source>every setting (Haul is shutting down)</source>
        <translation>alle Einstellungen (Haul wird beendet)</translation>
    </message>
</context>
<context>
    <name>haul::ui::EventTraceModel</name>
    <message>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>bytes %1</source>
        <translation>Bytes %1</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>gesamt %1</translation>
    </message>
    <message>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <source>curl %1</source>
        <translation>curl %1</translation>
    </message>
</context>
<context>
    <name>haul::ui::FilterList</name>
    <message>
        <source>Paused and cancelled downloads</source>
        <translation>Pausierte und abgebrochene Downloads</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Kategorien</translation>
    </message>
    <message>
        <source>Rules by file type or site, edited in Settings</source>
        <translation>Regeln nach Dateityp oder Website, bearbeitet in den Einstellungen</translation>
    </message>
</context>
<context>
    <name>haul::ui::ListImport</name>
    <message>
        <source>Import URLs…</source>
        <translation>URLs importieren…</translation>
    </message>
    <message>
        <source>Export URLs…</source>
        <translation>URLs exportieren…</translation>
    </message>
    <message>
        <source>Add the URLs of a text file, one a line</source>
        <translation>Die URLs einer Textdatei hinzufügen, eine pro Zeile</translation>
    </message>
    <message>
        <source>Save the selected downloads&apos; URLs (all when none is selected) to a text file</source>
        <translation>Die URLs der ausgewählten Downloads (aller, wenn keiner ausgewählt ist) in einer Textdatei speichern</translation>
    </message>
    <message>
        <source>There are no downloads to export.</source>
        <translation>Es gibt keine Downloads zum Exportieren.</translation>
    </message>
    <message>
        <source>Text files (*.txt);;All files (*)</source>
        <translation>Textdateien (*.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Import URLs</source>
        <translation>URLs importieren</translation>
    </message>
    <message numerus="yes">
        <source>Export %n URL(s)</source>
        <translation>
            <numerusform>%n URL exportieren</numerusform>
            <numerusform>%n URLs exportieren</numerusform>
        </translation>
    </message>
    <message>
        <source>Haul</source>
        <translation>Haul</translation>
    </message>
    <message>
        <source>%1 cannot be read: %2.</source>
        <translation>%1 kann nicht gelesen werden: %2.</translation>
    </message>
    <message>
        <source>%1 is too large for a list of URLs.</source>
        <translation>%1 ist für eine URL-Liste zu groß.</translation>
    </message>
    <message>
        <source>%1 cannot be written: %2.</source>
        <translation>%1 kann nicht geschrieben werden: %2.</translation>
    </message>
    <message>
        <source>%1 holds no URLs (one a line; lines starting with # are skipped).</source>
        <translation>%1 enthält keine URLs (eine pro Zeile; Zeilen, die mit # beginnen, werden übersprungen).</translation>
    </message>
    <message>
        <source>Imported from %1. Check them, then choose Download.</source>
        <translation>Aus %1 importiert. Prüfen Sie sie und wählen Sie dann „Herunterladen“.</translation>
    </message>
</context>
<context>
    <name>haul::ui::MainWindow</name>
    <message>
        <source>Haul</source>
        <translation>Haul</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>The download list could not be read (%1). New downloads still work.</source>
        <translation>Die Downloadliste konnte nicht gelesen werden (%1). Neue Downloads funktionieren trotzdem.</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <source>Add downloads (%1)</source>
        <translation>Downloads hinzufügen (%1)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Download folder, limits, connections, proxy, tray</source>
        <translation>Download-Ordner, Begrenzungen, Verbindungen, Proxy, Systemabschnitt</translation>
    </message>
    <message>
        <source>Main</source>
        <translation>Werkzeugleiste</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Downloads</source>
        <translation>Do&amp;wnloads</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>Settings saved and applied.</source>
        <translation>Einstellungen gespeichert und übernommen.</translation>
    </message>
    <message>
        <source>Settings saved. Not applied: %1.</source>
        <translation>Einstellungen gespeichert. Nicht übernommen: %1.</translation>
    </message>
    <message>
        <source>Another program asked Haul to download these. Check them, then choose Download; nothing starts before you do.</source>
        <translation>Ein anderes Programm hat Haul gebeten, diese herunterzuladen. Prüfen Sie sie und wählen Sie dann „Herunterladen“; vorher startet nichts.</translation>
    </message>
    <message>
        <source>&lt;p&gt;The folder %1 cannot be created; choose another one.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Der Ordner %1 kann nicht angelegt werden; wählen Sie einen anderen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The download was not added.</source>
        <translation>Der Download wurde nicht hinzugefügt.</translation>
    </message>
    <message>
        <source>No download was added.</source>
        <translation>Es wurde kein Download hinzugefügt.</translation>
    </message>
    <message>
        <source>%1 of %2 downloads were not added.</source>
        <translation>%1 von %2 Downloads wurden nicht hinzugefügt.</translation>
    </message>
    <message>
        <source>%1 queued</source>
        <translation>%1 wartend</translation>
    </message>
    <message>
        <source>%1 paused</source>
        <translation>%1 pausiert</translation>
    </message>
    <message>
        <source>%1 failed</source>
        <translation>%1 fehlgeschlagen</translation>
    </message>
    <message>
        <source>Copied to the clipboard. Choose Download to add them.</source>
        <translation>In die Zwischenablage kopiert. Wählen Sie „Herunterladen“, um sie hinzuzufügen.</translation>
    </message>
    <message>
        <source>Ctrl+,</source>
        <translation>Ctrl+,</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>Quit Haul</source>
        <translation>Haul beenden</translation>
    </message>
    <message>
        <source>A download is still running or queued. Quit anyway?</source>
        <translation>Ein Download läuft noch oder wartet. Trotzdem beenden?</translation>
    </message>
    <message>
        <source>%1 downloads are still running or queued. Quit anyway?</source>
        <translation>%1 Downloads laufen noch oder warten. Trotzdem beenden?</translation>
    </message>
    <message>
        <source>They stop, keeping their bytes, and continue when Haul starts again.</source>
        <translation>Sie halten an, behalten ihre Bytes und laufen weiter, wenn Haul wieder startet.</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>The category&apos;s folder %1 cannot be created.</source>
        <translation>Der Ordner der Kategorie, %1, kann nicht angelegt werden.</translation>
    </message>
    <message>
        <source>%1 downloading</source>
        <translation>%1 aktiv</translation>
    </message>
    <message>
        <source>%1 cancelled</source>
        <translation>%1 abgebrochen</translation>
    </message>
    <message>
        <source>%1 done</source>
        <translation>%1 fertig</translation>
    </message>
    <message>
        <source>%1 downloads in the list</source>
        <translation>%1 Downloads in der Liste</translation>
    </message>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
<context>
    <name>haul::ui::ScheduleDriver</name>
    <message numerus="yes">
        <source>Outside the download hours: %n download(s) paused until they begin.</source>
        <translation>
            <numerusform>Außerhalb der Downloadzeiten: %n Download bis zu ihrem Beginn pausiert.</numerusform>
            <numerusform>Außerhalb der Downloadzeiten: %n Downloads bis zu ihrem Beginn pausiert.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Download hours began: %n download(s) resumed.</source>
        <translation>
            <numerusform>Die Downloadzeiten haben begonnen: %n Download fortgesetzt.</numerusform>
            <numerusform>Die Downloadzeiten haben begonnen: %n Downloads fortgesetzt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>haul::ui::ScheduleWidget</name>
    <message>
        <source>Download hours</source>
        <translation>Downloadzeiten</translation>
    </message>
    <message>
        <source>Download only during these hours</source>
        <translation>Nur zu diesen Zeiten herunterladen</translation>
    </message>
    <message>
        <source>Outside them, running and queued downloads are paused, keeping their bytes, and resume when the hours begin. A download you start yourself runs anyway. An end earlier than the start runs past midnight.</source>
        <translation>Außerhalb davon werden laufende und wartende Downloads pausiert, behalten ihre Bytes und werden fortgesetzt, wenn die Zeiten beginnen. Ein Download, den Sie selbst starten, läuft trotzdem. Ein Ende vor dem Beginn reicht über Mitternacht hinaus.</translation>
    </message>
    <message>
        <source>Alternative speed limit</source>
        <translation>Alternative Geschwindigkeitsbegrenzung</translation>
    </message>
    <message>
        <source>Limit all downloads to</source>
        <translation>Alle Downloads begrenzen auf</translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>during these hours</source>
        <translation>zu diesen Zeiten</translation>
    </message>
    <message>
        <source>It replaces the global speed limit while it applies.</source>
        <translation>Sie ersetzt die globale Geschwindigkeitsbegrenzung, solange sie gilt.</translation>
    </message>
    <message>
        <source>Do nothing</source>
        <translation>Nichts tun</translation>
    </message>
    <message>
        <source>Quit Haul</source>
        <translation>Haul beenden</translation>
    </message>
    <message>
        <source>When all downloads are done:</source>
        <translation>Wenn alle Downloads fertig sind:</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
</context>
<context>
    <name>haul::ui::SegmentMapWidget</name>
    <message>
        <source>No segment map</source>
        <translation>Keine Segmentkarte</translation>
    </message>
    <message>
        <source>The size is not known yet</source>
        <translation>Die Größe ist noch nicht bekannt</translation>
    </message>
</context>
<context>
    <name>haul::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Save files to:</source>
        <translation>Dateien speichern in:</translation>
    </message>
    <message>
        <source>The others wait in the queue.</source>
        <translation>Die übrigen warten in der Warteschlange.</translation>
    </message>
    <message>
        <source>Downloads at once:</source>
        <translation>Gleichzeitige Downloads:</translation>
    </message>
    <message>
        <source>Connections per download:</source>
        <translation>Verbindungen pro Download:</translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Global speed limit:</source>
        <translation>Globale Geschwindigkeitsbegrenzung:</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source>How often a transient failure (timeout, 503, reset) is retried</source>
        <translation>Wie oft ein vorübergehender Fehler (Zeitüberschreitung, 503, Verbindungsabbruch) wiederholt wird</translation>
    </message>
    <message>
        <source>Retries:</source>
        <translation>Wiederholungen:</translation>
    </message>
    <message>
        <source> MiB</source>
        <translation> MiB</translation>
    </message>
    <message>
        <source>No limit</source>
        <translation>Keine Begrenzung</translation>
    </message>
    <message>
        <source>A download that turns out larger fails with a message, also one whose server never says its size and never ends</source>
        <translation>Ein Download, der sich als größer herausstellt, schlägt mit einer Meldung fehl, ebenso einer, dessen Server die Größe nie nennt und der nie endet</translation>
    </message>
    <message>
        <source>Largest file:</source>
        <translation>Größte Datei:</translation>
    </message>
    <message>
        <source>none, or http://host:port, socks5://host:port</source>
        <translation>keiner, oder http://host:port, socks5://host:port</translation>
    </message>
    <message>
        <source>Proxy:</source>
        <translation>Proxy:</translation>
    </message>
    <message>
        <source>Start handed-over downloads at once</source>
        <translation>Übergebene Downloads sofort starten</translation>
    </message>
    <message>
        <source>Off: addresses another program hands to Haul (a browser, “haul URL” while Haul runs) open the Add dialog, filled in, and start only when you confirm.</source>
        <translation>Aus: Adressen, die ein anderes Programm an Haul übergibt (ein Browser, „haul URL“, während Haul läuft), öffnen den ausgefüllten Hinzufügen-Dialog und starten erst, wenn Sie bestätigen.</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>Fenster</translation>
    </message>
    <message>
        <source>Closing the window keeps Haul running in the tray</source>
        <translation>Beim Schließen des Fensters läuft Haul im Systemabschnitt weiter</translation>
    </message>
    <message>
        <source>This desktop has no system tray</source>
        <translation>Diese Arbeitsfläche hat keinen Systemabschnitt</translation>
    </message>
    <message>
        <source>Notify when a download finishes or fails</source>
        <translation>Benachrichtigen, wenn ein Download fertig ist oder fehlschlägt</translation>
    </message>
    <message>
        <source>Save files to</source>
        <translation>Dateien speichern in</translation>
    </message>
    <message>
        <source>This desktop has no system tray: Haul cannot stay in it or show notifications.</source>
        <translation>Diese Arbeitsfläche hat keinen Systemabschnitt: Haul kann dort weder bleiben noch Benachrichtigungen zeigen.</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>Rückfragen</translation>
    </message>
    <message>
        <source>Ask before removing downloads from the list</source>
        <translation>Vor dem Entfernen von Downloads aus der Liste fragen</translation>
    </message>
    <message>
        <source>Remove and delete files always asks.</source>
        <translation>„Entfernen und Dateien löschen“ fragt immer nach.</translation>
    </message>
    <message>
        <source>Ask before quitting while downloads are running</source>
        <translation>Vor dem Beenden fragen, wenn Downloads laufen</translation>
    </message>
    <message>
        <source>Downloads stopped by quitting continue when Haul starts again.</source>
        <translation>Durch das Beenden angehaltene Downloads laufen weiter, wenn Haul wieder startet.</translation>
    </message>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Kategorien</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>Offer links copied to the clipboard</source>
        <translation>In die Zwischenablage kopierte Links anbieten</translation>
    </message>
    <message>
        <source>When you copy a link to a file of one of these types in another program, Haul opens the Add dialog with it, without taking the focus. Nothing starts before you choose Download.</source>
        <translation>Wenn Sie in einem anderen Programm einen Link auf eine Datei eines dieser Typen kopieren, öffnet Haul damit den Hinzufügen-Dialog, ohne den Fokus zu übernehmen. Nichts startet, bevor Sie „Herunterladen“ wählen.</translation>
    </message>
    <message>
        <source>the categories&apos; file types</source>
        <translation>die Dateitypen der Kategorien</translation>
    </message>
    <message>
        <source>Extensions, separated by commas; empty: every file type of the categories</source>
        <translation>Endungen, durch Kommas getrennt; leer: alle Dateitypen der Kategorien</translation>
    </message>
    <message>
        <source>File types:</source>
        <translation>Dateitypen:</translation>
    </message>
    <message>
        <source>Clipboard</source>
        <translation>Zwischenablage</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>System: the desktop&apos;s style and colours. Light and Dark: Haul&apos;s own, whatever the desktop uses.</source>
        <translation>System: Stil und Farben des Desktops. Hell und Dunkel: Hauls eigene, gleich welcher Desktop.</translation>
    </message>
    <message>
        <source>&amp;Theme:</source>
        <translation>&amp;Design:</translation>
    </message>
</context>
<context>
    <name>haul::ui::SpeedGraph</name>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>-%1 min</source>
        <translation>-%1 min</translation>
    </message>
    <message>
        <source>-%1 s</source>
        <translation>-%1 s</translation>
    </message>
    <message>
        <source>No samples yet</source>
        <translation>Noch keine Messwerte</translation>
    </message>
</context>
<context>
    <name>haul::ui::StoreWorker</name>
    <message>
        <source> Remove this download from the list and add it again.</source>
        <translation> Entfernen Sie diesen Download aus der Liste und fügen Sie ihn erneut hinzu.</translation>
    </message>
    <message>
        <source>Not restored: the folder “%1” in the download list is not an absolute path.</source>
        <translation>Nicht wiederhergestellt: Der Ordner „%1“ in der Downloadliste ist kein absoluter Pfad.</translation>
    </message>
    <message>
        <source>Not restored: the folder “%1” from the download list does not exist.</source>
        <translation>Nicht wiederhergestellt: Der Ordner „%1“ aus der Downloadliste existiert nicht.</translation>
    </message>
    <message>
        <source>Not restored: the folder “%1” from the download list cannot be checked (%2).</source>
        <translation>Nicht wiederhergestellt: Der Ordner „%1“ aus der Downloadliste kann nicht geprüft werden (%2).</translation>
    </message>
    <message>
        <source>Not restored: “%1” from the download list is not a folder.</source>
        <translation>Nicht wiederhergestellt: „%1“ aus der Downloadliste ist kein Ordner.</translation>
    </message>
    <message>
        <source>Not restored: you cannot write to the folder “%1” from the download list.</source>
        <translation>Nicht wiederhergestellt: Sie können nicht in den Ordner „%1“ aus der Downloadliste schreiben.</translation>
    </message>
</context>
<context>
    <name>haul::ui::TransferActions</name>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Ctrl+R</source>
        <translation>Ctrl+R</translation>
    </message>
    <message>
        <source>Start or resume the selected downloads</source>
        <translation>Die ausgewählten Downloads starten oder fortsetzen</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Ctrl+P</source>
        <translation>Ctrl+P</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove the selected downloads from the list (files stay on disk)</source>
        <translation>Die ausgewählten Downloads aus der Liste entfernen (die Dateien bleiben erhalten)</translation>
    </message>
    <message>
        <source>Pause or Resume</source>
        <translation>Pausieren oder fortsetzen</translation>
    </message>
    <message>
        <source>Pause running downloads or resume stopped ones</source>
        <translation>Laufende Downloads pausieren oder angehaltene fortsetzen</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Ctrl+I</source>
        <translation>Ctrl+I</translation>
    </message>
    <message>
        <source>Open a tab with the speed graph and the event trace</source>
        <translation>Einen Tab mit Geschwindigkeitsverlauf und Ereignisprotokoll öffnen</translation>
    </message>
    <message>
        <source>Move Up</source>
        <translation>Nach oben</translation>
    </message>
    <message>
        <source>Ctrl+Up</source>
        <translation>Ctrl+Up</translation>
    </message>
    <message>
        <source>Start the selected queued download sooner</source>
        <translation>Den ausgewählten wartenden Download früher starten</translation>
    </message>
    <message>
        <source>Move Down</source>
        <translation>Nach unten</translation>
    </message>
    <message>
        <source>Ctrl+Down</source>
        <translation>Ctrl+Down</translation>
    </message>
    <message>
        <source>Start the selected queued download later</source>
        <translation>Den ausgewählten wartenden Download später starten</translation>
    </message>
    <message>
        <source>Speed Limit…</source>
        <translation>Geschwindigkeitsbegrenzung…</translation>
    </message>
    <message>
        <source>Limit the speed of the selected downloads</source>
        <translation>Die Geschwindigkeit der ausgewählten Downloads begrenzen</translation>
    </message>
    <message>
        <source>Change Address…</source>
        <translation>Adresse ändern…</translation>
    </message>
    <message>
        <source>Give a stopped download a new address (an expired link, a mirror); the bytes on disk are kept when the server has the same file</source>
        <translation>Einem angehaltenen Download eine neue Adresse geben (ein abgelaufener Link, ein Spiegelserver); die Bytes auf dem Datenträger bleiben erhalten, wenn der Server dieselbe Datei hat</translation>
    </message>
    <message>
        <source>Start All</source>
        <translation>Alle starten</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>Pause All</source>
        <translation>Alle pausieren</translation>
    </message>
    <message>
        <source>Ctrl+Shift+P</source>
        <translation>Ctrl+Shift+P</translation>
    </message>
    <message>
        <source>Pause every running or queued download</source>
        <translation>Alle laufenden und wartenden Downloads pausieren</translation>
    </message>
    <message>
        <source>Open File</source>
        <translation>Datei öffnen</translation>
    </message>
    <message>
        <source>Open the downloaded file</source>
        <translation>Die heruntergeladene Datei öffnen</translation>
    </message>
    <message>
        <source>Open Containing Folder</source>
        <translation>Enthaltenden Ordner öffnen</translation>
    </message>
    <message>
        <source>Show the folder the file was saved to</source>
        <translation>Den Ordner zeigen, in dem die Datei gespeichert wurde</translation>
    </message>
    <message>
        <source>Copy URL</source>
        <translation>URL kopieren</translation>
    </message>
    <message>
        <source>Copy the address of the selected downloads</source>
        <translation>Die Adresse der ausgewählten Downloads kopieren</translation>
    </message>
    <message>
        <source>Pause or cancel the download before changing its address.</source>
        <translation>Pausieren oder brechen Sie den Download ab, bevor Sie seine Adresse ändern.</translation>
    </message>
    <message>
        <source>Speed Limit</source>
        <translation>Geschwindigkeitsbegrenzung</translation>
    </message>
    <message>
        <source>Speed limit for this download:</source>
        <translation>Geschwindigkeitsbegrenzung für diesen Download:</translation>
    </message>
    <message>
        <source>Speed limit for each of the %1 downloads:</source>
        <translation>Geschwindigkeitsbegrenzung für jeden der %1 Downloads:</translation>
    </message>
    <message>
        <source> KiB/s</source>
        <translation> KiB/s</translation>
    </message>
    <message>
        <source>Unlimited</source>
        <translation>Unbegrenzt</translation>
    </message>
    <message>
        <source>Change Address</source>
        <translation>Adresse ändern</translation>
    </message>
    <message>
        <source>New address for %1:
(The bytes already on disk are kept when the server still has the same file.)</source>
        <translation>Neue Adresse für %1:
(Die Bytes auf dem Datenträger bleiben erhalten, wenn der Server noch dieselbe Datei hat.)</translation>
    </message>
    <message>
        <source>The address was not changed.</source>
        <translation>Die Adresse wurde nicht geändert.</translation>
    </message>
    <message>
        <source>Pause: stops, keeps the downloaded bytes to resume later</source>
        <translation>Pausieren: hält an und behält die heruntergeladenen Bytes, um später fortzusetzen</translation>
    </message>
    <message>
        <source>Ctrl+Shift+X</source>
        <translation>Ctrl+Shift+X</translation>
    </message>
    <message>
        <source>Cancel: stops for good and deletes the partial file; Restart downloads it again from the start</source>
        <translation>Abbrechen: hält endgültig an und löscht die Teildatei; „Neu starten“ lädt sie wieder von vorn herunter</translation>
    </message>
    <message>
        <source>Remove and Delete Files</source>
        <translation>Entfernen und Dateien löschen</translation>
    </message>
    <message>
        <source>Shift+Del</source>
        <translation>Shift+Del</translation>
    </message>
    <message>
        <source>Remove the selected downloads and delete their files (a partial .part too)</source>
        <translation>Die ausgewählten Downloads entfernen und ihre Dateien löschen (auch eine unfertige .part-Datei)</translation>
    </message>
    <message>
        <source>Resume every paused download</source>
        <translation>Alle pausierten Downloads fortsetzen</translation>
    </message>
    <message>
        <source>Force Start</source>
        <translation>Sofort starten</translation>
    </message>
    <message>
        <source>Start the selected downloads now, even when &quot;Downloads at once&quot; are already running; they do not count against it until they end</source>
        <translation>Die ausgewählten Downloads jetzt starten, auch wenn schon so viele laufen wie „Gleichzeitige Downloads“ erlaubt; bis sie enden, zählen sie nicht mit</translation>
    </message>
    <message>
        <source>Retry All Failed</source>
        <translation>Alle fehlgeschlagenen wiederholen</translation>
    </message>
    <message>
        <source>Start every failed download again, from the bytes it has</source>
        <translation>Jeden fehlgeschlagenen Download erneut starten, ab den vorhandenen Bytes</translation>
    </message>
    <message>
        <source>Clear Completed</source>
        <translation>Abgeschlossene entfernen</translation>
    </message>
    <message>
        <source>Remove finished downloads from the list (their files stay on disk)</source>
        <translation>Fertige Downloads aus der Liste entfernen (ihre Dateien bleiben erhalten)</translation>
    </message>
    <message>
        <source>Cancelled; the partial file was deleted. Restart downloads it again from the start.</source>
        <translation>Abgebrochen; die Teildatei wurde gelöscht. „Neu starten“ lädt sie wieder von vorn herunter.</translation>
    </message>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>und %n weiterer</numerusform>
            <numerusform>und %n weitere</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove “%1” from the list and delete its file?</source>
        <translation>„%1“ aus der Liste entfernen und die Datei löschen?</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n downloads from the list and delete their files?</source>
        <translation>
            <numerusform>%n Download aus der Liste entfernen und die Datei löschen?</numerusform>
            <numerusform>%n Downloads aus der Liste entfernen und ihre Dateien löschen?</numerusform>
        </translation>
    </message>
    <message>
        <source>There is no file on disk to delete.</source>
        <translation>Es gibt keine Datei zum Löschen.</translation>
    </message>
    <message>
        <source>These files are deleted (an unfinished download&apos;s partial .part file too). This cannot be undone.

%1</source>
        <translation>Diese Dateien werden gelöscht (bei einem unfertigen Download auch die .part-Teildatei). Das lässt sich nicht rückgängig machen.

%1</translation>
    </message>
    <message>
        <source>Remove and Delete</source>
        <translation>Entfernen und löschen</translation>
    </message>
    <message>
        <source>Remove “%1” from the list?</source>
        <translation>„%1“ aus der Liste entfernen?</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n downloads from the list?</source>
        <translation>
            <numerusform>%n Download aus der Liste entfernen?</numerusform>
            <numerusform>%n Downloads aus der Liste entfernen?</numerusform>
        </translation>
    </message>
    <message>
        <source>The files stay on disk, an unfinished download&apos;s partial .part file too. Remove and Delete Files (Shift+Del) deletes them.</source>
        <translation>Die Dateien bleiben erhalten, auch die .part-Teildatei eines unfertigen Downloads. „Entfernen und Dateien löschen“ (Umschalt+Entf) löscht sie.</translation>
    </message>
    <message>
        <source>The files stay on disk.</source>
        <translation>Die Dateien bleiben erhalten.</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>Neu starten</translation>
    </message>
    <message>
        <source>Download the cancelled downloads again from the start</source>
        <translation>Die abgebrochenen Downloads noch einmal von vorn herunterladen</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Try the failed downloads again, keeping the bytes on disk</source>
        <translation>Die fehlgeschlagenen Downloads erneut versuchen, die vorhandenen Bytes bleiben erhalten</translation>
    </message>
    <message>
        <source>Continue the selected downloads from the bytes on disk</source>
        <translation>Die ausgewählten Downloads ab den vorhandenen Bytes fortsetzen</translation>
    </message>
</context>
<context>
    <name>haul::ui::TransferFilterProxy</name>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Aktiv</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Angehalten</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>haul::ui::TransferListModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Tempo</translation>
    </message>
    <message>
        <source>ETA</source>
        <translation>Restzeit</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Gespeichert in %1</translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 von %2</translation>
    </message>
    <message>
        <source>%1 (size unknown)</source>
        <translation>%1 (Größe unbekannt)</translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Connecting</source>
        <translation>Verbindet</translation>
    </message>
    <message>
        <source>Retrying</source>
        <translation>Neuer Versuch</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>Lädt</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Fertig</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>The download could not be restarted.</source>
        <translation>Der Download konnte nicht neu gestartet werden.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>stalled</source>
        <translation>stockt</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>Hinzugefügt</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
    <message>
        <source>Folder</source>
        <translation>Ordner</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>Verbindungen</translation>
    </message>
    <message>
        <source>Limit</source>
        <translation>Begrenzung</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>Host</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1 %</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Almost no data is arriving (%1); the time left cannot be told.</source>
        <translation>Es kommen kaum Daten an (%1); die Restzeit lässt sich nicht abschätzen.</translation>
    </message>
    <message>
        <source>This download is limited to %1</source>
        <translation>Dieser Download ist auf %1 begrenzt</translation>
    </message>
    <message>
        <source>No limit of its own (the global limit applies)</source>
        <translation>Keine eigene Begrenzung (die globale gilt)</translation>
    </message>
    <message>
        <source>The download failed.</source>
        <translation>Der Download ist fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Redirected to %1</source>
        <translation>Weitergeleitet zu %1</translation>
    </message>
    <message>
        <source>Retrying: %1</source>
        <translation>Erneuter Versuch: %1</translation>
    </message>
</context>
<context>
    <name>haul::ui::TrayController</name>
    <message>
        <source>%1, %2 and %3 more</source>
        <translation>%1, %2 und %3 weitere</translation>
    </message>
    <message>
        <source>Hide Haul</source>
        <translation>Haul ausblenden</translation>
    </message>
    <message>
        <source>Pause All</source>
        <translation>Alle pausieren</translation>
    </message>
    <message>
        <source>Resume All</source>
        <translation>Alle fortsetzen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Haul</source>
        <translation>Haul</translation>
    </message>
    <message>
        <source>Show Haul</source>
        <translation>Haul anzeigen</translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) failed</source>
        <translation>
            <numerusform>%n Download fehlgeschlagen</numerusform>
            <numerusform>%n Downloads fehlgeschlagen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) finished</source>
        <translation>
            <numerusform>%n Download fertig</numerusform>
            <numerusform>%n Downloads fertig</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n downloading</source>
        <translation>
            <numerusform>%n aktiv</numerusform>
            <numerusform>%n aktiv</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 % of %2</source>
        <translation>%1 % von %2</translation>
    </message>
    <message numerus="yes">
        <source>%n queued</source>
        <translation>
            <numerusform>%n wartend</numerusform>
            <numerusform>%n wartend</numerusform>
        </translation>
    </message>
    <message>
        <source>idle</source>
        <translation>inaktiv</translation>
    </message>
    <message>
        <source>Haul — %1</source>
        <translation>Haul — %1</translation>
    </message>
</context>
<context>
    <name>haul::ui::humanformat</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation>%1 Std.</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 Std. %2 min</translation>
    </message>
    <message>
        <source>%1 d</source>
        <translation>%1 T.</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 T. %2 Std.</translation>
    </message>
</context>
</TS>
