// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <QList>
#include <QMainWindow>
#include <QStringList>

class QAction;
class QLabel;
class QMenu;
class QSortFilterProxyModel;
class QTableView;

namespace haul::ui {

class EngineClient;
class TransferListModel;

// MainWindow: the transfer list with its toolbar, context menu and status bar.
//
// It does not own the EngineClient; the client must outlive the window (create the client
// first). Every command goes through the client; rows come and go through the model, which
// listens to the client. GUI thread only.
class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(EngineClient* client, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Adds and starts each URL into directory. Refused URLs are reported to the user in one
    // non-blocking message box. Returns the ids of the accepted downloads.
    QList<engine::TransferId> addDownloads(const QStringList& urls, const QString& directory);

    // Where the Add dialog points to first; remembered across runs once the user changes it.
    QString defaultDirectory() const { return m_defaultDirectory; }
    void setDefaultDirectory(const QString& directory);

    // A lasting note in the status bar (the demo mode says where its files go).
    void setNotice(const QString& text);

    TransferListModel* model() const { return m_model; }
    QTableView* view() const { return m_view; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void createView();
    void createStatusBar();
    void restoreSettings();
    void saveSettings() const;

    QList<engine::TransferId> selectedIds() const;
    void handleAdd();
    void handleStart();
    void handlePause();
    void handleToggle();
    void handleCancel();
    void handleRemove();
    void handleOpenFile();
    void handleOpenFolder();
    void handleCopyUrl();
    void handleContextMenu(const QPoint& pos);
    void updateActions();
    void updateStatus();

    EngineClient* m_client = nullptr;
    TransferListModel* m_model = nullptr;
    QSortFilterProxyModel* m_proxy = nullptr;
    QTableView* m_view = nullptr;
    QLabel* m_placeholder = nullptr;
    QLabel* m_notice = nullptr;
    QLabel* m_counts = nullptr;
    QLabel* m_speed = nullptr;
    QMenu* m_contextMenu = nullptr;

    QAction* m_addAction = nullptr;
    QAction* m_startAction = nullptr;
    QAction* m_pauseAction = nullptr;
    QAction* m_toggleAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_removeAction = nullptr;
    QAction* m_openFileAction = nullptr;
    QAction* m_openFolderAction = nullptr;
    QAction* m_copyUrlAction = nullptr;

    QString m_defaultDirectory;
};

} // namespace haul::ui
