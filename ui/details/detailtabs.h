// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QTabWidget;
class QToolButton;
class QWidget;

namespace haul::ui {

// DetailTabs: the ways around the window's tab widget besides clicking a tab. The first tab
// (home: the download list) stays first and has no close button; Ctrl+Tab / Ctrl+PgDown and
// Ctrl+Shift+Tab / Ctrl+PgUp go to the next / previous tab (round); Ctrl+W and a middle click
// close the current / clicked tab; the tab bar's context menu and a button in the tab bar's
// corner list every tab (home first, so it is one click away however many tabs scrolled it
// out of sight) and offer "Close All Detail Tabs". It closes nothing itself: it emits
// closeRequested / closeAllRequested and the window closes (never home).
//
// GUI thread only; the tab widget and home must outlive it (make it a child of the window).
class DetailTabs final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DetailTabs)

public:
    // The actions are added to window, so their shortcuts work wherever the focus is in it.
    DetailTabs(QTabWidget* tabs, QWidget* home, QWidget* window);
    ~DetailTabs() override;

    QAction* nextTab() const { return m_next; }
    QAction* previousTab() const { return m_previous; }
    QAction* closeTab() const { return m_close; }
    QAction* closeAllDetailTabs() const { return m_closeAll; }
    QToolButton* tabListButton() const { return m_listButton; }
    // The tab bar's context menu for the tab at index (-1: none); built on each popup.
    QMenu* contextMenu() const { return m_contextMenu; }
    // What a tab shows for a long file name: its middle elided to a readable width (the full
    // name goes into the tooltip).
    static QString tabText(const QString& title, const QWidget* tabs);

    // Refreshes the actions' enabled state (the window calls it when tabs come or go).
    void updateActions();

signals:
    void closeRequested(QWidget* tab);
    void closeAllRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void step(int delta);
    void fillTabList(QMenu* menu);
    void keepHomeFirst();
    void showContextMenu(const QPoint& pos);

    QTabWidget* m_tabs = nullptr;
    QWidget* m_home = nullptr;
    // The tab bar the event filter watches, compared by address only: while the tab widget is
    // destroyed its bar still gets events, and m_tabs must not be called then.
    const QObject* m_bar = nullptr;
    QAction* m_next = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_close = nullptr;
    QAction* m_closeAll = nullptr;
    QToolButton* m_listButton = nullptr;
    QMenu* m_listMenu = nullptr;
    QMenu* m_contextMenu = nullptr;
    bool m_movingHome = false;
};

} // namespace haul::ui
