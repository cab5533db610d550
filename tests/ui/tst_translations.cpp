#include "app/aboutdialog.h"
#include "app/diagnosticspanel.h"
#include "app/settingsdialog.h"
#include "bank/profile.h"

#include <QApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QPushButton>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

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

    // FABRIKAM_SCREENSHOT_DIR=/some/dir saves the German forms (as tst_mainwindow does).
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
    Bank::Profile profile = Bank::Profile::sandbox();
    profile.auth.clientId.clear();
    const auto invalid = profile.validate();
    QVERIFY(!invalid.ok());
    QVERIFY2(invalid.error().message != u"The profile needs a client id."_s,
             qPrintable(invalid.error().message));
}

int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    TestTranslations test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_translations.moc"
