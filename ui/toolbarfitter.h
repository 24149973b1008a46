// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QToolBar;

namespace haul::ui {

// ToolBarFitter: keeps every action of a toolbar on it, none behind its overflow button. The
// buttons show their text beside the icon while the toolbar is wide enough for that, and only
// their icon (the text in the tooltip) when it is not: a narrow window or a large scale factor.
// Watches the toolbar's resizes and its actions; owned by the toolbar. GUI thread only.
class ToolBarFitter final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ToolBarFitter)

public:
    explicit ToolBarFitter(QToolBar* toolbar);
    ~ToolBarFitter() override;

    // The width the toolbar needs with the text beside each icon.
    int widthWithText() const;
    void fit();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QToolBar* m_toolbar = nullptr;
    mutable int m_widthWithText = -1; // measured lazily; -1 after the actions changed
};

} // namespace haul::ui
