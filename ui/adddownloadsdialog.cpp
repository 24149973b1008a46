// SPDX-License-Identifier: MIT
#include "adddownloadsdialog.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFontDatabase>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace haul::ui {

AddDownloadsDialog::AddDownloadsDialog(QWidget* parent)
    : QDialog(parent), m_urls(new QPlainTextEdit(this)), m_directory(new QLineEdit(this)),
      m_summary(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add Downloads"));

    auto* urlsLabel = new QLabel(tr("&URLs, one per line:"), this);
    urlsLabel->setBuddy(m_urls);
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

    m_summary->setForegroundRole(QPalette::PlaceholderText);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("&Download"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(urlsLabel);
    layout->addWidget(m_urls, 1);
    layout->addLayout(form);
    layout->addWidget(m_summary);
    layout->addWidget(m_buttons);

    connect(m_urls, &QPlainTextEdit::textChanged, this, &AddDownloadsDialog::handleInputChanged);
    connect(m_directory, &QLineEdit::textChanged, this, &AddDownloadsDialog::handleInputChanged);
    connect(browse, &QPushButton::clicked, this, &AddDownloadsDialog::handleBrowse);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

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
        setUrls(fromClipboard);
        m_urls->selectAll();
    }

    resize(560, 340);
    handleInputChanged();
}

AddDownloadsDialog::~AddDownloadsDialog() = default;

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
    return parseUrls(m_urls->toPlainText());
}

QString AddDownloadsDialog::directory() const
{
    return m_directory->text().trimmed();
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
    m_summary->setText(count == 0   ? tr("No URL yet.")
                       : count == 1 ? tr("1 download")
                                    : tr("%1 downloads").arg(count));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(count > 0 && !directory().isEmpty());
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
