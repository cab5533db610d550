#include "app/diagnosticspanel.h"

#include "app/supportbundle.h"
#include "common/redact.h"
#include "ui_diagnosticspanel.h"

#include <QDir>
#include <QFileDialog>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QStandardPaths>
#include <QTimeZone>
#include <QTreeWidgetItem>

#include <tuple>

namespace Fabrikam::App {

namespace {

const Common::Clock& systemClock()
{
    static const Common::SystemClock clock;
    return clock;
}

QString valueText(const QVariant& value)
{
    switch (value.typeId()) {
    case QMetaType::UnknownType:
    case QMetaType::Nullptr:
        return QStringLiteral("\u2013");
    case QMetaType::QVariantList:
    case QMetaType::QStringList: {
        QStringList parts;
        const QVariantList items = value.toList();
        for (const QVariant& item : items) {
            parts.append(valueText(item));
        }
        return QLatin1Char('[') + parts.join(QStringLiteral(", ")) + QLatin1Char(']');
    }
    case QMetaType::QVariantMap:
        return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(value.toMap()))
                                     .toJson(QJsonDocument::Compact));
    case QMetaType::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return value.toString();
    }
}

// iat, exp, auth_time, nbf: seconds since the epoch, shown with the UTC time they mean.
QString claimText(const QString& name, const QJsonValue& value)
{
    static const QStringList timeClaims{QStringLiteral("iat"), QStringLiteral("exp"),
                                        QStringLiteral("auth_time"), QStringLiteral("nbf"),
                                        QStringLiteral("updated_at")};
    if (timeClaims.contains(name) && value.isDouble()) {
        const auto seconds = static_cast<qint64>(value.toDouble());
        return QStringLiteral("%1 (%2)").arg(
            QString::number(seconds), QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc())
                                          .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")));
    }
    return valueText(Common::redactField(name, value.toVariant()));
}

} // namespace

// --- TimelineModel ------------------------------------------------------------------------------

TimelineModel::TimelineModel(const Common::Clock& clock, QObject* parent)
    : QAbstractTableModel(parent)
    , m_clock(clock)
{}

int TimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_events.size());
}

int TimelineModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    const Event& e = m_events.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case TimeColumn:
            return e.time.toLocalTime().toString(QStringLiteral("HH:mm:ss.zzz"));
        case EventColumn:
            return e.event;
        case FieldsColumn:
            return fieldsText(e.fields);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == TimeColumn) {
            return e.time.toString(Qt::ISODateWithMs);
        }
        if (index.column() == FieldsColumn && !e.fields.isEmpty()) {
            return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(e.fields))
                                         .toJson(QJsonDocument::Indented));
        }
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case EventColumn:
        return tr("Event");
    case FieldsColumn:
        return tr("Details");
    default:
        return {};
    }
}

QJsonArray TimelineModel::toJson() const
{
    QJsonArray array;
    for (const Event& e : m_events) {
        array.append(
            QJsonObject{{QStringLiteral("t"), e.time.toString(Qt::ISODateWithMs)},
                        {QStringLiteral("event"), e.event},
                        {QStringLiteral("fields"), QJsonObject::fromVariantMap(e.fields)}});
    }
    return array;
}

void TimelineModel::append(const QString& event, const QVariantMap& fields, const QDateTime& time)
{
    if (m_events.size() >= kMaxEvents) {
        beginRemoveRows({}, 0, 0);
        m_events.removeFirst();
        endRemoveRows();
    }
    const auto row = static_cast<int>(m_events.size());
    beginInsertRows({}, row, row);
    // Redacted before it is stored: nothing below this line ever sees the original values.
    m_events.append(Event{time.isValid() ? time : m_clock.now(),
                          Common::redactField({}, event).toString(), Common::redactFields(fields)});
    endInsertRows();
}

void TimelineModel::clear()
{
    beginResetModel();
    m_events.clear();
    endResetModel();
}

QString TimelineModel::fieldsText(const QVariantMap& fields)
{
    QStringList parts;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        parts.append(it.key() + QLatin1Char('=') + valueText(it.value()));
    }
    return parts.join(QStringLiteral(", "));
}

// --- DiagnosticsPanel ---------------------------------------------------------------------------

DiagnosticsPanel::DiagnosticsPanel(QWidget* parent)
    : DiagnosticsPanel(systemClock(), parent)
{}

DiagnosticsPanel::DiagnosticsPanel(const Common::Clock& clock, QWidget* parent)
    : QWidget(parent)
    , m_ui(new Ui::DiagnosticsPanel)
    , m_clock(clock)
    , m_timeline(new TimelineModel(clock, this))
{
    m_ui->setupUi(this);

    m_ui->timelineView->setModel(m_timeline);
    QHeaderView* header = m_ui->timelineView->horizontalHeader();
    header->setSectionResizeMode(TimelineModel::TimeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(TimelineModel::EventColumn, QHeaderView::ResizeToContents);
    m_ui->timelineView->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Follow the flow as it happens.
    connect(m_timeline, &QAbstractItemModel::rowsInserted, m_ui->timelineView,
            [this] { m_ui->timelineView->scrollToBottom(); });

    for (QTreeWidget* tree : {m_ui->claimsView, m_ui->environmentView}) {
        tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
        tree->header()->setStretchLastSection(true);
    }

    connect(m_ui->clearTimelineButton, &QPushButton::clicked, this,
            &DiagnosticsPanel::clearTimeline);
    connect(m_ui->exportBundleButton, &QPushButton::clicked, this,
            &DiagnosticsPanel::chooseBundleFile);

    showClaims();
    showEnvironment();
}

DiagnosticsPanel::~DiagnosticsPanel() = default;

void DiagnosticsPanel::addEvent(const QString& event, const QVariantMap& fields,
                                const QDateTime& time)
{
    m_timeline->append(event, fields, time);
    // Failures are events with an "error" field (e.g. signin.failed, refresh.failed).
    if (const auto error = fields.value(QStringLiteral("error")); error.isValid()) {
        rememberError(event, error.toString(), {},
                      fields.value(QStringLiteral("detail")).toString());
    }
}

void DiagnosticsPanel::addError(const Common::Error& error)
{
    rememberError(QStringLiteral("app.error"), Common::errorCodeName(error.code), error.message,
                  error.detail);
}

void DiagnosticsPanel::rememberError(const QString& event, const QString& error,
                                     const QString& message, const QString& detail)
{
    const QVariantMap entry =
        Common::redactFields({{QStringLiteral("t"), m_clock.now().toString(Qt::ISODateWithMs)},
                              {QStringLiteral("event"), event},
                              {QStringLiteral("error"), error},
                              {QStringLiteral("message"), message},
                              {QStringLiteral("detail"), detail}});
    m_errors.append(QJsonObject::fromVariantMap(entry));
    while (m_errors.size() > kMaxErrors) {
        m_errors.removeFirst();
    }
}

void DiagnosticsPanel::setIdTokens(const std::optional<Auth::IdToken>& idToken,
                                   const std::optional<Auth::IdToken>& mfaIdToken)
{
    m_idToken = idToken;
    m_mfaIdToken = mfaIdToken;
    showClaims();
}

void DiagnosticsPanel::setProfile(const Client::Profile& profile)
{
    m_profile = profile;
    showEnvironment();
}

void DiagnosticsPanel::clearTimeline()
{
    m_timeline->clear();
    m_errors = {};
    m_ui->statusLabel->clear();
}

void DiagnosticsPanel::setAccessTokens(const std::optional<Auth::AccessTokenClaims>& base,
                                       const std::optional<Auth::AccessTokenClaims>& elevated,
                                       const std::optional<Auth::AccessTokenClaims>& mfa)
{
    m_accessToken = base;
    m_elevatedAccessToken = elevated;
    m_mfaAccessToken = mfa;
    showClaims();
}

void DiagnosticsPanel::addClaimRows(QTreeWidgetItem* parent, const QJsonObject& claims)
{
    // The claims support staff ask about first, then the rest in name order.
    static const QStringList first{
        QStringLiteral("sub"), QStringLiteral("iss"),       QStringLiteral("aud"),
        QStringLiteral("azp"), QStringLiteral("client_id"), QStringLiteral("scope"),
        QStringLiteral("acr"), QStringLiteral("amr"),       QStringLiteral("auth_time"),
        QStringLiteral("iat"), QStringLiteral("exp")};
    QStringList names;
    for (const QString& name : first) {
        if (claims.contains(name)) {
            names.append(name);
        }
    }
    for (const QString& name : claims.keys()) {
        if (!first.contains(name)) {
            names.append(name);
        }
    }
    for (const QString& name : std::as_const(names)) {
        auto* item = new QTreeWidgetItem(parent, {name, claimText(name, claims.value(name))});
        item->setToolTip(1, item->text(1));
    }
}

void DiagnosticsPanel::showClaims()
{
    QTreeWidget* tree = m_ui->claimsView;
    tree->clear();
    const auto group = [tree](const QString& title) {
        auto* item = new QTreeWidgetItem(tree, {title});
        QFont font = item->font(0);
        font.setBold(true);
        item->setFont(0, font);
        return item;
    };
    const auto signedWith = [](const QString& alg, const QString& kid) {
        return tr("%1, key %2").arg(alg, kid.isEmpty() ? tr("(no kid)") : kid);
    };
    const auto addIdToken = [&](const QString& title, const std::optional<Auth::IdToken>& token,
                                const QString& none) {
        QTreeWidgetItem* item = group(title);
        if (!token) {
            item->setText(1, none);
            return;
        }
        new QTreeWidgetItem(
            item, {tr("Signed with"), signedWith(token->signingAlgorithm(), token->keyId())});
        addClaimRows(item, token->claims());
    };
    // Access tokens are the API's to verify (RFC 9068 §6): shown as decoded, and said so.
    const auto addAccessToken = [&](const QString& title,
                                    const std::optional<Auth::AccessTokenClaims>& token,
                                    const QString& none) {
        QTreeWidgetItem* item = group(title);
        if (!token) {
            item->setText(1, none);
            return;
        }
        if (!token->jwt) {
            item->setText(1, tr("An opaque token: only the API can read it."));
            return;
        }
        item->setText(1, tr("Decoded only: the API checks its signature, not this app."));
        if (!token->type.isEmpty()) {
            new QTreeWidgetItem(item, {tr("Type"), token->type});
        }
        new QTreeWidgetItem(item, {tr("Signed with"), signedWith(token->algorithm, token->keyId)});
        addClaimRows(item, token->claims);
    };
    addIdToken(tr("ID token"), m_idToken, tr("Not signed in."));
    addIdToken(tr("MFA ID token"), m_mfaIdToken, tr("No multi-factor sign-in in this session."));
    addAccessToken(tr("Access token"), m_accessToken, tr("Not signed in."));
    addAccessToken(tr("Elevated access token (last step-up, used once)"), m_elevatedAccessToken,
                   tr("No transfer confirmed in this session."));
    addAccessToken(tr("MFA access token (statements)"), m_mfaAccessToken,
                   tr("Statements not verified in this session."));
    tree->expandAll();
}

void DiagnosticsPanel::showEnvironment()
{
    QTreeWidget* tree = m_ui->environmentView;
    tree->clear();
    const auto group = [tree](const QString& title) {
        auto* item = new QTreeWidgetItem(tree, {title});
        QFont font = item->font(0);
        font.setBold(true);
        item->setFont(0, font);
        return item;
    };
    QTreeWidgetItem* versions = group(tr("Versions"));
    for (const EnvironmentEntry& entry : environmentEntries()) {
        auto* item = new QTreeWidgetItem(versions, {entry.label, entry.value});
        item->setToolTip(1, entry.value);
    }
    QTreeWidgetItem* profile = group(tr("Profile"));
    if (m_profile) {
        new QTreeWidgetItem(profile, {QStringLiteral("name"), m_profile->name});
        const QJsonObject json = m_profile->toJson();
        for (auto it = json.begin(); it != json.end(); ++it) {
            auto* item = new QTreeWidgetItem(
                profile, {it.key(), valueText(Common::redactField(it.key(), it->toVariant()))});
            item->setToolTip(1, item->text(1));
        }
    } else {
        profile->setText(1, tr("No profile loaded."));
    }
    tree->expandAll();
}

Common::Result<void> DiagnosticsPanel::exportBundle(const QString& path)
{
    SupportBundle bundle;
    bundle.setCreated(m_clock.now())
        .setEnvironment(environmentEntries())
        .setTimeline(m_timeline->toJson())
        .setErrors(m_errors);
    if (m_profile) {
        bundle.setProfile(*m_profile);
    }
    bundle.setClaims(QStringLiteral("id"), m_idToken ? claimsJson(*m_idToken) : QJsonObject());
    bundle.setClaims(QStringLiteral("mfa"),
                     m_mfaIdToken ? claimsJson(*m_mfaIdToken) : QJsonObject());
    bundle.setClaims(QStringLiteral("access"),
                     m_accessToken ? claimsJson(*m_accessToken) : QJsonObject());
    bundle.setClaims(QStringLiteral("elevated_access"),
                     m_elevatedAccessToken ? claimsJson(*m_elevatedAccessToken) : QJsonObject());
    bundle.setClaims(QStringLiteral("mfa_access"),
                     m_mfaAccessToken ? claimsJson(*m_mfaAccessToken) : QJsonObject());
    auto written = bundle.write(path);
    if (written.ok()) {
        m_ui->statusLabel->setText(
            tr("Support bundle saved to %1.").arg(QDir::toNativeSeparators(path)));
        Q_EMIT bundleExported(path);
    } else {
        m_ui->statusLabel->setText(written.error().message);
    }
    return written;
}

void DiagnosticsPanel::chooseBundleFile()
{
    QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (folder.isEmpty()) {
        folder = QDir::homePath();
    }
    const QString name =
        QStringLiteral("fabrikam-support-%1.json")
            .arg(m_clock.now().toLocalTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    auto* dialog =
        new QFileDialog(this, tr("Export support bundle"), folder + QLatin1Char('/') + name,
                        tr("Support bundles (*.json)"));
    dialog->setObjectName(QStringLiteral("exportBundleDialog"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("json"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this,
            [this](const QString& path) { std::ignore = exportBundle(path); });
    dialog->open();
}

} // namespace Fabrikam::App
