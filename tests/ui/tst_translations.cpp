#include "app/aboutdialog.h"
#include "app/application.h"
#include "app/diagnosticspanel.h"
#include "app/mainwindow.h"
#include "app/settingsdialog.h"
#include "app/translations.h"
#include "bank/apierror.h"
#include "client/profile.h"
#include "support/controlaudit.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QStackedWidget>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

#include <cstdio>

using namespace Fabrikam;
using namespace Qt::StringLiterals;

// The German catalogue as the app loads it: lrelease'd from translations/fabrikam_de.ts and
// embedded at :/i18n/ by fabrikam_add_translations().
class TestTranslations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void catalogueIsComplete();
    void knownStringsAreGerman_data();
    void knownStringsAreGerman();
    void widgetsShowGerman();
    void codeUsesTheContextsLupdateRecorded();
    void bankMessagesAreGerman();
    void oneControlPerAltLetter_data();
    void oneControlPerAltLetter();
    void systemLocaleChoosesTheLanguage_data();
    void systemLocaleChoosesTheLanguage();

private:
    QTranslator m_translator;
};

void TestTranslations::initTestCase()
{
    QVERIFY(QFile::exists(u":/i18n/fabrikam_de.qm"_s));
    QVERIFY(m_translator.load(u":/i18n/fabrikam_de.qm"_s));
    QVERIFY(!m_translator.isEmpty());
    QCOMPARE(m_translator.language(), u"de_DE"_s);
    QVERIFY(QCoreApplication::installTranslator(&m_translator));
}

void TestTranslations::cleanupTestCase()
{
    QCoreApplication::removeTranslator(&m_translator);
}

// Every message of the .ts has a finished German translation.
void TestTranslations::catalogueIsComplete()
{
    QFile ts(QStringLiteral(FABRIKAM_TS_FILE));
    QVERIFY(ts.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&ts);
    int messages = 0;
    QStringList unfinished;
    QString source;
    while (xml.readNext() != QXmlStreamReader::Invalid && !xml.atEnd()) {
        if (!xml.isStartElement()) {
            continue;
        }
        if (xml.name() == u"message") {
            ++messages;
        } else if (xml.name() == u"source") {
            source = xml.readElementText();
        } else if (xml.name() == u"translation") {
            const QString type = xml.attributes().value(u"type"_s).toString();
            const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
            if (type == u"unfinished"_s || type == u"vanished"_s || type == u"obsolete"_s ||
                text.trimmed().isEmpty()) {
                unfinished.append(source);
            }
        }
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(messages > 100);
    QVERIFY2(unfinished.isEmpty(), qPrintable(unfinished.join(u"\n"_s)));
}

void TestTranslations::knownStringsAreGerman_data()
{
    QTest::addColumn<QString>("context");
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("german");

    QTest::newRow("settings save") << u"SettingsDialog"_s << u"&Save"_s << u"&Speichern"_s;
    QTest::newRow("diagnostics export") << u"DiagnosticsPanel"_s << u"E&xport support bundle…"_s
                                        << u"Support-Paket e&xportieren …"_s;
    QTest::newRow("about close") << u"AboutDialog"_s << u"&Close"_s << u"&Schließen"_s;
    QTest::newRow("timeline header")
        << u"Fabrikam::App::TimelineModel"_s << u"Event"_s << u"Ereignis"_s;
    QTest::newRow("auth core") << u"Fabrikam::Auth"_s << u"You are not signed in."_s
                               << u"Sie sind nicht angemeldet."_s;
    QTest::newRow("callback page")
        << u"Fabrikam::Auth::CallbackPage"_s << u"Signed in"_s << u"Angemeldet"_s;
}

void TestTranslations::knownStringsAreGerman()
{
    QFETCH(QString, context);
    QFETCH(QString, source);
    QFETCH(QString, german);
    QCOMPARE(QCoreApplication::translate(context.toUtf8().constData(), source.toUtf8().constData()),
             german);
}

void TestTranslations::widgetsShowGerman()
{
    App::SettingsDialog settings;
    QCOMPARE(settings.findChild<QPushButton*>(u"saveButton"_s)->text(), u"&Speichern"_s);
    QCOMPARE(settings.findChild<QPushButton*>(u"cancelButton"_s)->text(), u"Abbrechen"_s);
    App::DiagnosticsPanel diagnostics;
    QCOMPARE(diagnostics.findChild<QPushButton*>(u"exportBundleButton"_s)->text(),
             u"Support-Paket e&xportieren …"_s);
    App::AboutDialog about;
    QCOMPARE(about.windowTitle(), u"Über Fabrikam Desktop"_s);
    QCOMPARE(about.objectName(), u"aboutDialog"_s);
    QVERIFY(about.findChild<QPushButton*>(u"closeButton"_s));

    // FABRIKAM_SCREENSHOT_DIR=/some/dir saves the German forms (as the window stories do).
    if (const QString dir = qEnvironmentVariable("FABRIKAM_SCREENSHOT_DIR"); !dir.isEmpty()) {
        for (QWidget* widget : std::initializer_list<QWidget*>{&settings, &diagnostics, &about}) {
            widget->show();
            QVERIFY(widget->grab().save(dir + u"/de-"_s + widget->objectName() + u".png"_s));
        }
    }
}

// Strings looked up through file-local helpers (profile.cpp) must ask for the same context that
// lupdate recorded, or they stay English at run time.
void TestTranslations::codeUsesTheContextsLupdateRecorded()
{
    Client::Profile profile = Client::Profile::sandbox();
    profile.auth.clientId.clear();
    const auto invalid = profile.validate();
    QVERIFY(!invalid.ok());
    QVERIFY2(invalid.error().message != u"The profile needs a client id."_s,
             qPrintable(invalid.error().message));
}

// What the bank client says (Bank::errorFromAnswer) reaches the window as it is, so every one of
// its sentences must be in the catalogue under the context the code asks for: each answer below
// reads differently with the German catalogue than without it.
void TestTranslations::bankMessagesAreGerman()
{
    using Bank::HttpAnswer;
    using Bank::RequestKind;
    const auto answer = [](int status, QByteArray challenge = {}) {
        HttpAnswer a;
        a.status = status;
        a.wwwAuthenticate = std::move(challenge);
        return a;
    };
    HttpAnswer timedOut;
    timedOut.timedOut = true;
    HttpAnswer refused;
    refused.networkError = QNetworkReply::ConnectionRefusedError;
    HttpAnswer lost;
    lost.networkError = QNetworkReply::RemoteHostClosedError;
    HttpAnswer oversized;
    oversized.oversized = true;
    const QList<HttpAnswer> answers{
        timedOut,
        refused,
        lost,
        oversized,
        answer(503),
        answer(502),
        answer(400),
        answer(401),
        answer(401, "Bearer error=\"invalid_token\""),
        answer(403, "Bearer error=\"insufficient_scope\", scope=\"transfer:funds\""),
        answer(401, "Bearer error=\"insufficient_user_authentication\", max_age=600"),
    };
    const auto messages = [&answers] {
        QStringList said;
        for (const HttpAnswer& a : answers) {
            for (RequestKind kind : {RequestKind::Read, RequestKind::Transfer}) {
                said.append(Bank::errorFromAnswer(a, kind).message);
            }
        }
        return said;
    };
    QCoreApplication::removeTranslator(&m_translator);
    const QStringList english = messages();
    QVERIFY(QCoreApplication::installTranslator(&m_translator));
    const QStringList german = messages();
    QCOMPARE(german.size(), english.size());
    for (qsizetype i = 0; i < english.size(); ++i) {
        QVERIFY2(!english.at(i).isEmpty() && german.at(i) != english.at(i),
                 qPrintable(u"still English: "_s + english.at(i)));
    }
}

void TestTranslations::oneControlPerAltLetter_data()
{
    QTest::addColumn<bool>("german");
    QTest::newRow("English") << false;
    QTest::newRow("German") << true;
}

// The Alt letters change with the words: in either language, on every page of the main window
// (with the diagnostics panel open) and in the dialogs, no letter is taken twice, menus included.
void TestTranslations::oneControlPerAltLetter()
{
    QFETCH(bool, german);
    if (!german) {
        QCoreApplication::removeTranslator(&m_translator);
    }
    const auto reinstall =
        qScopeGuard([this] { QCoreApplication::installTranslator(&m_translator); });
    App::Application::Options options;
    options.profile.name = u"alt-letters-%1"_s.arg(QCoreApplication::applicationPid());
    App::Application fabrikam(std::move(options));
    App::MainWindow window(fabrikam);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* stack = window.findChild<QStackedWidget*>(u"stateStack"_s);
    QVERIFY(stack);
    auto* diagnostics = window.findChild<QAction*>(u"actionDiagnostics"_s);
    QVERIFY(diagnostics);
    diagnostics->setChecked(true);
    for (int i = 0; i < stack->count(); ++i) {
        stack->setCurrentIndex(i);
        QStringList clashes = Test::auditControls(&window);
        clashes.removeIf([](const QString& line) { return !line.startsWith(u"Alt mnemonic"_s); });
        QVERIFY2(clashes.isEmpty(),
                 qPrintable(stack->currentWidget()->objectName() + u": "_s + clashes.join(u'\n')));
    }
    App::SettingsDialog settings;
    settings.show();
    App::AboutDialog about;
    about.show();
    for (QWidget* dialog : std::initializer_list<QWidget*>{&settings, &about}) {
        QStringList clashes = Test::auditControls(dialog);
        clashes.removeIf([](const QString& line) { return !line.startsWith(u"Alt mnemonic"_s); });
        QVERIFY2(clashes.isEmpty(), qPrintable(clashes.join(u'\n')));
    }
}

void TestTranslations::systemLocaleChoosesTheLanguage_data()
{
    QTest::addColumn<QString>("lang");
    QTest::addColumn<QString>("language"); // GNU LANGUAGE: the user's list of UI languages
    QTest::addColumn<bool>("german");

    QTest::newRow("de_DE") << u"de_DE.UTF-8"_s << QString() << true;
    QTest::newRow("de_AT") << u"de_AT.UTF-8"_s << QString() << true;
    QTest::newRow("en_US") << u"en_US.UTF-8"_s << QString() << false;
    QTest::newRow("fr_FR: no catalogue, English") << u"fr_FR.UTF-8"_s << QString() << false;
    QTest::newRow("LANGUAGE fr:de") << u"fr_FR.UTF-8"_s << u"fr:de"_s << true;
}

// The app's own start-up path (installTranslations() as main.cpp calls it) in a fresh process
// whose environment says the language, then the real MainWindow: what a person with that system
// locale sees.
void TestTranslations::systemLocaleChoosesTheLanguage()
{
    QFETCH(QString, lang);
    QFETCH(QString, language);
    QFETCH(bool, german);

    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANGUAGE"}) {
        env.remove(QString::fromLatin1(name));
    }
    env.insert(u"LANG"_s, lang);
    if (!language.isEmpty()) {
        env.insert(u"LANGUAGE"_s, language);
    }
    env.insert(u"FABRIKAM_LOCALE_PROBE"_s, u"1"_s);
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QProcess probe;
    probe.setProcessEnvironment(env);
    probe.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(probe.waitForFinished(30000));
    QCOMPARE(probe.exitCode(), 0);
    const QJsonObject seen = QJsonDocument::fromJson(probe.readAllStandardOutput()).object();
    QCOMPARE(seen[u"installed"_s].toBool(), german);
    if (german) {
        QCOMPARE(seen[u"signIn"_s].toString(), u"&Anmelden …"_s);
        QVERIFY(seen[u"transfer"_s].toString() != u"Transfer &money…"_s);
        QVERIFY(seen[u"signOut"_s].toString() != u"Sign &out"_s);
    } else {
        QCOMPARE(seen[u"signIn"_s].toString(), u"&Sign in…"_s);
        QCOMPARE(seen[u"transfer"_s].toString(), u"Transfer &money…"_s);
        QCOMPARE(seen[u"signOut"_s].toString(), u"Sign &out"_s);
    }
}

namespace {

// The child of systemLocaleChoosesTheLanguage(): start as main.cpp does, build the main window
// for a profile no keychain entry has, print what it shows.
int localeProbe(int argc, char** argv)
{
    QApplication app(argc, argv);
    const bool installed = App::installTranslations(app);
    App::Application::Options options;
    options.profile.name = u"locale-probe-%1"_s.arg(QCoreApplication::applicationPid());
    App::Application fabrikam(std::move(options));
    App::MainWindow window(fabrikam);
    const auto text = [&window](const char* name) {
        if (auto* button = window.findChild<QPushButton*>(QString::fromLatin1(name))) {
            return button->text();
        }
        if (auto* action = window.findChild<QAction*>(QString::fromLatin1(name))) {
            return action->text();
        }
        return QString();
    };
    const QJsonObject seen{{u"installed"_s, installed},
                           {u"signIn"_s, text("signInButton")},
                           {u"transfer"_s, text("transferButton")},
                           {u"signOut"_s, text("actionSignOut")}};
    std::fputs(QJsonDocument(seen).toJson(QJsonDocument::Compact).constData(), stdout);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsSet("FABRIKAM_LOCALE_PROBE")) {
        return localeProbe(argc, argv);
    }
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    TestTranslations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
