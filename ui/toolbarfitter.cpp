// SPDX-License-Identifier: MIT
#include "toolbarfitter.h"

#include <QAction>
#include <QEvent>
#include <QLayout>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>

namespace haul::ui {

ToolBarFitter::ToolBarFitter(QToolBar* toolbar) : QObject(toolbar), m_toolbar(toolbar)
{
    toolbar->installEventFilter(this);
}

ToolBarFitter::~ToolBarFitter() = default;

int ToolBarFitter::widthWithText() const
{
    if (m_widthWithText >= 0) {
        return m_widthWithText;
    }
    // What each item needs with text: a tool button measured as it would be, the rest (the
    // separators, the spacer's minimum) as they are.
    const int spacing = m_toolbar->layout() ? m_toolbar->layout()->spacing() : 0;
    const int extent =
        m_toolbar->style()->pixelMetric(QStyle::PM_ToolBarHandleExtent, nullptr, m_toolbar)
        + 2 * m_toolbar->style()->pixelMetric(QStyle::PM_ToolBarItemMargin, nullptr, m_toolbar)
        + 2 * m_toolbar->style()->pixelMetric(QStyle::PM_ToolBarFrameWidth, nullptr, m_toolbar);
    int width = extent;
    for (QAction* action : m_toolbar->actions()) {
        if (!action->isVisible()) {
            continue;
        }
        QWidget* widget = m_toolbar->widgetForAction(action);
        if (auto* button = qobject_cast<QToolButton*>(widget)) {
            const Qt::ToolButtonStyle was = button->toolButtonStyle();
            button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
            width += button->sizeHint().width() + spacing;
            button->setToolButtonStyle(was);
        } else if (widget) {
            width += widget->minimumSizeHint().width() + spacing;
        } else if (action->isSeparator()) {
            width += m_toolbar->style()->pixelMetric(QStyle::PM_ToolBarSeparatorExtent, nullptr,
                                                     m_toolbar)
                     + spacing;
        }
    }
    m_widthWithText = width;
    return width;
}

void ToolBarFitter::fit()
{
    const Qt::ToolButtonStyle wanted = m_toolbar->width() >= widthWithText()
                                           ? Qt::ToolButtonTextBesideIcon
                                           : Qt::ToolButtonIconOnly;
    if (m_toolbar->toolButtonStyle() != wanted) {
        m_toolbar->setToolButtonStyle(wanted);
    }
}

bool ToolBarFitter::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_toolbar) {
        switch (event->type()) {
        case QEvent::ActionAdded:
        case QEvent::ActionRemoved:
        case QEvent::ActionChanged:
        case QEvent::FontChange:
        case QEvent::StyleChange: m_widthWithText = -1; break;
        case QEvent::Resize:
        case QEvent::Show: fit(); break;
        default: break;
        }
    }
    return QObject::eventFilter(watched, event);
}

} // namespace haul::ui
