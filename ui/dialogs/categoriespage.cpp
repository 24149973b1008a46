// SPDX-License-Identifier: MIT
#include "dialogs/categoriespage.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace haul::ui {

namespace {

QString joined(const QStringList& list)
{
    return list.join(QStringLiteral(", "));
}

} // namespace

CategoriesPage::CategoriesPage(const Categories& categories, bool useFolders, QWidget* parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("categoriesPage"));
    auto* about = new QLabel(
        tr("A new download goes to the folder of the first category that matches its file type "
           "or its site, unless you choose a folder in the Add dialog. An empty folder means a "
           "folder named after the category inside the download folder."),
        this);
    about->setWordWrap(true);

    m_useFolders = new QCheckBox(tr("Save new downloads in their category's folder"), this);
    m_useFolders->setObjectName(QStringLiteral("useCategoryFolders"));
    m_useFolders->setChecked(useFolders);

    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setObjectName(QStringLiteral("categoriesTable"));
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("File types"), tr("Sites"), tr("Folder")});
    m_table->horizontalHeaderItem(ExtensionsColumn)
        ->setToolTip(tr("Extensions, separated by commas: mp4, mkv, tar.gz"));
    m_table->horizontalHeaderItem(HostsColumn)
        ->setToolTip(tr("Sites, separated by commas: example.com (with its subdomains), "
                        "*.example.com (only its subdomains)"));
    m_table->horizontalHeaderItem(FolderColumn)
        ->setToolTip(tr("Empty: a folder named after the category inside the download folder"));
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideRight);
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ExtensionsColumn, QHeaderView::Stretch);
    header->resizeSection(NameColumn, 100);
    header->resizeSection(HostsColumn, 110);
    header->resizeSection(FolderColumn, 110);

    auto* add = new QPushButton(tr("Add"), this);
    add->setObjectName(QStringLiteral("addCategory"));
    auto* remove = new QPushButton(tr("Remove"), this);
    remove->setObjectName(QStringLiteral("removeCategory"));
    auto* up = new QPushButton(tr("Move Up"), this);
    up->setToolTip(tr("The first category that matches wins"));
    auto* defaults = new QPushButton(tr("Restore Defaults"), this);
    defaults->setObjectName(QStringLiteral("restoreCategories"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(up);
    buttons->addStretch(1);
    buttons->addWidget(defaults);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(about);
    layout->addWidget(m_useFolders);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);

    connect(add, &QPushButton::clicked, this, [this] {
        addCategory({tr("New category"), {}, {}, {}});
        m_table->setCurrentCell(m_table->rowCount() - 1, NameColumn);
        m_table->editItem(m_table->currentItem());
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_table->currentRow() >= 0) {
            m_table->removeRow(m_table->currentRow());
        }
    });
    connect(up, &QPushButton::clicked, this, [this] { moveCurrent(-1); });
    connect(defaults, &QPushButton::clicked, this,
            [this] { setCategories(Categories::defaults()); });
    setCategories(categories);
}

CategoriesPage::~CategoriesPage() = default;

void CategoriesPage::setCategories(const Categories& categories)
{
    m_table->setRowCount(0);
    for (const DownloadCategory& c : categories.list()) {
        addCategory(c);
    }
}

void CategoriesPage::addCategory(const DownloadCategory& category)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    const QStringList texts = {category.name, joined(category.extensions), joined(category.hosts),
                               category.folder};
    for (int column = 0; column < ColumnCount; ++column) {
        auto* item = new QTableWidgetItem(texts[column]);
        item->setToolTip(texts[column]);
        m_table->setItem(row, column, item);
    }
}

void CategoriesPage::moveCurrent(int delta)
{
    const int row = m_table->currentRow();
    const int to = row + delta;
    if (row < 0 || to < 0 || to >= m_table->rowCount()) {
        return;
    }
    for (int column = 0; column < ColumnCount; ++column) {
        QTableWidgetItem* a = m_table->takeItem(row, column);
        QTableWidgetItem* b = m_table->takeItem(to, column);
        m_table->setItem(row, column, b);
        m_table->setItem(to, column, a);
    }
    m_table->setCurrentCell(to, m_table->currentColumn());
}

Categories CategoriesPage::categories() const
{
    QList<DownloadCategory> list;
    const auto text = [this](int row, int column) {
        const QTableWidgetItem* item = m_table->item(row, column);
        return item ? item->text().trimmed() : QString();
    };
    for (int row = 0; row < m_table->rowCount(); ++row) {
        DownloadCategory c;
        c.name = text(row, NameColumn);
        c.extensions = Categories::parseList(text(row, ExtensionsColumn));
        c.hosts = Categories::parseList(text(row, HostsColumn));
        c.folder = text(row, FolderColumn);
        if (!c.name.isEmpty() && !(c.extensions.isEmpty() && c.hosts.isEmpty())) {
            list.append(c);
        }
    }
    return Categories(list);
}

bool CategoriesPage::useFolders() const
{
    return m_useFolders->isChecked();
}

} // namespace haul::ui
