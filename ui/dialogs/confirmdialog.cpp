// SPDX-License-Identifier: MIT
#include "dialogs/confirmdialog.h"

#include <QCheckBox>
#include <QPushButton>
#include <QSettings>

namespace haul::ui {

bool ConfirmDialog::willAsk(const QString& settingsKey)
{
    return settingsKey.isEmpty() || QSettings().value(settingsKey, true).toBool();
}

bool ConfirmDialog::ask(QWidget* parent, const Question& question)
{
    if (!willAsk(question.settingsKey)) {
        return true;
    }
    QMessageBox box(question.icon, question.title, question.text, QMessageBox::NoButton, parent);
    box.setObjectName(QStringLiteral("confirmDialog"));
    box.setTextFormat(Qt::PlainText);
    box.setInformativeText(question.informative);
    QPushButton* accept = box.addButton(question.acceptText, QMessageBox::AcceptRole);
    accept->setObjectName(QStringLiteral("confirmAccept"));
    QPushButton* cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(question.destructive ? cancel : accept);
    box.setEscapeButton(cancel);
    QCheckBox* dontAsk = nullptr;
    if (!question.settingsKey.isEmpty()) {
        dontAsk = new QCheckBox(tr("Don't ask again"), &box);
        dontAsk->setObjectName(QStringLiteral("dontAskAgain"));
        dontAsk->setToolTip(tr("Settings can turn the question on again"));
        box.setCheckBox(dontAsk);
    }
    box.exec();
    const bool accepted = box.clickedButton() == accept;
    if (accepted && dontAsk && dontAsk->isChecked()) {
        QSettings().setValue(question.settingsKey, false);
    }
    return accepted;
}

} // namespace haul::ui
