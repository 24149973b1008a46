// SPDX-License-Identifier: MIT
#pragma once

#include <QDialog>
#include <QStringList>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace haul::ui {

// AddDownloadsDialog: several URLs pasted one per line (blank lines ignored), a destination
// folder, connections per download, an expected checksum (one download only), whether to start
// now, and a per-download exception for an unverifiable (self-signed) certificate, off by
// default. It only collects input; the caller adds the downloads. GUI thread only.
class AddDownloadsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AddDownloadsDialog)

public:
    explicit AddDownloadsDialog(QWidget* parent = nullptr);
    ~AddDownloadsDialog() override;

    // The URL lines, each completed by UserUrl ("example.org/f.zip" -> https://example.org/f.zip).
    QStringList urls() const;
    // The user asked for the folder to become the default for later downloads too.
    bool useAsDefaultFolder() const;
    QString directory() const;
    int connections() const;
    // "ALGO=HEX" as typed (trimmed), empty for none. Valid whenever the dialog was accepted.
    QString checksum() const;
    bool startNow() const;
    bool allowInsecureTls() const;
    bool allowHttpsToHttpRedirect() const;
    // Extra request headers, one "Name: value" a line (blank lines dropped).
    QStringList headers() const;

    void setUrls(const QStringList& urls);
    void setDirectory(const QString& directory);
    void setConnections(int connections);
    void setChecksum(const QString& checksum);
    void setHeaders(const QStringList& headers);
    // A sentence above the URLs (hidden while empty): where they came from.
    void setNote(const QString& note);
    // Adds URLs below those already listed, skipping ones listed already.
    void appendUrls(const QStringList& urls);

    // Why the input cannot be accepted (a sentence), or empty when it can.
    QString problem() const;

    // The non-blank, trimmed lines of text.
    static QStringList parseUrls(const QString& text);

protected:
    // Enter in the URL box, and Ctrl+Enter in any text field, add the downloads (when the input can
    // be accepted; else the key does nothing): a key meant to confirm never edits the text.
    // Shift+Enter starts a new line in the URL box.
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void handleInputChanged();
    void handleBrowse();

    QPlainTextEdit* m_urls = nullptr;
    QLineEdit* m_directory = nullptr;
    QSpinBox* m_connections = nullptr;
    QLineEdit* m_checksum = nullptr;
    QPlainTextEdit* m_headers = nullptr;
    QCheckBox* m_startNow = nullptr;
    QCheckBox* m_allowInsecure = nullptr;
    QCheckBox* m_allowHttpRedirect = nullptr;
    QCheckBox* m_useAsDefault = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_note = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace haul::ui
