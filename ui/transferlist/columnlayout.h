// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QObject>
#include <QString>

class QHeaderView;
class QMenu;
class QTableView;

namespace haul::ui {

// ColumnLayout: the columns of the transfer table. Name takes the width the others leave; the
// others start at a width that fits their usual content ("999.9 MiB/s", a date) and, when the
// view is too narrow for all of them and a readable Name, give way first, down to what their
// title needs, so no horizontal scroll bar appears until even that does not fit: first each down
// to what its usual content needs (kGiveWayOrder in the .cpp: Host, Folder, ... Size, Speed),
// then each down to its title. A column the user widens or narrows keeps that width as its
// preference.
//
// The header's context menu (columnMenu()) shows or hides each column but Name. Which columns
// show and how the list is sorted are kept in QSettings ("downloads/columns",
// "downloads/sort") as soon as they change, and read back by the constructor. Added, Finished,
// Folder, Connections, Host and Limit are hidden until the user shows them; Limit also shows by
// itself once a download has a limit of its own (set by the user, or restored), unless the
// user chose about that column in the menu.
//
// Lives as long as the view (its child). GUI thread only.
class ColumnLayout final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ColumnLayout)

public:
    explicit ColumnLayout(QTableView* view);
    ~ColumnLayout() override;

    // The Name column is never narrower than this while the others can still give way.
    static constexpr int kNameMinimum = 160;

    QMenu* columnMenu() const { return m_menu; }
    void setColumnVisible(int column, bool visible);
    // Lays the columns out again for the view's current width (called on every resize).
    void fit();
    // The width a column starts at, what it gives way to first (its usual content still
    // reads), and the least it gives way to (its title).
    int preferredWidth(int column) const;
    int readableWidth(int column) const;
    int minimumWidth(int column) const;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void measure();
    void restore();
    void saveColumns() const;
    void saveSort() const;
    // A row has a limit of its own: show the Limit column, unless the user chose about it.
    void showLimitColumn();

    QTableView* m_view = nullptr;
    QHeaderView* m_header = nullptr;
    QMenu* m_menu = nullptr;
    QList<int> m_preferred; // by column
    QList<int> m_readable;  // by column
    QList<int> m_minimum;   // by column
    bool m_fitting = false;
    bool m_limitChosen = false; // the user showed or hid Limit in the menu
};

} // namespace haul::ui
