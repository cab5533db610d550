#include "app/settingsdialog.h"

#include "ui_settingsdialog.h"

#include <QComboBox>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSettings>
#include <QSpinBox>

namespace Fabrikam::App {

namespace {

const QString kCurrentProfileKey = QStringLiteral("profile/current");
const QString kSandbox = QStringLiteral("sandbox");

// The names Profile::load() accepts.
bool isProfileName(const QString& name)
{
    static const QRegularExpression safe(QStringLiteral("^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$"));
    return safe.match(name).hasMatch();
}

// "https://tenant.eu.auth0.com/" or "tenant.eu.auth0.com" -> "tenant.eu.auth0.com".
QString tenantDomain(QString text)
{
    text = text.trimmed();
    if (text.startsWith(QLatin1String("https://"), Qt::CaseInsensitive)) {
        text = text.mid(8);
    }
    while (text.endsWith(QLatin1Char('/'))) {
        text.chop(1);
    }
    return text;
}

} // namespace

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent)
    , m_ui(new Ui::SettingsDialog)
{
    m_ui->setupUi(this);

    m_ui->profileCombo->addItems(savedProfileNames());
    m_ui->auth0NoteLabel->setVisible(false);

    for (QLineEdit* edit :
         {m_ui->issuerEdit, m_ui->clientIdEdit, m_ui->audienceEdit, m_ui->resourceEdit,
          m_ui->apiBaseUrlEdit, m_ui->baseScopesEdit, m_ui->stepUpScopeEdit, m_ui->mfaAcrEdit}) {
        connect(edit, &QLineEdit::textChanged, this, &SettingsDialog::revalidate);
    }
    for (QSpinBox* spin : {m_ui->sensitiveMaxAgeSpin, m_ui->redirectPortSpin}) {
        connect(spin, &QSpinBox::valueChanged, this, &SettingsDialog::revalidate);
    }
    connect(m_ui->profileCombo, &QComboBox::editTextChanged, this, &SettingsDialog::revalidate);
    // A name picked from the list loads that profile; a typed name keeps the fields (save as).
    connect(m_ui->profileCombo, &QComboBox::activated, this,
            [this](int index) { selectProfile(m_ui->profileCombo->itemText(index)); });
    connect(m_ui->auth0TenantEdit, &QLineEdit::returnPressed, this,
            &SettingsDialog::applyAuth0Template);
    connect(m_ui->auth0TemplateButton, &QPushButton::clicked, this,
            &SettingsDialog::applyAuth0Template);
    connect(m_ui->saveButton, &QPushButton::clicked, this, &SettingsDialog::save);
    connect(m_ui->cancelButton, &QPushButton::clicked, this, &QDialog::reject);

    // The last saved profile, or the sandbox when it is gone or was never set.
    const QString current = QSettings().value(kCurrentProfileKey, kSandbox).toString();
    selectProfile(isProfileName(current) && Client::Profile::load(current).ok() ? current
                                                                                : kSandbox);
}

SettingsDialog::~SettingsDialog() = default;

QString SettingsDialog::rememberedProfileName()
{
    const QString name = QSettings().value(kCurrentProfileKey).toString();
    return isProfileName(name) ? name : kSandbox;
}

QStringList SettingsDialog::savedProfileNames()
{
    QStringList names{kSandbox};
    const QStringList files =
        QDir(Client::Profile::directory()).entryList({QStringLiteral("*.json")}, QDir::Files);
    for (const QString& file : files) {
        const QString name = file.chopped(5);
        if (isProfileName(name) && !names.contains(name)) {
            names.append(name);
        }
    }
    names.sort(Qt::CaseInsensitive);
    return names;
}

void SettingsDialog::selectProfile(const QString& name)
{
    auto loaded = Client::Profile::load(name);
    if (!loaded.ok()) {
        // Keep what is on screen; say why the saved file could not be used.
        m_ui->profileCombo->setEditText(name);
        showMessage(loaded.error().message, true);
        m_ui->saveButton->setEnabled(false);
        return;
    }
    showProfile(loaded.value());
}

void SettingsDialog::showProfile(const Client::Profile& profile)
{
    const QSignalBlocker blockCombo(m_ui->profileCombo);
    const int index = m_ui->profileCombo->findText(profile.name);
    if (index >= 0) {
        m_ui->profileCombo->setCurrentIndex(index);
    }
    m_ui->profileCombo->setEditText(profile.name);
    m_ui->issuerEdit->setText(profile.auth.issuer);
    m_ui->clientIdEdit->setText(profile.auth.clientId);
    m_ui->audienceEdit->setText(profile.auth.audience);
    m_ui->resourceEdit->setText(profile.auth.resource);
    m_ui->apiBaseUrlEdit->setText(profile.apiBaseUrl.toString());
    m_ui->baseScopesEdit->setText(profile.auth.baseScopes.join(QLatin1Char(' ')));
    m_ui->stepUpScopeEdit->setText(profile.auth.stepUpScope);
    m_ui->mfaAcrEdit->setText(profile.auth.mfaAcr);
    m_ui->sensitiveMaxAgeSpin->setValue(static_cast<int>(profile.auth.sensitiveMaxAge));
    m_ui->redirectPortSpin->setValue(profile.auth.redirectPort);
    revalidate();
}

Common::Result<Client::Profile> SettingsDialog::currentProfile() const
{
    const QString name = m_ui->profileCombo->currentText().trimmed();
    if (!isProfileName(name)) {
        return Common::Result<Client::Profile>(
            Common::Error{Common::Errc::InvalidInput,
                          tr("Give the profile a name of up to 64 letters, digits, dots, dashes or "
                             "underscores."),
                          {}});
    }
    Client::Profile profile;
    profile.name = name;
    const QJsonObject values{
        {QStringLiteral("issuer"), m_ui->issuerEdit->text().trimmed()},
        {QStringLiteral("client_id"), m_ui->clientIdEdit->text().trimmed()},
        {QStringLiteral("audience"), m_ui->audienceEdit->text().trimmed()},
        {QStringLiteral("resource"), m_ui->resourceEdit->text().trimmed()},
        {QStringLiteral("api_base_url"), m_ui->apiBaseUrlEdit->text().trimmed()},
        {QStringLiteral("base_scopes"), m_ui->baseScopesEdit->text().simplified()},
        {QStringLiteral("step_up_scope"), m_ui->stepUpScopeEdit->text().trimmed()},
        {QStringLiteral("mfa_acr"), m_ui->mfaAcrEdit->text().trimmed()},
        {QStringLiteral("sensitive_max_age"), m_ui->sensitiveMaxAgeSpin->value()},
        {QStringLiteral("redirect_port"), m_ui->redirectPortSpin->value()},
    };
    if (auto applied = profile.apply(values); !applied.ok()) {
        return Common::Result<Client::Profile>(applied.error());
    }
    return Common::Result<Client::Profile>(std::move(profile));
}

void SettingsDialog::revalidate()
{
    const auto profile = currentProfile();
    m_ui->saveButton->setEnabled(profile.ok());
    if (profile.ok()) {
        showMessage(tr("The profile is complete. Saving switches Fabrikam to it."), false);
    } else {
        showMessage(profile.error().message, true);
    }
}

void SettingsDialog::showMessage(const QString& text, bool problem)
{
    // Red for problems, the normal text colour otherwise; the words say what is wrong anyway.
    QPalette palette = this->palette();
    if (problem) {
        palette.setColor(QPalette::WindowText, QColor(0xc0, 0x1c, 0x28));
    }
    m_ui->validationLabel->setPalette(palette);
    m_ui->validationLabel->setText(text);
    m_ui->validationLabel->setProperty("problem", problem);
}

void SettingsDialog::applyAuth0Template()
{
    const QString domain = tenantDomain(m_ui->auth0TenantEdit->text());
    if (domain.isEmpty() || domain.contains(QLatin1Char('/')) || !isProfileName(domain)) {
        showMessage(tr("Enter your Auth0 tenant domain, for example tenant.eu.auth0.com."), true);
        m_ui->auth0TenantEdit->setFocus();
        return;
    }
    const Client::Profile sandbox = Client::Profile::sandbox();
    // The client ID and the API audience belong to the Auth0 application and API: keep what the
    // user typed, but never the sandbox's client ID, which no Auth0 tenant knows.
    QString clientId = m_ui->clientIdEdit->text().trimmed();
    if (clientId == sandbox.auth.clientId) {
        clientId.clear();
    }
    Client::Profile profile =
        Client::Profile::auth0(domain, clientId, m_ui->audienceEdit->text().trimmed(),
                               QUrl(m_ui->apiBaseUrlEdit->text().trimmed(), QUrl::StrictMode));
    profile.auth.resource = m_ui->resourceEdit->text().trimmed();
    // Auth0 compares callback URLs exactly, port included: a fixed port the tenant can list.
    profile.auth.redirectPort = kAuth0RedirectPort;
    {
        const QSignalBlocker blockCombo(m_ui->profileCombo);
        m_ui->profileCombo->setEditText(profile.name);
    }
    m_ui->issuerEdit->setText(profile.auth.issuer);
    m_ui->clientIdEdit->setText(profile.auth.clientId);
    m_ui->audienceEdit->setText(profile.auth.audience);
    m_ui->redirectPortSpin->setValue(profile.auth.redirectPort);
    m_ui->auth0NoteLabel->setText(
        tr("Auth0 matches callback URLs exactly, including the port. Add "
           "http://127.0.0.1:%1/callback to the Allowed Callback URLs of your Auth0 application, "
           "and enter its client ID and your API's identifier as the audience.")
            .arg(kAuth0RedirectPort));
    m_ui->auth0NoteLabel->setVisible(true);
    revalidate();
    if (profile.auth.clientId.isEmpty()) {
        m_ui->clientIdEdit->setFocus();
    }
}

void SettingsDialog::save()
{
    const auto profile = currentProfile();
    if (!profile.ok()) {
        revalidate();
        return;
    }
    const Client::Profile& p = profile.value();
    const QString directory = Client::Profile::directory();
    const auto failed = [this](const QString& path, const QString& reason) {
        showMessage(tr("The profile could not be saved to %1: %2").arg(path, reason), true);
    };
    if (!QDir().mkpath(directory)) {
        failed(directory, tr("the folder cannot be created."));
        return;
    }
    // Profile::toJson() holds the non-secret keys of DESIGN.md section 4 and nothing else.
    QSaveFile file(directory + QLatin1Char('/') + p.name + QStringLiteral(".json"));
    if (!file.open(QIODevice::WriteOnly)) {
        failed(file.fileName(), file.errorString());
        return;
    }
    file.write(QJsonDocument(p.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        failed(file.fileName(), file.errorString());
        return;
    }
    QSettings settings;
    settings.setValue(kCurrentProfileKey, p.name);
    settings.sync();
    if (m_ui->profileCombo->findText(p.name) < 0) {
        const QSignalBlocker blockCombo(m_ui->profileCombo);
        m_ui->profileCombo->addItem(p.name);
    }
    Q_EMIT profileSaved(p);
    accept();
}

} // namespace Fabrikam::App
