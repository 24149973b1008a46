// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <QList>
#include <QObject>

class QAction;
class QMenu;
class QWidget;

namespace haul::ui {

class DownloadsPage;
class EngineClient;
class TransferListModel;

// TransferActions: the commands on the selected downloads (resume, pause, pause-or-resume,
// cancel, remove, details, open file or folder, copy URL), their enabled state and the table's
// context menu. The actions are added to `window` so their shortcuts work while the toolbar is
// hidden. Commands go to the EngineClient; rows leave through the model. GUI thread only; the
// client, model and page must outlive it.
class TransferActions final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TransferActions)

public:
    TransferActions(EngineClient* client, TransferListModel* model, DownloadsPage* page,
                    QWidget* window);
    ~TransferActions() override;

    QAction* start() const { return m_start; }
    QAction* pause() const { return m_pause; }
    QAction* toggle() const { return m_toggle; }
    QAction* cancel() const { return m_cancel; }
    QAction* remove() const { return m_remove; }
    QAction* details() const { return m_details; }

    // Closes the transfer (a pending operation ends Cancelled; the .part stays) and drops its
    // row at once; the model ignores the id's later events.
    void removeTransfer(engine::TransferId id);
    void pauseAll();
    void resumeAll();
    void popupContextMenu(const QPoint& globalPos);
    void updateActions();

signals:
    void detailsRequested(haul::engine::TransferId id);

private:
    QList<engine::TransferId> selectedIds() const;
    void handleStart();
    void handlePause();
    void handleToggle();
    void handleCancel();
    void handleRemove();
    void handleOpenFile();
    void handleOpenFolder();
    void handleCopyUrl();

    EngineClient* m_client = nullptr;
    TransferListModel* m_model = nullptr;
    DownloadsPage* m_page = nullptr;
    QMenu* m_contextMenu = nullptr;
    QAction* m_start = nullptr;
    QAction* m_pause = nullptr;
    QAction* m_toggle = nullptr;
    QAction* m_cancel = nullptr;
    QAction* m_remove = nullptr;
    QAction* m_details = nullptr;
    QAction* m_openFile = nullptr;
    QAction* m_openFolder = nullptr;
    QAction* m_copyUrl = nullptr;
};

} // namespace haul::ui
