// SPDX-License-Identifier: MIT
#include "dialogs/adddownloadsdialog.h"

#include "dialogs/userurl.h"

#include <haul/checksum.h>
#include <haul/url.h>

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

#include <initializer_list>

namespace haul::ui {

AddDownloadsDialog::AddDownloadsDialog(QWidget* parent)
    : QDialog(parent), m_urls(new QPlainTextEdit(this)), m_directory(new QLineEdit(this)),
      m_connections(new QSpinBox(this)), m_checksum(new QLineEdit(this)),
      m_headers(new QPlainTextEdit(this)), m_startNow(new QCheckBox(tr("&Start now"), this)),
      m_allowInsecure(new QCheckBox(tr("Allow an &unverified certificate (self-signed)"), this)),
      m_allowHttpRedirect(
          new QCheckBox(tr("Allow a redirect from https:// to unencrypted &http://"), this)),
      m_summary(new QLabel(this)), m_note(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Downloads"));

    auto* urlsLabel =
        new QLabel(tr("&URLs, one per line (Shift+Enter: new line, Enter: download):"), this);
    urlsLabel->setBuddy(m_urls);
    m_urls->setObjectName(QStringLiteral("urls"));
    m_urls->setPlaceholderText(tr("https://example.org/file.iso\nhttps://example.org/other.zip"));
    m_urls->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_urls->setTabChangesFocus(true);
    m_urls->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));

    auto* browse = new QPushButton(tr("&Browse…"), this);
    auto* dirRow = new QHBoxLayout;
    dirRow->addWidget(m_directory, 1);
    dirRow->addWidget(browse);
    auto* form = new QFormLayout;
    auto* dirLabel = new QLabel(tr("Save &to:"), this);
    dirLabel->setBuddy(m_directory);
    form->addRow(dirLabel, dirRow);
    m_useAsDefault = new QCheckBox(tr("Use this folder for later downloads too"), this);
    m_useAsDefault->setObjectName(QStringLiteral("useAsDefault"));
    m_useAsDefault->setToolTip(tr("Off: the folder is for these downloads only; Settings keeps "
                                  "the default one."));
    form->addRow(QString(), m_useAsDefault);

    m_connections->setObjectName(QStringLiteral("connections"));
    m_connections->setRange(1, 16);
    m_connections->setToolTip(tr("Parallel connections per download, when the server allows "
                                 "ranges"));
    auto* connectionsRow = new QHBoxLayout;
    connectionsRow->addWidget(m_connections);
    connectionsRow->addStretch(1);
    auto* connectionsLabel = new QLabel(tr("&Connections:"), this);
    connectionsLabel->setBuddy(m_connections);
    form->addRow(connectionsLabel, connectionsRow);
    m_checksum->setObjectName(QStringLiteral("checksum"));
    m_checksum->setPlaceholderText(tr("optional, e.g. sha-256=9f86d081884c7d65…"));
    m_checksum->setToolTip(tr("The file gets its name only if its digest matches; sha-256, "
                              "sha-512, sha-1 or md5. One download at a time."));
    m_checksum->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    form->addRow(tr("C&hecksum:"), m_checksum);
    m_headers->setObjectName(QStringLiteral("headers"));
    m_headers->setPlaceholderText(tr("optional, one per line, e.g. Cookie: session=…"));
    m_headers->setToolTip(tr("Request headers a server needs for these downloads (a cookie, a "
                             "referer); sent on every connection and kept with the download."));
    m_headers->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_headers->setTabChangesFocus(true);
    m_headers->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 3
                              + 2 * m_headers->frameWidth() + 8);
    form->addRow(tr("H&eaders:"), m_headers);
    m_startNow->setObjectName(QStringLiteral("startNow"));
    m_startNow->setChecked(true);
    m_startNow->setToolTip(tr("Unchecked: the downloads are added paused; Resume starts them."));
    m_allowInsecure->setObjectName(QStringLiteral("allowInsecure"));
    m_allowInsecure->setChecked(false);
    m_allowInsecure->setToolTip(
        tr("Warning: anyone between you and the server could then send you a different file. "
           "Use it only for a server you know (your own NAS, a test server), never for the "
           "public internet."));
    auto* checks = new QVBoxLayout;
    checks->addWidget(m_startNow);
    checks->addWidget(m_allowInsecure);
    m_allowHttpRedirect->setObjectName(QStringLiteral("allowHttpRedirect"));
    m_allowHttpRedirect->setChecked(false);
    m_allowHttpRedirect->setToolTip(
        tr("Off, a secure address that redirects to an unencrypted one fails with a message: "
           "the request and the file would cross the network readable by anyone on the way."));
    checks->addWidget(m_allowHttpRedirect);
    form->addRow(QString(), checks);

    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Download"));

    m_note->setObjectName(QStringLiteral("note"));
    m_note->setWordWrap(true);
    m_note->setVisible(false);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_note);
    layout->addWidget(urlsLabel);
    layout->addWidget(m_urls, 1);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);

    connect(m_urls, &QPlainTextEdit::textChanged, this, &AddDownloadsDialog::handleInputChanged);
    connect(m_directory, &QLineEdit::textChanged, this, &AddDownloadsDialog::handleInputChanged);
    connect(m_checksum, &QLineEdit::textChanged, this, &AddDownloadsDialog::handleInputChanged);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &AddDownloadsDialog::handleInputChanged);
    connect(browse, &QPushButton::clicked, this, &AddDownloadsDialog::handleBrowse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    for (QWidget* input :
         std::initializer_list<QWidget*>{m_urls, m_directory, m_checksum, m_headers}) {
        input->installEventFilter(this);
    }

    // Offer what the clipboard holds when it looks like URLs: the usual way links arrive.
    const QStringList clip = parseUrls(QApplication::clipboard()->text());
    QStringList fromClipboard;
    for (const QString& line : clip) {
        const QUrl url(line);
        if (url.isValid() && (url.scheme() == u"http" || url.scheme() == u"https")) {
            fromClipboard.append(line);
        }
    }
    if (!fromClipboard.isEmpty() && fromClipboard.size() == clip.size()) {
        // Not selected: a key pressed next must not replace what the user copied.
        setUrls(fromClipboard);
        m_urls->moveCursor(QTextCursor::End);
    }

    resize(600, 440);
    handleInputChanged();
}

AddDownloadsDialog::~AddDownloadsDialog() = default;

bool AddDownloadsDialog::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool enter = key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter;
        const Qt::KeyboardModifiers mods = key->modifiers() & ~Qt::KeypadModifier;
        const bool confirm =
            enter && (mods == Qt::ControlModifier || (watched == m_urls && mods == Qt::NoModifier));
        if (enter && watched == m_urls && mods == Qt::ShiftModifier) {
            m_urls->textCursor().insertBlock(); // a new line, not a line break inside one
            return true;
        }
        if (confirm) {
            if (problem().isEmpty()) {
                accept();
            }
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

QStringList AddDownloadsDialog::parseUrls(const QString& text)
{
    QStringList result;
    const auto lines = QStringView(text).split(u'\n');
    for (const QStringView line : lines) {
        const QStringView trimmed = line.trimmed();
        if (!trimmed.isEmpty()) {
            result.append(trimmed.toString());
        }
    }
    return result;
}

QStringList AddDownloadsDialog::urls() const
{
    QStringList result = parseUrls(m_urls->toPlainText());
    for (QString& url : result) {
        url = UserUrl::complete(url); // "example.org/file.zip": https://, as a browser does
    }
    return result;
}

bool AddDownloadsDialog::useAsDefaultFolder() const
{
    return m_useAsDefault->isChecked();
}

QString AddDownloadsDialog::directory() const
{
    return m_directory->text().trimmed();
}

int AddDownloadsDialog::connections() const
{
    return m_connections->value();
}

QString AddDownloadsDialog::checksum() const
{
    return m_checksum->text().trimmed();
}

bool AddDownloadsDialog::startNow() const
{
    return m_startNow->isChecked();
}

bool AddDownloadsDialog::allowInsecureTls() const
{
    return m_allowInsecure->isChecked();
}

bool AddDownloadsDialog::allowHttpsToHttpRedirect() const
{
    return m_allowHttpRedirect->isChecked();
}

QStringList AddDownloadsDialog::headers() const
{
    return parseUrls(m_headers->toPlainText()); // the same rule: non-blank lines, trimmed
}

void AddDownloadsDialog::setHeaders(const QStringList& headers)
{
    m_headers->setPlainText(headers.join(QLatin1Char('\n')));
}

void AddDownloadsDialog::setNote(const QString& note)
{
    m_note->setText(note);
    m_note->setVisible(!note.isEmpty());
}

void AddDownloadsDialog::appendUrls(const QStringList& more)
{
    QStringList all = urls();
    for (const QString& url : more) {
        if (!all.contains(url)) {
            all.append(url);
        }
    }
    setUrls(all);
}

void AddDownloadsDialog::setConnections(int connections)
{
    m_connections->setValue(connections);
}

void AddDownloadsDialog::setChecksum(const QString& checksum)
{
    m_checksum->setText(checksum);
}

QString AddDownloadsDialog::problem() const
{
    const auto count = urls().size();
    if (count == 0) {
        return tr("No URL yet.");
    }
    const QStringList list = urls();
    for (int i = 0; i < list.size(); ++i) {
        if (auto error = engine::checkUrl(list[i].toStdString())) {
            return list.size() == 1
                       ? QString::fromStdString(*error)
                       : tr("Line %1: %2").arg(i + 1).arg(QString::fromStdString(*error));
        }
    }
    if (directory().isEmpty()) {
        return tr("Choose a folder to save to.");
    }
    if (!checksum().isEmpty()) {
        if (count > 1) {
            return tr("A checksum belongs to one file: add one URL with it.");
        }
        std::string error;
        if (!engine::parseChecksum(checksum().toStdString(), &error)) {
            return error.empty() ? tr("The checksum is not valid; write ALGO=HEX.")
                                 : QString::fromStdString(error);
        }
    }
    for (const QString& header : headers()) {
        if (auto error = engine::checkRequestHeader(header.toStdString())) {
            return QString::fromStdString(*error);
        }
    }
    return {};
}

void AddDownloadsDialog::setUrls(const QStringList& urls)
{
    m_urls->setPlainText(urls.join(QLatin1Char('\n')));
}

void AddDownloadsDialog::setDirectory(const QString& directory)
{
    m_directory->setText(QDir::toNativeSeparators(directory));
}

void AddDownloadsDialog::handleInputChanged()
{
    const int count = static_cast<int>(urls().size());
    const QString problem = this->problem();
    m_summary->setForegroundRole(problem.isEmpty() || count == 0 ? QPalette::PlaceholderText
                                                                 : QPalette::Text);
    m_summary->setText(!problem.isEmpty() ? problem
                       : count == 1       ? tr("1 download")
                                          : tr("%1 downloads").arg(count));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void AddDownloadsDialog::handleBrowse()
{
    const QString chosen =
        QFileDialog::getExistingDirectory(this, tr("Save Downloads To"), directory());
    if (!chosen.isEmpty()) {
        setDirectory(chosen);
    }
}

} // namespace haul::ui
