// SPDX-License-Identifier: MIT
#pragma once

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QMessageBox>
#include <QObject>
#include <QPixmap>
#include <QPointer>
#include <QTimer>

#include <memory>

// Answers the next ConfirmDialog question (a modal QMessageBox named "confirmDialog") from a
// timer that watches for it, since ask() blocks in its own event loop. GUI tests only.
namespace haul::guitest {

struct ConfirmAnswer {
    bool seen = false;
    QString text;        // the question
    QString informative; // its details
    bool hadDontAsk = false;
};

// accept: the accepting button, else Cancel; dontAsk: tick "Don't ask again" first. The
// returned answer is filled in when the question comes; a timer with context gives up after
// the test (the watcher dies with context).
inline std::shared_ptr<ConfirmAnswer> answerNextQuestion(QObject* context, bool accept,
                                                         bool dontAsk = false)
{
    auto answer = std::make_shared<ConfirmAnswer>();
    auto* timer = new QTimer(context);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, context, [timer, answer, accept, dontAsk] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || box->objectName() != QLatin1String("confirmDialog")) {
            return;
        }
        timer->stop();
        timer->deleteLater();
        answer->seen = true;
        answer->text = box->text();
        answer->informative = box->informativeText();
        // For looking at it: HAUL_SCREENSHOT_DIR=folder keeps a picture of each question.
        if (const QString shots = qEnvironmentVariable("HAUL_SCREENSHOT_DIR"); !shots.isEmpty()) {
            static int n = 0;
            box->grab().save(QStringLiteral("%1/question-%2.png").arg(shots).arg(++n));
        }
        if (QCheckBox* check = box->checkBox()) {
            answer->hadDontAsk = true;
            check->setChecked(dontAsk);
        }
        QAbstractButton* button =
            accept ? box->findChild<QAbstractButton*>(QStringLiteral("confirmAccept"))
                   : box->button(QMessageBox::Cancel);
        if (button) {
            button->click();
        }
    });
    timer->start();
    return answer;
}

} // namespace haul::guitest
