// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QStringList>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace haul::ui {

// AddDownloadsDialog: several URLs pasted one per line (blank lines ignored) and a destination
// folder. It only collects input; the caller adds the downloads. GUI thread only.
class AddDownloadsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddDownloadsDialog)

public:
    explicit AddDownloadsDialog(QWidget* parent = nullptr);
    ~AddDownloadsDialog() override;

    QStringList urls() const;
    QString directory() const;

    void setUrls(const QStringList& urls);
    void setDirectory(const QString& directory);

    // The non-blank, trimmed lines of text.
    static QStringList parseUrls(const QString& text);

private:
    void handleInputChanged();
    void handleBrowse();

    QPlainTextEdit* m_urls = nullptr;
    QLineEdit* m_directory = nullptr;
    QLabel* m_summary = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace haul::ui
