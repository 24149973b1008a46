// SPDX-License-Identifier: MIT
#include "listimport.h"

#include "transferlist/downloadspage.h"
#include "transferlist/transferlistmodel.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTextStream>
#include <QWidget>

namespace haul::ui {

namespace {

constexpr qint64 kMaxImportBytes = qint64{16} * 1024 * 1024; // a URL list, not a disk image

} // namespace

ListImport::ListImport(TransferListModel* model, DownloadsPage* page, QWidget* window)
    : QObject(window), m_model(model), m_page(page), m_window(window),
      m_import(new QAction(tr("Import URLs…"), this)),
      m_export(new QAction(tr("Export URLs…"), this))
{
    m_import->setObjectName(QStringLiteral("importUrlsAction"));
    m_import->setToolTip(tr("Add the URLs of a text file, one a line"));
    m_export->setObjectName(QStringLiteral("exportUrlsAction"));
    m_export->setToolTip(tr("Save the selected downloads' URLs (all when none is selected) to a "
                            "text file"));
    connect(m_import, &QAction::triggered, this, [this] {
        const QString path = choose(Mode::Open, 0);
        if (!path.isEmpty()) {
            importFrom(path);
        }
    });
    connect(m_export, &QAction::triggered, this, [this] {
        const QStringList urls = urlsToExport();
        if (urls.isEmpty()) {
            showError(tr("There are no downloads to export."));
            return;
        }
        const QString path = choose(Mode::Save, static_cast<int>(urls.size()));
        if (!path.isEmpty()) {
            exportTo(path);
        }
    });
}

ListImport::~ListImport() = default;

QString ListImport::choose(Mode mode, int count) const
{
    if (m_chooser) {
        return m_chooser(mode, count);
    }
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString filter = tr("Text files (*.txt);;All files (*)");
    if (mode == Mode::Open) {
        return QFileDialog::getOpenFileName(m_window, tr("Import URLs"), dir, filter);
    }
    return QFileDialog::getSaveFileName(m_window, tr("Export %n URL(s)", nullptr, count),
                                        QDir(dir).filePath(QStringLiteral("haul-urls.txt")),
                                        filter);
}

void ListImport::showError(const QString& text) const
{
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Haul"), text, QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("listImportMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

QStringList ListImport::readUrls(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        *error =
            tr("%1 cannot be read: %2.").arg(QDir::toNativeSeparators(path), file.errorString());
        return {};
    }
    if (file.size() > kMaxImportBytes) {
        *error = tr("%1 is too large for a list of URLs.").arg(QDir::toNativeSeparators(path));
        return {};
    }
    QStringList urls;
    QTextStream in(&file);
    QString line;
    while (in.readLineInto(&line)) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty() && !trimmed.startsWith(QLatin1Char('#'))) {
            urls.append(trimmed);
        }
    }
    return urls;
}

bool ListImport::writeUrls(const QString& path, const QStringList& urls, QString* error)
{
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        QTextStream out(&file);
        for (const QString& url : urls) {
            out << url << '\n';
        }
        out.flush();
        if (file.commit()) {
            return true;
        }
    }
    *error =
        tr("%1 cannot be written: %2.").arg(QDir::toNativeSeparators(path), file.errorString());
    return false;
}

bool ListImport::importFrom(const QString& path)
{
    QString error;
    const QStringList urls = readUrls(path, &error);
    if (!error.isEmpty()) {
        showError(error);
        return false;
    }
    if (urls.isEmpty()) {
        showError(tr("%1 holds no URLs (one a line; lines starting with # are skipped).")
                      .arg(QDir::toNativeSeparators(path)));
        return false;
    }
    emit urlsImported(
        urls,
        tr("Imported from %1. Check them, then choose Download.").arg(QFileInfo(path).fileName()));
    return true;
}

QStringList ListImport::urlsToExport() const
{
    QList<int> rows = m_page->selectedRows();
    if (rows.isEmpty()) {
        for (int row = 0; row < m_model->rowCount(); ++row) {
            rows.append(row);
        }
    }
    QStringList urls;
    urls.reserve(rows.size());
    for (const int row : rows) {
        urls.append(m_model->index(row, 0).data(TransferListModel::UrlRole).toString());
    }
    return urls;
}

bool ListImport::exportTo(const QString& path)
{
    QString error;
    if (!writeUrls(path, urlsToExport(), &error)) {
        showError(error);
        return false;
    }
    return true;
}

} // namespace haul::ui
