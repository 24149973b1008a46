// SPDX-License-Identifier: MIT
#pragma once

#include "appsettings.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;
class QSpinBox;

namespace haul::ui {

// SettingsDialog: edits an AppSettings value; the caller saves and applies it. GUI thread only.
class SettingsDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // trayAvailable: whether "close to tray" can work on this desktop.
    SettingsDialog(const AppSettings& settings, bool trayAvailable, QWidget* parent = nullptr);
    ~SettingsDialog() override;

    AppSettings settings() const;

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
    QCheckBox* m_confirmRemove = nullptr;
    QCheckBox* m_confirmQuit = nullptr;
};

} // namespace haul::ui
