#pragma once

class QApplication;

namespace Fabrikam::App {

// Loads the translation for the user's languages from :/i18n/fabrikam_<locale>.qm (embedded by
// qt_add_translations) when there is one; also Qt's own strings for the same language. Returns
// whether a Fabrikam translation was installed. English (the source language) needs none.
bool installTranslations(QApplication& application);

} // namespace Fabrikam::App
