<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>haul::demo::StressPanel</name>
    <message numerus="yes">
        <source>%n download(s) had an action that did not end exactly once.</source>
        <translation>
            <numerusform>%n download had an action that did not end exactly once.</numerusform>
            <numerusform>%n downloads had an action that did not end exactly once.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) arrived after their download was closed.</source>
        <translation>
            <numerusform>%n message arrived after its download was closed.</numerusform>
            <numerusform>%n messages arrived after their download was closed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n message(s) reached a detail tab after it was closed.</source>
        <translation>
            <numerusform>%n message reached a detail tab after it was closed.</numerusform>
            <numerusform>%n messages reached a detail tab after it was closed.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Not everything was closed: %n download(s) never closed.</source>
        <translation>
            <numerusform>Not everything was closed: %n download never closed.</numerusform>
            <numerusform>Not everything was closed: %n downloads never closed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>haul::ui::DetailTab</name>
    <message numerus="yes">
        <source>%n event(s)</source>
        <translation>
            <numerusform>%n event</numerusform>
            <numerusform>%n events</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>haul::ui::ListImport</name>
    <message numerus="yes">
        <source>Export %n URL(s)</source>
        <translation>
            <numerusform>Export %n URL</numerusform>
            <numerusform>Export %n URLs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>haul::ui::ScheduleDriver</name>
    <message numerus="yes">
        <source>Outside the download hours: %n download(s) paused until they begin.</source>
        <translation>
            <numerusform>Outside the download hours: %n download paused until they begin.</numerusform>
            <numerusform>Outside the download hours: %n downloads paused until they begin.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Download hours began: %n download(s) resumed.</source>
        <translation>
            <numerusform>Download hours began: %n download resumed.</numerusform>
            <numerusform>Download hours began: %n downloads resumed.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>haul::ui::TransferActions</name>
    <message numerus="yes">
        <source>and %n more</source>
        <translation>
            <numerusform>and %n more</numerusform>
            <numerusform>and %n more</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n downloads from the list and delete their files?</source>
        <translation>
            <numerusform>Remove %n download from the list and delete its file?</numerusform>
            <numerusform>Remove %n downloads from the list and delete their files?</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove %n downloads from the list?</source>
        <translation>
            <numerusform>Remove %n download from the list?</numerusform>
            <numerusform>Remove %n downloads from the list?</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>haul::ui::TrayController</name>
    <message numerus="yes">
        <source>%n downloading</source>
        <translation>
            <numerusform>%n downloading</numerusform>
            <numerusform>%n downloading</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n queued</source>
        <translation>
            <numerusform>%n queued</numerusform>
            <numerusform>%n queued</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) failed</source>
        <translation>
            <numerusform>%n download failed</numerusform>
            <numerusform>%n downloads failed</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n download(s) finished</source>
        <translation>
            <numerusform>%n download finished</numerusform>
            <numerusform>%n downloads finished</numerusform>
        </translation>
    </message>
</context>
</TS>
