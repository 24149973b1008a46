// SPDX-License-Identifier: MIT
#pragma once

class QCoreApplication;
class QLocale;

namespace haul::ui {

// Installs Haul's own translation (translations/haul_<lang>.ts, built by lrelease into the
// resources under :/i18n) and Qt's for the standard dialogs' buttons, for the first of the
// locale's UI languages that has one. English, the source language, needs none. Returns whether
// Haul's own translation was found. GUI thread, before any window exists.
bool installTranslations(QCoreApplication& app, const QLocale& locale);

} // namespace haul::ui
