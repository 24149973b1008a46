// SPDX-License-Identifier: MIT
#pragma once

#include "categories.h"

#include <QWidget>

class QCheckBox;
class QTableWidget;

namespace haul::ui {

// CategoriesPage: the Settings dialog's Categories tab: the rules in order (name, file types,
// sites, folder), edited in place; Add, Remove, Move up and Restore defaults; and whether new
// downloads go to their category's folder. GUI thread only.
class CategoriesPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CategoriesPage)

public:
    enum Column { NameColumn, ExtensionsColumn, HostsColumn, FolderColumn, ColumnCount };

    CategoriesPage(const Categories& categories, bool useFolders, QWidget* parent = nullptr);
    ~CategoriesPage() override;

    // The rules as edited; rows without a name, or with neither file types nor sites, are
    // left out.
    Categories categories() const;
    bool useFolders() const;
    QTableWidget* table() const { return m_table; }

    void addCategory(const DownloadCategory& category);
    void setCategories(const Categories& categories);

private:
    void moveCurrent(int delta);

    QTableWidget* m_table = nullptr;
    QCheckBox* m_useFolders = nullptr;
};

} // namespace haul::ui
