// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QStringList>

#include <functional>

class QAction;
class QWidget;

namespace haul::ui {

class DownloadsPage;
class TransferListModel;

// ListImport: File → Import URLs… and Export URLs…: a text file with one URL a line ("#"
// comments and blank lines ignored on reading). Import hands the URLs on (urlsImported: the
// window opens the Add dialog filled in with them); export writes the selected rows' URLs, or
// every row's when none is selected. The file is asked for through a chooser that tests
// replace (setPathChooser), so no native dialog opens in a test. GUI thread only; the model
// and the page must outlive it.
class ListImport final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ListImport)

public:
    enum class Mode { Open, Save };
    // Returns the chosen path, empty when the user cancelled. count: URLs to be written (Save).
    using PathChooser = std::function<QString(Mode mode, int count)>;

    ListImport(TransferListModel* model, DownloadsPage* page, QWidget* window);
    ~ListImport() override;

    QAction* importAction() const { return m_import; }
    QAction* exportAction() const { return m_export; }
    void setPathChooser(PathChooser chooser) { m_chooser = std::move(chooser); }

    // What the actions do once a path is known. False (and a message box) on an error.
    bool importFrom(const QString& path);
    bool exportTo(const QString& path);
    // The URLs exportTo() writes: the selected rows', else all, in view order.
    QStringList urlsToExport() const;

    // One URL a line; "#" comments and blank lines skipped; lines trimmed. Sets *error and
    // returns an empty list when the file cannot be read.
    static QStringList readUrls(const QString& path, QString* error);
    // Writes one URL a line (atomically: a crash leaves the old file or the new one).
    static bool writeUrls(const QString& path, const QStringList& urls, QString* error);

signals:
    // Read from a file and not empty; note names the file.
    void urlsImported(const QStringList& urls, const QString& note);

private:
    QString choose(Mode mode, int count) const;
    void showError(const QString& text) const;

    TransferListModel* m_model = nullptr;
    DownloadsPage* m_page = nullptr;
    QWidget* m_window = nullptr;
    QAction* m_import = nullptr;
    QAction* m_export = nullptr;
    PathChooser m_chooser;
};

} // namespace haul::ui
