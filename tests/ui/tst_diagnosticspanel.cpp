#include "app/diagnosticspanel.h"
#include "app/supportbundle.h"
#include "auth/accesstokenclaims.h"
#include "auth/idtokenvalidator.h"
#include "auth/jwks.h"
#include "bank/errors.h"
#include "client/profile.h"
#include "common/redact.h"
#include "support/controlaudit.h"
#include "support/fakeclock.h"
#include "support/testkeys.h"

#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

using namespace Fabrikam;
using App::DiagnosticsPanel;
using App::TimelineModel;
using Test::TestKey;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kNow = 1'800'000'000;
const QString kIssuer = u"https://op.fabrikam.example/"_s;
const QString kClientId = u"fabrikam-desktop"_s;
const QByteArray kNonce = QByteArrayLiteral("n-0S6_WzA2Mj-4c9kXr1QhA");
const QString kMfaAcr = u"http://schemas.openid.net/pape/policies/2007/06/multi-factor"_s;

// Planted secrets: none of them may be stored, shown or exported as they are.
const QString kFakeJwt = u"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln"_s;
const QString kRefreshToken = u"8xLOxBtZp8-rt-3f9a1c0d2e4b6a8c9d0e1f2"_s;
const QString kAccessToken = u"at_QmFzZTY0T3BhcXVlQWNjZXNzVG9rZW4"_s;
const QString kCode = u"SplxlOBeZQQYbYS6WxSbIA"_s;
const QString kPassword = u"hunter2-correct-horse"_s;

QStringList plantedSecrets()
{
    return {kFakeJwt, u"eyJhbGciOiJSUzI1NiJ9"_s, kRefreshToken, kAccessToken, kCode, kPassword};
}

QTreeWidgetItem* findItem(QTreeWidgetItem* parent, const QString& text)
{
    for (int i = 0; i < parent->childCount(); ++i) {
        if (parent->child(i)->text(0) == text) {
            return parent->child(i);
        }
    }
    return nullptr;
}

QString allText(const QAbstractItemModel& model)
{
    QString text;
    for (int row = 0; row < model.rowCount(); ++row) {
        for (int column = 0; column < model.columnCount(); ++column) {
            const QModelIndex index = model.index(row, column);
            text += model.data(index).toString() + u'\n' +
                    model.data(index, Qt::ToolTipRole).toString() + u'\n';
        }
    }
    return text;
}

// FABRIKAM_SCREENSHOT_DIR=/some/dir saves a PNG of each tab (as the window stories do).
void saveScreenshot(QWidget& widget, const QString& name)
{
    const QString dir = qEnvironmentVariable("FABRIKAM_SCREENSHOT_DIR");
    if (!dir.isEmpty()) {
        QVERIFY(widget.grab().save(dir + u'/' + name + u".png"_s));
    }
}

} // namespace

class TestDiagnosticsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void widgetsHaveObjectNames();
    void eventsBecomeRows();
    void secretsAreStoredRedacted_data();
    void secretsAreStoredRedacted();
    void redactionMatchesTheCliTrace();
    void claimsViewShowsDecodedClaims();
    void accessTokensAreShownDecodedNotVerified();
    void environmentShowsVersions();
    void finalScanReplacesWhatSlipsThrough();
    void exportBundleWritesRedactedJson();
    void exportButtonUsesANonBlockingFileDialog();

private:
    [[nodiscard]] Auth::IdToken idToken(const QJsonObject& extraClaims);
    [[nodiscard]] Auth::AccessTokenClaims accessToken(const QString& scope);

    Test::FakeClock m_clock{kNow};
    TestKey m_key;
    QByteArray m_jwks;
    QByteArray m_lastJwt;
};

void TestDiagnosticsPanel::initTestCase()
{
    m_key = TestKey::rsa(2048);
    QVERIFY(!m_key.isNull());
    m_jwks = QJsonDocument(QJsonObject{{u"keys"_s, QJsonArray{m_key.publicJwk(u"k1"_s)}}})
                 .toJson(QJsonDocument::Compact);
}

// A really validated ID token, as AuthSession holds it.
Auth::IdToken TestDiagnosticsPanel::idToken(const QJsonObject& extraClaims)
{
    QJsonObject claims{
        {u"iss"_s, kIssuer},
        {u"sub"_s, u"248289761001"_s},
        {u"aud"_s, kClientId},
        {u"exp"_s, kNow + 600},
        {u"iat"_s, kNow - 10},
        {u"auth_time"_s, kNow - 120},
        {u"nonce"_s, QString::fromLatin1(kNonce)},
        {u"acr"_s, u"urn:fabrikam:acr:password"_s},
        {u"amr"_s, QJsonArray{u"pwd"_s}},
        {u"name"_s, u"Jane Doe"_s},
    };
    for (auto it = extraClaims.begin(); it != extraClaims.end(); ++it) {
        claims.insert(it.key(), it.value());
    }
    const QByteArray jwt = Test::makeJws(
        QJsonObject{{u"alg"_s, u"RS256"_s}, {u"kid"_s, u"k1"_s}, {u"typ"_s, u"JWT"_s}}, claims,
        m_key);
    m_lastJwt = jwt;
    const auto keys = Auth::JsonWebKeySet::parse(m_jwks);
    auto token =
        Auth::validateIdToken(jwt, Auth::IdTokenChecks{kIssuer, kClientId, kNonce, std::nullopt},
                              keys.value(), m_clock.now());
    if (!token.ok()) {
        qFatal("test token invalid: %s", qPrintable(token.error().detail));
    }
    return token.value();
}

// An RFC 9068 access token as the sandbox issues it, decoded as AuthSession does.
Auth::AccessTokenClaims TestDiagnosticsPanel::accessToken(const QString& scope)
{
    const QByteArray jwt = Test::makeJws(
        QJsonObject{{u"alg"_s, u"RS256"_s}, {u"kid"_s, u"k1"_s}, {u"typ"_s, u"at+jwt"_s}},
        QJsonObject{{u"iss"_s, kIssuer},
                    {u"sub"_s, u"248289761001"_s},
                    {u"aud"_s, u"https://api.fabrikam.example"_s},
                    {u"client_id"_s, kClientId},
                    {u"scope"_s, scope},
                    {u"jti"_s, u"at-jti-1"_s},
                    {u"exp"_s, kNow + 300},
                    {u"iat"_s, kNow}},
        m_key);
    m_lastJwt = jwt;
    return *Auth::decodeAccessTokenClaims(jwt);
}

void TestDiagnosticsPanel::widgetsHaveObjectNames()
{
    DiagnosticsPanel panel(m_clock, nullptr);
    QCOMPARE(panel.objectName(), u"diagnosticsPanel"_s);
    QVERIFY2(Test::auditControls(&panel).isEmpty(),
             qPrintable(Test::auditControls(&panel).join(u'\n')));
    QVERIFY(panel.findChild<QTableView*>(u"timelineView"_s));
    QVERIFY(panel.findChild<QTreeWidget*>(u"claimsView"_s));
    QVERIFY(panel.findChild<QTreeWidget*>(u"environmentView"_s));
    QVERIFY(panel.findChild<QPushButton*>(u"exportBundleButton"_s));
    QVERIFY(panel.findChild<QPushButton*>(u"clearTimelineButton"_s));
    QCOMPARE(panel.findChild<QTableView*>(u"timelineView"_s)->model(), panel.timeline());
}

void TestDiagnosticsPanel::eventsBecomeRows()
{
    DiagnosticsPanel panel(m_clock, nullptr);
    TimelineModel* model = panel.timeline();
    QCOMPARE(model->rowCount(), 0);
    QCOMPARE(model->columnCount(), 3);

    panel.addEvent(u"discovery.requested"_s, {{u"issuer"_s, kIssuer}});
    m_clock.advance(2);
    panel.addEvent(u"authorization.started"_s,
                   {{u"scope"_s, u"openid profile"_s}, {u"max_age"_s, QVariant()}});
    panel.addEvent(u"browser.opened"_s, {{u"started"_s, true}, {u"host"_s, u"op.example"_s}});

    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->index(0, TimelineModel::EventColumn).data().toString(),
             u"discovery.requested"_s);
    QCOMPARE(model->index(2, TimelineModel::EventColumn).data().toString(), u"browser.opened"_s);
    const QString fields = model->index(1, TimelineModel::FieldsColumn).data().toString();
    QVERIFY2(fields.contains(u"scope=openid profile"_s), qPrintable(fields));
    QCOMPARE(model->events().at(1).time, m_clock.now());
    QVERIFY(
        model->index(2, TimelineModel::FieldsColumn).data().toString().contains(u"started=true"_s));
    QCOMPARE(model->headerData(TimelineModel::EventColumn, Qt::Horizontal).toString(), u"Event"_s);

    // Failures also land in the bundle's error list.
    panel.addEvent(u"signin.failed"_s,
                   {{u"error"_s, u"NonceMismatch"_s}, {u"detail"_s, u"nonce differs"_s}});
    QCOMPARE(panel.errorsJson().size(), 1);
    QCOMPARE(panel.errorsJson().first()[u"error"_s].toString(), u"NonceMismatch"_s);

    QTest::mouseClick(panel.findChild<QPushButton*>(u"clearTimelineButton"_s), Qt::LeftButton);
    QCOMPARE(model->rowCount(), 0);
}

void TestDiagnosticsPanel::secretsAreStoredRedacted_data()
{
    QTest::addColumn<QVariantMap>("fields");
    QTest::addColumn<QString>("secret");

    QTest::newRow("JWT under a harmless name")
        << QVariantMap{{u"note"_s, QString(u"Bearer "_s + kFakeJwt)}} << kFakeJwt;
    QTest::newRow("refresh_token")
        << QVariantMap{{u"refresh_token"_s, kRefreshToken}} << kRefreshToken;
    QTest::newRow("access token in a nested map")
        << QVariantMap{{u"response"_s, QVariantMap{{u"access_token"_s, kAccessToken}}}}
        << kAccessToken;
    QTest::newRow("code") << QVariantMap{{u"code"_s, kCode}} << kCode;
    QTest::newRow("password as bytes")
        << QVariantMap{{u"password"_s, kPassword.toUtf8()}} << kPassword;
    QTest::newRow("JWT in a list")
        << QVariantMap{{u"hints"_s, QStringList{u"a"_s, kFakeJwt}}} << kFakeJwt;
    QTest::newRow("tokens in a list under a secret name")
        << QVariantMap{{u"refresh_tokens"_s, QVariantList{kRefreshToken}}} << kRefreshToken;
    QTest::newRow("JWT as a field name") << QVariantMap{{kFakeJwt, 1}} << kFakeJwt;
}

void TestDiagnosticsPanel::secretsAreStoredRedacted()
{
    QFETCH(QVariantMap, fields);
    QFETCH(QString, secret);

    DiagnosticsPanel panel(m_clock, nullptr);
    panel.addEvent(u"token.received"_s, fields);
    QCOMPARE(panel.timeline()->rowCount(), 1);

    const QString stored = QString::fromUtf8(
        QJsonDocument(QJsonObject::fromVariantMap(panel.timeline()->events().first().fields))
            .toJson());
    QVERIFY2(!stored.contains(secret), qPrintable(stored));
    const QString shown = allText(*panel.timeline());
    QVERIFY2(!shown.contains(secret), qPrintable(shown));
    // Something was kept in its place: the redacted form or the [jwt] marker.
    QVERIFY2(stored.contains(QChar(0x2026)) || stored.contains(u"[jwt]"_s), qPrintable(stored));
}

void TestDiagnosticsPanel::redactionMatchesTheCliTrace()
{
    DiagnosticsPanel panel(m_clock, nullptr);
    const QVariantMap fields{{u"refresh_token"_s, kRefreshToken},
                             {u"note"_s, QString(u"see "_s + kFakeJwt)},
                             {u"scope"_s, u"openid"_s},
                             {u"status"_s, 401}};
    panel.addEvent(u"x"_s, fields);
    const QVariantMap stored = panel.timeline()->events().first().fields;
    for (auto it = fields.begin(); it != fields.end(); ++it) {
        QCOMPARE(stored.value(it.key()), Common::redactField(it.key(), it.value()));
    }
}

void TestDiagnosticsPanel::claimsViewShowsDecodedClaims()
{
    DiagnosticsPanel panel(m_clock, nullptr);
    auto* view = panel.findChild<QTreeWidget*>(u"claimsView"_s);
    // ID token, MFA ID token, access token, elevated access token, MFA access token.
    QCOMPARE(view->topLevelItemCount(), 5);
    for (int i = 0; i < view->topLevelItemCount(); ++i) {
        QVERIFY(!view->topLevelItem(i)->text(1).isEmpty()); // "Not signed in." etc.
        QCOMPARE(view->topLevelItem(i)->childCount(), 0);
    }

    const Auth::IdToken base = idToken({});
    const Auth::IdToken mfa =
        idToken({{u"acr"_s, kMfaAcr}, {u"amr"_s, QJsonArray{u"pwd"_s, u"otp"_s, u"mfa"_s}}});
    panel.setIdTokens(base, mfa);

    QTreeWidgetItem* idItem = view->topLevelItem(0);
    QTreeWidgetItem* mfaItem = view->topLevelItem(1);
    QCOMPARE(findItem(idItem, u"sub"_s)->text(1), u"248289761001"_s);
    QCOMPARE(findItem(idItem, u"acr"_s)->text(1), u"urn:fabrikam:acr:password"_s);
    QCOMPARE(findItem(idItem, u"amr"_s)->text(1), u"[pwd]"_s);
    QCOMPARE(findItem(mfaItem, u"acr"_s)->text(1), kMfaAcr);
    QCOMPARE(findItem(mfaItem, u"amr"_s)->text(1), u"[pwd, otp, mfa]"_s);
    QVERIFY(findItem(mfaItem, u"auth_time"_s)->text(1).contains(u"UTC"_s));
    QVERIFY(findItem(idItem, u"Signed with"_s)->text(1).contains(u"RS256"_s));
    // Read-only, and never the JWT itself.
    QCOMPARE(view->editTriggers(), QAbstractItemView::NoEditTriggers);
    for (QTreeWidgetItem* group : {idItem, mfaItem}) {
        for (int i = 0; i < group->childCount(); ++i) {
            QVERIFY(!group->child(i)->text(1).contains(u"eyJ"_s));
        }
    }

    panel.setIdTokens(std::nullopt, std::nullopt);
    QCOMPARE(view->topLevelItem(0)->childCount(), 0);
}

void TestDiagnosticsPanel::accessTokensAreShownDecodedNotVerified()
{
    DiagnosticsPanel panel(m_clock, nullptr);
    auto* view = panel.findChild<QTreeWidget*>(u"claimsView"_s);
    const QString noElevated = view->topLevelItem(3)->text(1);

    const Auth::AccessTokenClaims base = accessToken(u"openid profile read:accounts"_s);
    const Auth::AccessTokenClaims elevated = accessToken(u"openid transfer:funds"_s);
    Auth::AccessTokenClaims opaque;
    panel.setAccessTokens(base, elevated, opaque);

    QTreeWidgetItem* baseItem = view->topLevelItem(2);
    QTreeWidgetItem* elevatedItem = view->topLevelItem(3);
    QTreeWidgetItem* mfaItem = view->topLevelItem(4);
    QCOMPARE(findItem(baseItem, u"scope"_s)->text(1), u"openid profile read:accounts"_s);
    QCOMPARE(findItem(baseItem, u"client_id"_s)->text(1), kClientId);
    QCOMPARE(findItem(baseItem, u"Type"_s)->text(1), u"at+jwt"_s);
    QVERIFY(findItem(baseItem, u"Signed with"_s)->text(1).contains(u"k1"_s));
    QVERIFY(findItem(baseItem, u"exp"_s)->text(1).contains(u"UTC"_s));
    // Said plainly: decoded, not checked by the app.
    QVERIFY(baseItem->text(1).contains(u"API"_s));
    QCOMPARE(findItem(elevatedItem, u"scope"_s)->text(1), u"openid transfer:funds"_s);
    QVERIFY(elevatedItem->text(1) != noElevated);
    QCOMPARE(mfaItem->childCount(), 0);
    QVERIFY(mfaItem->text(1).contains(u"opaque"_s));
    // The order support staff read: the identifying claims first.
    QCOMPARE(baseItem->child(2)->text(0), u"sub"_s);
    for (QTreeWidgetItem* group : {baseItem, elevatedItem}) {
        for (int i = 0; i < group->childCount(); ++i) {
            QVERIFY(!group->child(i)->text(1).contains(u"eyJ"_s));
        }
    }

    panel.setAccessTokens(std::nullopt, std::nullopt, std::nullopt);
    QCOMPARE(view->topLevelItem(2)->childCount(), 0);
    QCOMPARE(view->topLevelItem(3)->text(1), noElevated);
}

void TestDiagnosticsPanel::environmentShowsVersions()
{
    DiagnosticsPanel panel(m_clock, nullptr);
    panel.setProfile(Client::Profile::sandbox());
    auto* view = panel.findChild<QTreeWidget*>(u"environmentView"_s);
    QTreeWidgetItem* versions = view->topLevelItem(0);
    QVERIFY(findItem(versions, u"Qt (runtime)"_s));
    QCOMPARE(findItem(versions, u"Qt (runtime)"_s)->text(1), QString::fromLatin1(qVersion()));
    QCOMPARE(findItem(versions, u"Qt (built with)"_s)->text(1), QStringLiteral(QT_VERSION_STR));
    QVERIFY(findItem(versions, u"OpenSSL"_s)->text(1).startsWith(u"OpenSSL 3"_s));
    QVERIFY(!findItem(versions, u"Operating system"_s)->text(1).isEmpty());
    QVERIFY(!findItem(versions, u"Keychain"_s)->text(1).isEmpty());
    QVERIFY(!findItem(versions, u"Fabrikam Desktop"_s)->text(1).isEmpty());
    QTreeWidgetItem* profile = view->topLevelItem(1);
    QCOMPARE(findItem(profile, u"issuer"_s)->text(1), Client::Profile::sandbox().auth.issuer);
}

void TestDiagnosticsPanel::finalScanReplacesWhatSlipsThrough()
{
    int replaced = 0;
    const QJsonObject dirty{
        {u"access_token"_s, kAccessToken},
        {u"nested"_s, QJsonObject{{u"id_token_hint"_s, QString::fromLatin1(m_lastJwt)}}},
        {u"list"_s, QJsonArray{u"ok"_s, kFakeJwt}},
        {u"refresh_token"_s, Common::redact(kRefreshToken.toUtf8())}, // already redacted
        {u"error"_s, u"InsufficientUserAuthentication"_s},            // not a secret name
        {u"code"_s, u"42"_s},                                         // too short to be one
    };
    const QJsonObject clean = Common::redactJson({}, dirty, &replaced).toObject();
    QCOMPARE(replaced, 3);
    QCOMPARE(clean[u"access_token"_s].toString(), Common::redact(kAccessToken.toUtf8()));
    QCOMPARE(clean[u"list"_s].toArray().at(1).toString(), u"[jwt]"_s);
    QCOMPARE(clean[u"refresh_token"_s], dirty[u"refresh_token"_s]);
    QCOMPARE(clean[u"error"_s], dirty[u"error"_s]);
    QCOMPARE(clean[u"code"_s], dirty[u"code"_s]);
    QVERIFY(!QJsonDocument(clean).toJson().contains("eyJ"));
}

void TestDiagnosticsPanel::exportBundleWritesRedactedJson()
{
    DiagnosticsPanel panel(m_clock, nullptr);
    QSignalSpy exported(&panel, &DiagnosticsPanel::bundleExported);
    panel.setProfile(Client::Profile::sandbox());
    panel.addEvent(u"signin.succeeded"_s, {{u"sub"_s, u"248289761001"_s}});
    panel.addEvent(u"token.received"_s, {{u"refresh_token"_s, kRefreshToken},
                                         {u"access_token"_s, kAccessToken},
                                         {u"id_token"_s, kFakeJwt},
                                         {u"note"_s, kFakeJwt}});
    panel.addEvent(u"loopback.callback"_s, {{u"code"_s, kCode}, {u"password"_s, kPassword}});
    panel.addEvent(u"refresh.failed"_s, {{u"error"_s, u"SessionExpired"_s},
                                         {u"detail"_s, QString(u"refresh with "_s + kFakeJwt)}});
    panel.addError(Common::Error{Bank::Errc::ApiRejected, u"The API refused."_s,
                                 QString(u"Authorization: Bearer "_s + kFakeJwt)});
    const Auth::IdToken base = idToken({});
    const QByteArray baseJwt = m_lastJwt;
    panel.setIdTokens(base, idToken({{u"acr"_s, kMfaAcr}}));
    const Auth::AccessTokenClaims baseAccess = accessToken(u"openid read:accounts"_s);
    const QByteArray baseAccessJwt = m_lastJwt;
    panel.setAccessTokens(baseAccess, accessToken(u"openid transfer:funds"_s),
                          Auth::AccessTokenClaims{});

    panel.resize(900, 480);
    panel.show();
    auto* tabs = panel.findChild<QTabWidget*>(u"diagnosticsTabs"_s);
    for (int i = 0; i < tabs->count(); ++i) {
        tabs->setCurrentIndex(i);
        saveScreenshot(panel, u"diagnosticspanel-"_s + tabs->widget(i)->objectName());
    }

    QTemporaryDir dir;
    const QString path = dir.filePath(u"bundle.json"_s);
    const auto written = panel.exportBundle(path);
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    QCOMPARE(exported.count(), 1);
    QVERIFY(panel.findChild<QLabel*>(u"statusLabel"_s)->text().contains(u"bundle.json"_s));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(doc.isObject());

    // None of the planted secrets, and no JWT at all - not even the real ID tokens.
    const QString text = QString::fromUtf8(bytes);
    for (const QString& secret : plantedSecrets()) {
        QVERIFY2(!text.contains(secret), qPrintable(secret));
    }
    QVERIFY(!bytes.contains(baseJwt));
    QVERIFY(!bytes.contains(baseAccessJwt));
    QVERIFY(!bytes.contains(m_lastJwt));
    QVERIFY(!bytes.contains("eyJ"));

    const QJsonObject root = doc.object();
    QCOMPARE(root[u"format"_s].toString(), u"fabrikam-support-bundle/1"_s);
    QCOMPARE(root[u"profile"_s][u"issuer"_s].toString(), Client::Profile::sandbox().auth.issuer);
    QCOMPARE(root[u"profile"_s][u"name"_s].toString(), u"sandbox"_s);
    const QJsonObject environment = root[u"environment"_s].toObject();
    QCOMPARE(environment[u"qt_runtime"_s].toString(), QString::fromLatin1(qVersion()));
    QCOMPARE(environment[u"qt_build"_s].toString(), QStringLiteral(QT_VERSION_STR));
    QVERIFY(environment[u"openssl"_s].toString().startsWith(u"OpenSSL"_s));
    QVERIFY(!environment[u"os"_s].toString().isEmpty());
    QVERIFY(!environment[u"app_version"_s].toString().isEmpty());
    QCOMPARE(root[u"timeline"_s].toArray().size(), 4);
    const QJsonObject tokenEvent = root[u"timeline"_s][1][u"fields"_s].toObject();
    QCOMPARE(tokenEvent[u"refresh_token"_s].toString(), Common::redact(kRefreshToken.toUtf8()));
    QCOMPARE(root[u"claims"_s][u"id"_s][u"claims"_s][u"sub"_s].toString(), u"248289761001"_s);
    QCOMPARE(root[u"claims"_s][u"mfa"_s][u"claims"_s][u"acr"_s].toString(), kMfaAcr);
    QCOMPARE(root[u"claims"_s][u"id"_s][u"header"_s][u"alg"_s].toString(), u"RS256"_s);
    const QJsonObject access = root[u"claims"_s][u"access"_s].toObject();
    QCOMPARE(access[u"claims"_s][u"scope"_s].toString(), u"openid read:accounts"_s);
    QCOMPARE(access[u"header"_s][u"typ"_s].toString(), u"at+jwt"_s);
    QCOMPARE(access[u"verified"_s], QJsonValue(false));
    QCOMPARE(root[u"claims"_s][u"elevated_access"_s][u"claims"_s][u"scope"_s].toString(),
             u"openid transfer:funds"_s);
    QCOMPARE(root[u"claims"_s][u"mfa_access"_s][u"opaque"_s], QJsonValue(true));
    const QJsonArray errors = root[u"errors"_s].toArray();
    QCOMPARE(errors.size(), 2);
    QCOMPARE(errors.at(0)[u"error"_s].toString(), u"SessionExpired"_s);
    QCOMPARE(errors.at(1)[u"error"_s].toString(), u"ApiRejected"_s);
    QCOMPARE(errors.at(1)[u"message"_s].toString(), u"The API refused."_s);
}

void TestDiagnosticsPanel::exportButtonUsesANonBlockingFileDialog()
{
    DiagnosticsPanel panel(m_clock, nullptr);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy exported(&panel, &DiagnosticsPanel::bundleExported);

    // The click returns at once (no exec()); the dialog is then up, window-modal.
    QTest::mouseClick(panel.findChild<QPushButton*>(u"exportBundleButton"_s), Qt::LeftButton);
    auto* dialog = panel.findChild<QFileDialog*>(u"exportBundleDialog"_s);
    QVERIFY(dialog);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 5000);
    QCOMPARE(dialog->acceptMode(), QFileDialog::AcceptSave);

    QTemporaryDir dir;
    const QString path = dir.filePath(u"from-dialog.json"_s);
    dialog->selectFile(path);
    static_cast<QDialog*>(dialog)->accept(); // QFileDialog::accept() is protected
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 5000);
    QCOMPARE(exported.first().first().toString(), path);
    QVERIFY(QFile::exists(path));
}

int main(int argc, char** argv)
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    TestDiagnosticsPanel test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_diagnosticspanel.moc"
