#include "app/aboutdialog.h"
#include "app/settingsdialog.h"
#include "client/profile.h"
#include "support/controlaudit.h"
#include "support/widgetlookup.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QVBoxLayout>

using Fabrikam::App::SettingsDialog;
using Fabrikam::Client::Profile;
using namespace Qt::StringLiterals;

namespace {

// Anything that would be a secret in a profile file or in QSettings (DESIGN.md section 5).
const QRegularExpression kSecretName(u"token|secret|password|verifier|refresh|otp|cookie"_s,
                                     QRegularExpression::CaseInsensitiveOption);

using Fabrikam::Test::named;

// FABRIKAM_SCREENSHOT_DIR=/some/dir saves a PNG of the dialog (as the window stories do).
void saveScreenshot(QWidget& widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("FABRIKAM_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QVERIFY(widget.grab().save(dir + u'/' + name + u".png"_s));
    }
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void widgetsHaveObjectNames();
    void controlAuditFindsWhatIsWrong();
    void showsTheSandboxByDefault();
    void invalidProfileDisablesSave_data();
    void invalidProfileDisablesSave();
    void saveWritesNonSecretJson();
    void savedProfileIsOfferedAndRemembered();
    void auth0TemplateFillsIssuerAndPort();
    void tabOrderCoversAllFields();
    void cancelRejectsWithoutWriting();
};

void TestSettingsDialog::init()
{
    QDir(Profile::directory()).removeRecursively();
    QSettings().clear();
}

void TestSettingsDialog::widgetsHaveObjectNames()
{
    SettingsDialog dialog;
    // Every control named for the tests, readable by a screen reader, with icons for HiDPI, no
    // Alt letter twice among what is shown; the About dialog (no test of its own) too.
    dialog.show();
    QVERIFY2(Fabrikam::Test::auditControls(&dialog).isEmpty(),
             qPrintable(Fabrikam::Test::auditControls(&dialog).join(u'\n')));
    Fabrikam::App::AboutDialog about;
    about.show();
    QVERIFY2(Fabrikam::Test::auditControls(&about).isEmpty(),
             qPrintable(Fabrikam::Test::auditControls(&about).join(u'\n')));
    QCOMPARE(dialog.objectName(), u"settingsDialog"_s);
    QVERIFY(named<QComboBox>(&dialog, u"profileCombo"_s));
    for (const QString& name : {u"issuerEdit"_s, u"clientIdEdit"_s, u"audienceEdit"_s,
                                u"resourceEdit"_s, u"apiBaseUrlEdit"_s, u"baseScopesEdit"_s,
                                u"stepUpScopeEdit"_s, u"mfaAcrEdit"_s, u"auth0TenantEdit"_s}) {
        QVERIFY2(named<QLineEdit>(&dialog, name), qPrintable(name));
    }
    QVERIFY(named<QSpinBox>(&dialog, u"sensitiveMaxAgeSpin"_s));
    QVERIFY(named<QSpinBox>(&dialog, u"redirectPortSpin"_s));
    for (const QString& name : {u"auth0TemplateButton"_s, u"saveButton"_s, u"cancelButton"_s}) {
        QVERIFY2(named<QPushButton>(&dialog, name), qPrintable(name));
    }
    QVERIFY(named<QLabel>(&dialog, u"validationLabel"_s));
}

// The audit the UI tests rely on can fail: an unnamed button, an edit nobody labelled, a bitmap
// icon that blurs at 2x; and a labelled, named, SVG-iconned form passes.
void TestSettingsDialog::controlAuditFindsWhatIsWrong()
{
    QWidget form;
    form.setObjectName(u"form"_s);
    auto* unnamed = new QPushButton(u"&Go"_s, &form);
    auto* edit = new QLineEdit(&form);
    edit->setObjectName(u"amountEdit"_s);
    QPixmap bitmap(16, 16);
    bitmap.fill(Qt::red);
    auto* blurry = new QPushButton(QIcon(bitmap), u"Blurry"_s, &form);
    blurry->setObjectName(u"blurryButton"_s);
    auto* layout = new QVBoxLayout(&form);
    auto* again = new QPushButton(u"&Gone"_s, &form); // Alt+G twice in one window
    again->setObjectName(u"goneButton"_s);
    auto* hidden = new QPushButton(u"&Amount"_s, &form); // hidden: its Alt+A takes no key
    hidden->setObjectName(u"hiddenButton"_s);
    for (QWidget* w : {static_cast<QWidget*>(unnamed), static_cast<QWidget*>(edit),
                       static_cast<QWidget*>(blurry), static_cast<QWidget*>(again),
                       static_cast<QWidget*>(hidden)}) {
        layout->addWidget(w);
    }
    auto* amountLabel = new QLabel(u"&Amount:"_s, &form); // counted: a buddy label's letter
    amountLabel->setBuddy(blurry);
    layout->addWidget(amountLabel);
    form.show();
    hidden->hide();
    const QStringList problems = Fabrikam::Test::auditControls(&form);
    QCOMPARE(problems.size(), 4);
    QVERIFY2(problems.at(3) == uR"(Alt mnemonic Alt+G of "&Gone" clashes with "&Go")"_s,
             qPrintable(problems.at(3)));
    QVERIFY(problems.at(0).startsWith(u"no objectName: QPushButton (unnamed) \"&Go\""_s));
    QVERIFY(problems.at(1).startsWith(u"no accessible name: QLineEdit amountEdit"_s));
    QVERIFY(
        problems.at(2).startsWith(u"icon does not scale for HiDPI: QPushButton blurryButton"_s));

    unnamed->setObjectName(u"goButton"_s);
    again->setText(u"G&one"_s);
    auto* label = new QLabel(u"&Amount"_s, &form);
    label->setBuddy(edit);
    QTemporaryDir dir;
    QFile svg(dir.filePath(u"mark.svg"_s));
    QVERIFY(svg.open(QIODevice::WriteOnly));
    svg.write(R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16">)"
              R"(<rect width="16" height="16" fill="red"/></svg>)");
    svg.close();
    blurry->setIcon(QIcon(svg.fileName()));
    QVERIFY(!blurry->icon().isNull());
    QVERIFY2(Fabrikam::Test::auditControls(&form).isEmpty(),
             qPrintable(Fabrikam::Test::auditControls(&form).join(u'\n')));

    // A message label whose accessible name was set by hand: a screen reader says the name, not
    // the message a person reads.
    auto* message = new QLabel(u"Enter the amount to transfer."_s, &form);
    message->setObjectName(u"amountError"_s);
    message->setAccessibleName(u"Amount error"_s);
    layout->addWidget(message);
    QCOMPARE(
        Fabrikam::Test::auditControls(&form),
        QStringList{u"accessible name \"Amount error\" hides the text of label amountError"_s});
    message->setAccessibleName({});
    QVERIFY2(Fabrikam::Test::auditControls(&form).isEmpty(),
             qPrintable(Fabrikam::Test::auditControls(&form).join(u'\n')));
}

void TestSettingsDialog::showsTheSandboxByDefault()
{
    SettingsDialog dialog;
    const Profile sandbox = Profile::sandbox();
    auto* combo = named<QComboBox>(&dialog, u"profileCombo"_s);
    QCOMPARE(combo->currentText(), u"sandbox"_s);
    QVERIFY(combo->findText(u"sandbox"_s) >= 0);
    QCOMPARE(named<QLineEdit>(&dialog, u"issuerEdit"_s)->text(), sandbox.auth.issuer);
    QCOMPARE(named<QLineEdit>(&dialog, u"clientIdEdit"_s)->text(), sandbox.auth.clientId);
    QCOMPARE(named<QLineEdit>(&dialog, u"stepUpScopeEdit"_s)->text(), u"transfer:funds"_s);
    QCOMPARE(named<QSpinBox>(&dialog, u"redirectPortSpin"_s)->value(), 0);
    QVERIFY(named<QPushButton>(&dialog, u"saveButton"_s)->isEnabled());
}

void TestSettingsDialog::invalidProfileDisablesSave_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("mentions");

    QTest::newRow("http issuer on a public host")
        << u"issuerEdit"_s << u"http://login.example.com/"_s << u"issuer"_s;
    QTest::newRow("empty issuer") << u"issuerEdit"_s << QString() << u"issuer"_s;
    QTest::newRow("issuer not a URL") << u"issuerEdit"_s << u"login example"_s << u"issuer"_s;
    QTest::newRow("no client id") << u"clientIdEdit"_s << QString() << u"client id"_s;
    QTest::newRow("http API on a public host")
        << u"apiBaseUrlEdit"_s << u"http://api.example.com"_s << u"API"_s;
    QTest::newRow("no openid scope") << u"baseScopesEdit"_s << u"profile email"_s << u"openid"_s;
    QTest::newRow("step-up scope among the base scopes")
        << u"stepUpScopeEdit"_s << u"read:accounts"_s << u"step-up"_s;
}

void TestSettingsDialog::invalidProfileDisablesSave()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, mentions);

    SettingsDialog dialog;
    auto* save = named<QPushButton>(&dialog, u"saveButton"_s);
    auto* message = named<QLabel>(&dialog, u"validationLabel"_s);
    auto* edit = named<QLineEdit>(&dialog, field);
    const QString original = edit->text();
    QVERIFY(save->isEnabled());

    edit->clear();
    QTest::keyClicks(edit, value);
    QVERIFY(!save->isEnabled());
    QVERIFY2(message->text().contains(mentions, Qt::CaseInsensitive), qPrintable(message->text()));
    QVERIFY(message->property("problem").toBool());
    if (QByteArrayView(QTest::currentDataTag()) == "http issuer on a public host") {
        dialog.show();
        saveScreenshot(dialog, u"settingsdialog-invalid"_s);
    }

    // Fixing the field enables Save again.
    edit->setText(original);
    QVERIFY(save->isEnabled());
    QVERIFY(!message->property("problem").toBool());
}

void TestSettingsDialog::saveWritesNonSecretJson()
{
    SettingsDialog dialog;
    QSignalSpy saved(&dialog, &SettingsDialog::profileSaved);
    auto* combo = named<QComboBox>(&dialog, u"profileCombo"_s);
    combo->setEditText(u"work"_s);
    named<QLineEdit>(&dialog, u"issuerEdit"_s)->setText(u"https://login.fabrikam.example/"_s);
    named<QLineEdit>(&dialog, u"apiBaseUrlEdit"_s)->setText(u"https://api.fabrikam.example"_s);
    named<QSpinBox>(&dialog, u"sensitiveMaxAgeSpin"_s)->setValue(300);
    auto* save = named<QPushButton>(&dialog, u"saveButton"_s);
    QVERIFY(save->isEnabled());

    QTest::mouseClick(save, Qt::LeftButton);

    QCOMPARE(saved.count(), 1);
    const auto profile = saved.first().first().value<Profile>();
    QCOMPARE(profile.name, u"work"_s);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    QFile file(Profile::directory() + u"/work.json"_s);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
    const QByteArray bytes = file.readAll();
    const QJsonObject json = QJsonDocument::fromJson(bytes).object();
    const QStringList expectedKeys{u"account_hint"_s,      u"api_base_url"_s,  u"audience"_s,
                                   u"base_scopes"_s,       u"client_id"_s,     u"issuer"_s,
                                   u"mfa_acr"_s,           u"redirect_port"_s, u"resource"_s,
                                   u"sensitive_max_age"_s, u"step_up_scope"_s};
    QCOMPARE(json.keys(), expectedKeys);
    for (const QString& key : json.keys()) {
        QVERIFY2(!kSecretName.match(key).hasMatch(), qPrintable(key));
    }
    QCOMPARE(json.value(u"issuer"_s).toString(), u"https://login.fabrikam.example/"_s);
    QCOMPARE(json.value(u"sensitive_max_age"_s).toInt(), 300);

    // It loads back as the same profile.
    const auto loaded = Profile::load(u"work"_s);
    QVERIFY(loaded.ok());
    QCOMPARE(loaded.value().toJson(), json);

    // QSettings holds the name and nothing secret.
    QSettings settings;
    QCOMPARE(settings.value(u"profile/current"_s).toString(), u"work"_s);
    for (const QString& key : settings.allKeys()) {
        QVERIFY2(!kSecretName.match(key).hasMatch(), qPrintable(key));
    }
}

void TestSettingsDialog::savedProfileIsOfferedAndRemembered()
{
    {
        SettingsDialog dialog;
        named<QComboBox>(&dialog, u"profileCombo"_s)->setEditText(u"staging"_s);
        named<QLineEdit>(&dialog, u"clientIdEdit"_s)->setText(u"staging-client"_s);
        QTest::mouseClick(named<QPushButton>(&dialog, u"saveButton"_s), Qt::LeftButton);
    }
    QCOMPARE(SettingsDialog::savedProfileNames(), (QStringList{u"sandbox"_s, u"staging"_s}));

    // The next dialog opens on the last saved profile; picking "sandbox" loads the sandbox.
    SettingsDialog dialog;
    auto* combo = named<QComboBox>(&dialog, u"profileCombo"_s);
    QCOMPARE(combo->currentText(), u"staging"_s);
    QCOMPARE(named<QLineEdit>(&dialog, u"clientIdEdit"_s)->text(), u"staging-client"_s);
    const int sandboxIndex = combo->findText(u"sandbox"_s);
    QVERIFY(sandboxIndex >= 0);
    combo->setCurrentIndex(sandboxIndex);
    Q_EMIT combo->activated(sandboxIndex);
    QCOMPARE(named<QLineEdit>(&dialog, u"clientIdEdit"_s)->text(),
             Profile::sandbox().auth.clientId);
}

void TestSettingsDialog::auth0TemplateFillsIssuerAndPort()
{
    SettingsDialog dialog;
    auto* tenant = named<QLineEdit>(&dialog, u"auth0TenantEdit"_s);
    auto* button = named<QPushButton>(&dialog, u"auth0TemplateButton"_s);
    auto* save = named<QPushButton>(&dialog, u"saveButton"_s);
    auto* message = named<QLabel>(&dialog, u"validationLabel"_s);

    // No tenant yet: a message, nothing filled in.
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(message->text().contains(u"tenant"_s, Qt::CaseInsensitive));
    QCOMPARE(named<QLineEdit>(&dialog, u"issuerEdit"_s)->text(), Profile::sandbox().auth.issuer);

    QTest::keyClicks(tenant, u"tenant.example.auth0.com"_s);
    QTest::mouseClick(button, Qt::LeftButton);

    QCOMPARE(named<QLineEdit>(&dialog, u"issuerEdit"_s)->text(),
             u"https://tenant.example.auth0.com/"_s);
    QCOMPARE(named<QSpinBox>(&dialog, u"redirectPortSpin"_s)->value(), 53682);
    QCOMPARE(named<QComboBox>(&dialog, u"profileCombo"_s)->currentText(),
             u"tenant.example.auth0.com"_s);
    auto* note = named<QLabel>(&dialog, u"auth0NoteLabel"_s);
    QVERIFY(!note->isHidden());
    QVERIFY(note->text().contains(u"http://127.0.0.1:53682/callback"_s));
    QVERIFY(note->text().contains(u"port"_s));
    // The audience stays; the sandbox's client ID does not, and Save waits for the real one.
    QCOMPARE(named<QLineEdit>(&dialog, u"audienceEdit"_s)->text(),
             Profile::sandbox().auth.audience);
    QVERIFY(named<QLineEdit>(&dialog, u"clientIdEdit"_s)->text().isEmpty());
    QVERIFY(!save->isEnabled());
    QVERIFY(message->text().contains(u"client id"_s, Qt::CaseInsensitive));

    named<QLineEdit>(&dialog, u"clientIdEdit"_s)->setText(u"Xy12AbCdEf"_s);
    named<QLineEdit>(&dialog, u"apiBaseUrlEdit"_s)->setText(u"https://api.fabrikam.example"_s);
    QVERIFY2(save->isEnabled(), qPrintable(message->text()));
    dialog.show();
    saveScreenshot(dialog, u"settingsdialog-auth0"_s);

    // A pasted https URL works as well.
    tenant->setText(u"https://other.eu.auth0.com/"_s);
    QTest::mouseClick(button, Qt::LeftButton);
    QCOMPARE(named<QLineEdit>(&dialog, u"issuerEdit"_s)->text(), u"https://other.eu.auth0.com/"_s);
    QCOMPARE(named<QLineEdit>(&dialog, u"clientIdEdit"_s)->text(), u"Xy12AbCdEf"_s);
}

void TestSettingsDialog::tabOrderCoversAllFields()
{
    SettingsDialog dialog;
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    const QStringList expected{
        u"profileCombo"_s,        u"issuerEdit"_s,          u"clientIdEdit"_s,
        u"audienceEdit"_s,        u"resourceEdit"_s,        u"redirectPortSpin"_s,
        u"apiBaseUrlEdit"_s,      u"baseScopesEdit"_s,      u"stepUpScopeEdit"_s,
        u"mfaAcrEdit"_s,          u"sensitiveMaxAgeSpin"_s, u"auth0TenantEdit"_s,
        u"auth0TemplateButton"_s, u"saveButton"_s,          u"cancelButton"_s,
        u"profileCombo"_s};
    named<QComboBox>(&dialog, u"profileCombo"_s)->setFocus(Qt::TabFocusReason);
    QStringList visited;
    for (qsizetype i = 0; i < expected.size(); ++i) {
        QWidget* focus = QApplication::focusWidget();
        QVERIFY(focus);
        visited.append(focus->objectName());
        QTest::keyClick(focus, Qt::Key_Tab);
    }
    QCOMPARE(visited, expected);
}

void TestSettingsDialog::cancelRejectsWithoutWriting()
{
    SettingsDialog dialog;
    QSignalSpy saved(&dialog, &SettingsDialog::profileSaved);
    QSignalSpy finished(&dialog, &QDialog::finished);
    dialog.open();
    named<QComboBox>(&dialog, u"profileCombo"_s)->setEditText(u"draft"_s);
    QTest::mouseClick(named<QPushButton>(&dialog, u"cancelButton"_s), Qt::LeftButton);
    QCOMPARE(finished.count(), 1);
    QCOMPARE(finished.first().first().toInt(), int(QDialog::Rejected));
    QCOMPARE(saved.count(), 0);
    QVERIFY(!QFile::exists(Profile::directory() + u"/draft.json"_s));
    QVERIFY(!QSettings().contains(u"profile/current"_s));
}

// XDG_CONFIG_HOME points into a temporary folder before QApplication exists, so profiles and
// QSettings of this run never touch the real configuration.
int main(int argc, char** argv)
{
    QTemporaryDir config;
    if (!config.isValid()) {
        return 1;
    }
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(config.path()));
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"Fabrikam"_s);
    QApplication::setApplicationName(u"fabrikam-desktop-tests"_s);
    TestSettingsDialog test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_settingsdialog.moc"
