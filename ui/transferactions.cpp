// SPDX-License-Identifier: MIT
#include "transferactions.h"

#include "downloadspage.h"
#include "engineclient.h"
#include "transferlistmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QFileInfo>
#include <QIcon>
#include <QMenu>
#include <QTableView>
#include <QUrl>

#include <algorithm>

namespace haul::ui {

namespace {

using State = TransferListModel::State;

} // namespace

TransferActions::TransferActions(EngineClient* client, TransferListModel* model,
                                 DownloadsPage* page, QWidget* window)
    : QObject(window), m_client(client), m_model(model), m_page(page)
{
    auto make = [this, window](const QString& text, const char* icon, const QKeySequence& key,
                               const QString& tip, auto slot) {
        auto* action = new QAction(QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(icon))),
                                   text, this);
        if (!key.isEmpty()) {
            action->setShortcut(key);
            action->setToolTip(
                QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        } else {
            action->setToolTip(tip);
        }
        connect(action, &QAction::triggered, this, slot);
        window->addAction(action); // shortcuts work even while the toolbar is hidden
        return action;
    };
    m_start = make(tr("Resume"), "start", QKeySequence(tr("Ctrl+R")),
                   tr("Start or resume the selected downloads"), &TransferActions::handleStart);
    m_pause = make(tr("Pause"), "pause", QKeySequence(tr("Ctrl+P")),
                   tr("Pause the selected downloads"), &TransferActions::handlePause);
    m_cancel = make(tr("Cancel"), "cancel", QKeySequence(),
                    tr("Cancel the selected downloads (partial files are kept)"),
                    &TransferActions::handleCancel);
    m_remove = make(tr("Remove"), "remove", QKeySequence::Delete,
                    tr("Remove the selected downloads from the list (files stay on disk)"),
                    &TransferActions::handleRemove);
    m_toggle =
        make(tr("Pause or Resume"), "pause", QKeySequence(Qt::Key_Space),
             tr("Pause running downloads or resume stopped ones"), &TransferActions::handleToggle);
    m_details = make(tr("Details"), "details", QKeySequence(tr("Ctrl+I")),
                     tr("Open a tab with the speed graph and the event trace"), [this] {
                         for (const engine::TransferId id : selectedIds()) {
                             emit detailsRequested(id);
                         }
                     });
    m_openFile = make(tr("Open File"), "file", QKeySequence(), tr("Open the downloaded file"),
                      &TransferActions::handleOpenFile);
    m_openFolder =
        make(tr("Open Containing Folder"), "folder", QKeySequence(),
             tr("Show the folder the file was saved to"), &TransferActions::handleOpenFolder);
    m_copyUrl =
        make(tr("Copy URL"), "link", QKeySequence(),
             tr("Copy the address of the selected downloads"), &TransferActions::handleCopyUrl);

    m_contextMenu = new QMenu(window);
    m_contextMenu->addAction(m_details);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_start);
    m_contextMenu->addAction(m_pause);
    m_contextMenu->addAction(m_cancel);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_openFile);
    m_contextMenu->addAction(m_openFolder);
    m_contextMenu->addAction(m_copyUrl);
    m_contextMenu->addSeparator();
    m_contextMenu->addAction(m_remove);

    connect(m_model, &TransferListModel::countsChanged, this, &TransferActions::updateActions);
    connect(m_page->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &TransferActions::updateActions);
    updateActions();
}

TransferActions::~TransferActions() = default;

QList<engine::TransferId> TransferActions::selectedIds() const
{
    return m_page->selectedIds();
}

void TransferActions::removeTransfer(engine::TransferId id)
{
    m_client->close(id);
    m_model->removeTransfer(id);
}

void TransferActions::pauseAll()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const engine::TransferId id = m_model->idAt(row);
        if (TransferListModel::isActive(m_model->stateOf(id))) {
            m_client->pause(id);
        }
    }
}

void TransferActions::resumeAll()
{
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const engine::TransferId id = m_model->idAt(row);
        const State state = m_model->stateOf(id);
        if (state == State::Paused || state == State::Cancelled) {
            m_client->start(id);
        }
    }
}

void TransferActions::popupContextMenu(const QPoint& globalPos)
{
    updateActions();
    m_contextMenu->popup(globalPos);
}

void TransferActions::handleStart()
{
    for (const engine::TransferId id : selectedIds()) {
        if (TransferListModel::isResumable(m_model->stateOf(id))) {
            m_client->start(id);
        }
    }
}

void TransferActions::handlePause()
{
    for (const engine::TransferId id : selectedIds()) {
        if (TransferListModel::isActive(m_model->stateOf(id))) {
            m_client->pause(id);
        }
    }
}

void TransferActions::handleToggle()
{
    const auto ids = selectedIds();
    const bool anyActive = std::any_of(ids.begin(), ids.end(), [this](engine::TransferId id) {
        return TransferListModel::isActive(m_model->stateOf(id));
    });
    anyActive ? handlePause() : handleStart();
}

void TransferActions::handleCancel()
{
    for (const engine::TransferId id : selectedIds()) {
        m_client->cancel(id);
    }
}

void TransferActions::handleRemove()
{
    for (const engine::TransferId id : selectedIds()) {
        removeTransfer(id);
    }
}

void TransferActions::handleOpenFile()
{
    for (const QModelIndex& index : m_page->view()->selectionModel()->selectedRows()) {
        const auto id = index.data(TransferListModel::IdRole).toULongLong();
        const QString path = index.data(TransferListModel::PathRole).toString();
        if (m_model->stateOf(id) != State::Completed) {
            continue;
        }
        if (!path.isEmpty()) {
            QDesktopServices::openUrl(QUrl::fromLocalFile(path));
        }
    }
}

void TransferActions::handleOpenFolder()
{
    const auto ids = selectedIds();
    if (ids.isEmpty()) {
        return;
    }
    const QModelIndex index = m_model->index(m_model->rowOf(ids.first()), 0);
    QString path = index.data(TransferListModel::PathRole).toString();
    path = path.isEmpty() ? index.data(TransferListModel::DirectoryRole).toString()
                          : QFileInfo(path).absolutePath();
    if (!path.isEmpty()) {
        QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    }
}

void TransferActions::handleCopyUrl()
{
    QStringList urls;
    for (const engine::TransferId id : selectedIds()) {
        urls.append(
            m_model->index(m_model->rowOf(id), 0).data(TransferListModel::UrlRole).toString());
    }
    if (!urls.isEmpty()) {
        QApplication::clipboard()->setText(urls.join(QLatin1Char('\n')));
    }
}

void TransferActions::updateActions()
{
    bool anyResumable = false;
    bool anyActive = false;
    bool anyCancellable = false;
    bool anyCompleted = false;
    const auto ids = selectedIds();
    for (const engine::TransferId id : ids) {
        const State s = m_model->stateOf(id);
        anyResumable |= TransferListModel::isResumable(s);
        anyActive |= TransferListModel::isActive(s);
        anyCancellable |= TransferListModel::isActive(s) || s == State::Paused;
        anyCompleted |= s == State::Completed;
    }
    m_start->setEnabled(anyResumable);
    m_pause->setEnabled(anyActive);
    m_toggle->setEnabled(anyActive || anyResumable);
    m_cancel->setEnabled(anyCancellable);
    m_remove->setEnabled(!ids.isEmpty());
    m_details->setEnabled(!ids.isEmpty());
    m_openFile->setEnabled(anyCompleted);
    m_openFolder->setEnabled(!ids.isEmpty());
    m_copyUrl->setEnabled(!ids.isEmpty());
}

} // namespace haul::ui
