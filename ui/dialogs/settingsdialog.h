// SPDX-License-Identifier: MIT
#pragma once

#include "appsettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QTabWidget;

namespace haul::ui {

class CategoriesPage;

class ScheduleWidget;

// SettingsDialog: edits an AppSettings value on five tabs (General, Window, Categories,
// Schedule, Clipboard); the caller saves and applies it. GUI thread only.
class SettingsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // trayAvailable: whether "close to tray" can work on this desktop.
    SettingsDialog(const AppSettings& settings, bool trayAvailable, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    AppSettings settings() const;
    CategoriesPage* categoriesPage() const { return m_categories; }
    // The tabs; "Schedule" has the download hours, the alternative speed limit and what to do
    // when all are done.
    QTabWidget* pages() const { return m_pages; }

private:
    void handleBrowse();

    AppSettings m_initial;
    QLineEdit* m_directory = nullptr;
    QSpinBox* m_concurrent = nullptr;
    QSpinBox* m_connections = nullptr;
    QSpinBox* m_speedLimit = nullptr;
    QSpinBox* m_retries = nullptr;
    QSpinBox* m_maxFileSize = nullptr;
    QLineEdit* m_proxy = nullptr;
    QCheckBox* m_startHandedOver = nullptr;
    QCheckBox* m_closeToTray = nullptr;
    QCheckBox* m_notify = nullptr;
    QComboBox* m_theme = nullptr;
    CategoriesPage* m_categories = nullptr;
    QCheckBox* m_clipboardMonitor = nullptr;
    QLineEdit* m_clipboardExtensions = nullptr;
    QTabWidget* m_pages = nullptr;
    ScheduleWidget* m_schedule = nullptr;
    QCheckBox* m_confirmRemove = nullptr;
    QCheckBox* m_confirmQuit = nullptr;
};

} // namespace haul::ui
