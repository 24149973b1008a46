// SPDX-License-Identifier: MIT
#include "details/detailtabs.h"

#include <QAction>
#include <QEvent>
#include <QFontMetrics>
#include <QMenu>
#include <QMouseEvent>
#include <QTabBar>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>

namespace haul::ui {

namespace {

constexpr int kTabTextEms = 16; // about 30 characters

} // namespace

DetailTabs::DetailTabs(QTabWidget* tabs, QWidget* home, QWidget* window)
    : QObject(window), m_tabs(tabs), m_home(home)
{
    auto make = [this, window](const QString& text, const QList<QKeySequence>& keys) {
        auto* action = new QAction(text, this);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WindowShortcut);
        window->addAction(action);
        return action;
    };
    m_next = make(tr("Next Tab"), {QKeySequence(tr("Ctrl+Tab")), QKeySequence(tr("Ctrl+PgDown"))});
    m_previous = make(tr("Previous Tab"),
                      {QKeySequence(tr("Ctrl+Shift+Tab")), QKeySequence(tr("Ctrl+PgUp"))});
    m_close = make(tr("Close Tab"), {QKeySequence(tr("Ctrl+W"))});
    m_close->setStatusTip(tr("Close the current detail tab (the Downloads tab stays)"));
    m_closeAll = make(tr("Close All Detail Tabs"), {QKeySequence(tr("Ctrl+Shift+W"))});
    connect(m_next, &QAction::triggered, this, [this] { step(1); });
    connect(m_previous, &QAction::triggered, this, [this] { step(-1); });
    connect(m_close, &QAction::triggered, this, [this] {
        if (QWidget* current = m_tabs->currentWidget(); current && current != m_home) {
            emit closeRequested(current);
        }
    });
    connect(m_closeAll, &QAction::triggered, this, &DetailTabs::closeAllRequested);

    m_listMenu = new QMenu(window);
    m_listMenu->setObjectName(QStringLiteral("tabListMenu"));
    connect(m_listMenu, &QMenu::aboutToShow, this, [this] { fillTabList(m_listMenu); });
    m_listButton = new QToolButton(tabs);
    m_listButton->setObjectName(QStringLiteral("tabListButton"));
    m_listButton->setArrowType(Qt::DownArrow);
    m_listButton->setAutoRaise(true);
    m_listButton->setToolTip(tr("All tabs"));
    m_listButton->setPopupMode(QToolButton::InstantPopup);
    m_listButton->setMenu(m_listMenu);
    tabs->setCornerWidget(m_listButton, Qt::TopRightCorner);

    m_contextMenu = new QMenu(window);
    m_contextMenu->setObjectName(QStringLiteral("tabContextMenu"));
    QTabBar* bar = tabs->tabBar();
    bar->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(bar, &QWidget::customContextMenuRequested, this, &DetailTabs::showContextMenu);
    m_bar = bar;
    bar->installEventFilter(this);
    // Queued: a tab being dragged is put back only after the bar has finished moving it.
    connect(bar, &QTabBar::tabMoved, this,
            [this] { QTimer::singleShot(0, this, &DetailTabs::keepHomeFirst); });
    connect(tabs, &QTabWidget::currentChanged, this, &DetailTabs::updateActions);
    updateActions();
}

DetailTabs::~DetailTabs() = default;

QString DetailTabs::tabText(const QString& title, const QWidget* tabs)
{
    const QFontMetrics metrics(tabs->font());
    return metrics.elidedText(title, Qt::ElideMiddle,
                              metrics.horizontalAdvance(QLatin1Char('M')) * kTabTextEms);
}

void DetailTabs::updateActions()
{
    const int count = m_tabs->count();
    m_next->setEnabled(count > 1);
    m_previous->setEnabled(count > 1);
    m_close->setEnabled(m_tabs->currentWidget() != m_home);
    m_closeAll->setEnabled(count > 1);
}

void DetailTabs::step(int delta)
{
    const int count = m_tabs->count();
    if (count > 1) {
        m_tabs->setCurrentIndex((m_tabs->currentIndex() + delta + count) % count);
    }
}

void DetailTabs::fillTabList(QMenu* menu)
{
    menu->clear();
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction* go = menu->addAction(m_tabs->tabIcon(i), m_tabs->tabText(i));
        go->setCheckable(true);
        go->setChecked(i == m_tabs->currentIndex());
        go->setToolTip(m_tabs->tabToolTip(i));
        QWidget* page = m_tabs->widget(i);
        connect(go, &QAction::triggered, this, [this, page] {
            if (m_tabs->indexOf(page) >= 0) {
                m_tabs->setCurrentWidget(page);
            }
        });
        if (i == 0 && m_tabs->count() > 1) {
            menu->addSeparator();
        }
    }
    menu->addSeparator();
    menu->addAction(m_closeAll);
}

void DetailTabs::keepHomeFirst()
{
    const int at = m_tabs->indexOf(m_home);
    if (m_movingHome || at <= 0) {
        return;
    }
    m_movingHome = true;
    m_tabs->tabBar()->moveTab(at, 0);
    m_movingHome = false;
}

void DetailTabs::showContextMenu(const QPoint& pos)
{
    QTabBar* bar = m_tabs->tabBar();
    const int index = bar->tabAt(pos);
    QWidget* page = index >= 0 ? m_tabs->widget(index) : nullptr;
    m_contextMenu->clear();
    QAction* close = m_contextMenu->addAction(tr("Close Tab"));
    close->setEnabled(page && page != m_home);
    connect(close, &QAction::triggered, this, [this, page] {
        if (m_tabs->indexOf(page) >= 0) {
            emit closeRequested(page);
        }
    });
    m_contextMenu->addAction(m_closeAll);
    m_contextMenu->popup(bar->mapToGlobal(pos));
}

bool DetailTabs::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::MouseButtonRelease && watched == m_bar) {
        const auto* mouse = static_cast<QMouseEvent*>(event);
        if (mouse->button() == Qt::MiddleButton) {
            const int index = m_tabs->tabBar()->tabAt(mouse->position().toPoint());
            QWidget* page = index >= 0 ? m_tabs->widget(index) : nullptr;
            if (page && page != m_home) {
                emit closeRequested(page);
                return true;
            }
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace haul::ui
