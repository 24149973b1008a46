// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>
#include <QMessageBox>
#include <QString>

class QWidget;

namespace haul::ui {

// ConfirmDialog: the yes/no questions Haul asks before it does something that cannot be undone
// (remove downloads, delete their files, quit with downloads running). A modal QMessageBox
// (object name "confirmDialog"); with a settings key it also has a "Don't ask again" check box
// (object name "dontAskAgain"): ticked and accepted, the key is set to false in QSettings and
// later questions with that key are answered yes without asking. The Settings dialog sets the
// keys back (AppSettings::confirmRemove, confirmQuit). GUI thread only.
class ConfirmDialog final {
    Q_DECLARE_TR_FUNCTIONS(ConfirmDialog)

public:
    struct Question {
        QString title;
        QString text;        // what will happen, in one sentence
        QString informative; // the details (which files), may be empty
        QString acceptText;  // the accepting button's label ("Remove", "Quit")
        QMessageBox::Icon icon = QMessageBox::Question;
        QString settingsKey;      // empty: always asked, no check box
        bool destructive = false; // the safe button (Cancel) is the default one
    };

    // True when the user accepted, or earlier chose not to be asked again (no dialog then).
    static bool ask(QWidget* parent, const Question& question);
    // False when the user ticked "Don't ask again" for key.
    static bool willAsk(const QString& settingsKey);
};

} // namespace haul::ui
