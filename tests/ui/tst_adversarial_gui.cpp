// The real MainWindow, driven by objectName like the window stories (tests/ui/tst_window_*),
// against the adversarial OpenID Provider (tests/support/adversarial-op): one window per case, its
// profile's issuer http://127.0.0.1:PORT/gui-<pid>/<case>, the provider's "browser" in the seam
// (BROWSER=…/browser.mjs, no login page) and the throwaway keyring of scripts/with-test-session.
//
// Every case of the provider (as tst_adversarial_cli), including what only a long-lived process
// shows: a key rotation after the JWKS was cached (one refetch, then success) and a kid that stays
// unknown after it (one refetch, then refusal). For each refusal: the window comes back to the
// signed-out page with a clear, plain-text message, the keychain holds nothing for the profile, and
// once the provider heals, the same window signs in.
#include "app/application.h"
#include "app/mainwindow.h"
#include "auth/authsession.h"
#include "common/clock.h"
#include "support/productwords.h"
#include "support/sandboxenv.h"
#include "support/widgetlookup.h"
#include "vault/errors.h"
#include "vault/keychainstore.h"
#include "vault/tokenvault.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextDocument>

#include <memory>
#include <optional>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using App::MainWindow;

namespace {

constexpr int kSignInWaitMs = 30000; // the slow case waits for the client's 15 s deadline

// The product's sentences (support/productwords.h), and those only the window's cases meet.
using namespace Test::Words;
constexpr auto kUnreachable = "cannot be reached right now";
constexpr auto kEnded = "Your session has ended";

enum class Kind
{
    Refused,        // sign-in refused: signed-out page, message, nothing stored, heal, sign in
    Accepted,       // a positive control: signed in, then signed out
    RotatedLater,   // signed in; the provider rotates; Refresh refetches the JWKS once and goes on
    UnknownLater,   // signed in; the provider names an unpublished kid; Refresh is refused
    RefreshRefused, // signed in; the first refresh names another sub: the session ends, says why
};

struct GuiCase
{
    QString name;
    Kind kind;
    QString message; // a fragment of what the window says
};

} // namespace

class TestAdversarialGui
    : public QObject
    , public Fabrikam::Test::WindowLookup
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void everyCaseIsCovered();
    void cases_data();
    void cases();

private:
    void launch(const QString& name);
    void quit();
    // Clicks Sign in and waits until the window has left the waiting page.
    void signIn();
    void signOut();
    QJsonObject admin(const QString& name, const QByteArray& method, const QString& what);
    bool keychainIsEmpty(const QString& name);
    QString issuer(const QString& name) const { return m_op + u"/"_s + m_tag + u"/"_s + name; }
    QString profile(const QString& name) const { return u"advgui-"_s + name + m_suffix; }

    [[nodiscard]] QWidget* lookupRoot() const override { return m_window.get(); }
    QWidget* currentPage() const { return child<QStackedWidget>("stateStack")->currentWidget(); }
    QString signedOutMessage() const { return child<QLabel>("signedOutMessageLabel")->text(); }

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-adversarial-gui-XXXXXX"_s};
    const QString m_op = Test::envOr("FABRIKAM_ADVERSARIAL_OP", "http://127.0.0.1:18750");
    const QString m_tag = u"gui-%1"_s.arg(QCoreApplication::applicationPid());
    const QString m_suffix = u"-%1"_s.arg(QCoreApplication::applicationPid());
    QNetworkAccessManager m_network;
    Common::SystemClock m_clock;
    Vault::KeychainStore m_keychain{u"com.fabrikam.desktop"_s};
    Vault::TokenVault m_vault{m_keychain, m_clock};
    std::unique_ptr<App::Application> m_app;
    std::unique_ptr<MainWindow> m_window;
};

void TestAdversarialGui::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    QNetworkReply* health = m_network.get(QNetworkRequest(QUrl(m_op + u"/_health"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(health->isFinished(), 5000);
    QVERIFY2(health->error() == QNetworkReply::NoError,
             qPrintable(u"the adversarial provider does not answer at %1 (CTest fixture "
                        "adversarial_op)"_s.arg(m_op)));
    health->deleteLater();
}

void TestAdversarialGui::cleanup()
{
    quit();
}

void TestAdversarialGui::launch(const QString& name)
{
    quit();
    App::Application::Options options;
    options.profile.name = profile(name);
    options.profile.auth.issuer = issuer(name);
    options.profile.auth.clientId = u"adversarial-rp"_s;
    // A callback with a wrong state is ignored until this timeout (RFC 8252 §8.9).
    options.profile.auth.browserTimeout =
        std::chrono::milliseconds(name.startsWith(u"state-") ? 3000 : 60000);
    options.profile.apiBaseUrl = QUrl(issuer(name) + u"/api"_s);
    options.environment = QProcessEnvironment::systemEnvironment();
    options.environment.insert(
        u"BROWSER"_s, u"\"%1\" \"%2\""_s.arg(QStringLiteral(FABRIKAM_NODE_EXECUTABLE),
                                             QStringLiteral(FABRIKAM_ADVERSARIAL_BROWSER)));
    options.environment.insert(u"ADVERSARIAL_BROWSER_LOG"_s,
                               m_dir.filePath(name + u".browser.jsonl"_s));
    options.clock = &m_clock;
    m_app = std::make_unique<App::Application>(std::move(options));
    m_window = std::make_unique<MainWindow>(*m_app);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    // Nothing saved for this new profile: the start-up restore finds nobody.
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 15000);
    QCOMPARE(m_window->page(), MainWindow::Page::SignedOut);
}

void TestAdversarialGui::quit()
{
    m_window.reset();
    m_app.reset();
}

void TestAdversarialGui::signIn()
{
    QVERIFY(child<QPushButton>("signInButton")->isEnabled());
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QCOMPARE(m_window->page(), MainWindow::Page::Waiting);
    QTRY_VERIFY_WITH_TIMEOUT(m_window->page() != MainWindow::Page::Waiting, kSignInWaitMs);
}

void TestAdversarialGui::signOut()
{
    QAction* action = m_window->findChild<QAction*>(u"actionSignOut"_s);
    QVERIFY(action && action->isEnabled());
    action->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::SignedOut, 15000);
    // The provider has an end-session endpoint: the window offers to end that session too.
    QTRY_VERIFY_WITH_TIMEOUT(m_window->findChild<QMessageBox*>(u"signOutMessageBox"_s), 5000);
    auto* keep = m_window->findChild<QPushButton*>(u"keepBrowserSessionButton"_s);
    QVERIFY(keep);
    QTest::mouseClick(keep, Qt::LeftButton);
}

QJsonObject TestAdversarialGui::admin(const QString& name, const QByteArray& method,
                                      const QString& what)
{
    QNetworkRequest request(QUrl(issuer(name) + u"/_admin/"_s + what));
    QNetworkReply* reply = m_network.sendCustomRequest(request, method);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(10000)) {
        qWarning("admin %s did not answer", qPrintable(what));
    }
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

bool TestAdversarialGui::keychainIsEmpty(const QString& name)
{
    std::optional<bool> empty;
    QObject context;
    m_vault.load(profile(name), &context,
                 [&](Common::Result<std::optional<Vault::SessionRecord>> loaded) {
                     if (!loaded.ok() || loaded.value().has_value()) {
                         empty = false;
                         return;
                     }
                     m_keychain.read(Vault::TokenVault::recordKey(profile(name), u"adv-user-1"_s),
                                     &context, [&](Common::Result<QByteArray> record) {
                                         empty = !record.ok() &&
                                                 record.error().code == Vault::Errc::EntryNotFound;
                                     });
                 });
    if (!QTest::qWaitFor([&] { return empty.has_value(); }, 15000)) {
        qWarning("the keychain did not answer");
        return false;
    }
    return *empty;
}

// Every case the adversarial provider serves (everyCaseIsCovered checks it): what the window
// says, by a fragment. The window words a few errors its own way (src/app/messages.cpp: a timeout,
// an unreachable provider, access_denied); the rest are the auth core's words, as in the CLI.
static QList<GuiCase> guiCases()
{
    const auto refused = [](const char* name, const char* message) {
        return GuiCase{QString::fromLatin1(name), Kind::Refused, QString::fromLatin1(message)};
    };
    const auto accepted = [](const char* name) {
        return GuiCase{QString::fromLatin1(name), Kind::Accepted, {}};
    };
    // A timeout after only callbacks for another sign-in says so
    // (Error::note, from the loopback receiver), after the window's own timeout sentence.
    constexpr auto kTimedOutStray =
        "The browser did not come back in time. Try signing in again. An answer arrived that did "
        "not belong to this sign-in (its state was missing or did not match) and was ignored. If "
        "you did not start another sign-in, someone may be trying to interfere.";
    return {
        // Positive controls.
        accepted("good"),
        accepted("good-es256"),
        accepted("good-ps256"),
        accepted("no-kid-one-key"),
        accepted("junk-keys"),
        accepted("jwks-many-keys"),
        accepted("aud-multi-azp"),
        accepted("jwks-redirect-loopback"),
        accepted("userinfo-sub-mismatch"),
        accepted("reauth-sub-changed"), // re-authorizations: tst_reauthentication
        {u"rotation"_s, Kind::RotatedLater, {}},
        // The signature and the key.
        refused("sig-forged", kBadSignature),
        refused("sig-corrupted", kBadSignature),
        refused("sig-stripped", kBadSignature),
        refused("alg-none", kRefusedAlg),
        refused("alg-hs256-pubkey", kRefusedAlg),
        refused("alg-key-mismatch", kNoKey),
        refused("header-jwk", kBadSignature),
        refused("header-jku", kNoKey),
        refused("header-x5u", kNoKey),
        refused("header-x5c", kBadSignature),
        refused("kid-unknown", kNoKey),
        {u"kid-unknown-later"_s, Kind::UnknownLater, QString::fromLatin1(kNoKey)},
        refused("no-kid-two-keys", kNoKey),
        refused("jwks-empty", kNoKey),
        // The ID token's form and claims.
        refused("token-jwe", kUnreadable),
        refused("token-crit", kRefusedAlg),
        refused("claims-duplicate", kUnreadable),
        refused("id-token-oversized", kUnreadable),
        refused("iss-wrong", kRejected),
        refused("aud-wrong", kRejected),
        refused("aud-multi-no-azp", kRejected),
        refused("azp-wrong", kRejected),
        refused("expired", kClock),
        refused("exp-missing", kRejected),
        refused("iat-missing", kRejected),
        refused("iat-future", kClock),
        refused("nonce-missing", kRejected),
        refused("nonce-wrong", kRejected),
        refused("sub-missing", kRejected),
        refused("sub-not-string", kRejected),
        // Discovery and keys documents.
        refused("disc-iss-wrong", kMisconfigured),
        refused("disc-insecure-endpoint", kInsecure),
        refused("disc-no-s256", kMisconfigured),
        refused("disc-non-json", kMisconfigured),
        refused("disc-oversized", kMisconfigured),
        refused("disc-huge", kUnusable),
        refused("disc-redirect-evil", kInsecure),
        refused("jwks-non-json", kKeys),
        refused("jwks-oversized", kKeys),
        refused("jwks-huge", kUnusable),
        refused("jwks-redirect-evil", kInsecure),
        // The authorization response. Another state is not ours: ignored until the timeout, which
        // then says that an answer for another sign-in came and was ignored.
        refused("state-wrong", kTimedOutStray),
        refused("state-missing", kTimedOutStray),
        refused("authz-iss-wrong", "different identity provider"),
        refused("authz-iss-missing", "did not say which identity provider"),
        refused("authz-error-denied", "Sign-in was stopped in the browser"),
        refused("authz-error-server", "Sign-in did not complete: server_error"),
        refused("authz-error-hostile", "Your account is LOCKED"),
        refused("authz-code-missing", "malformed"),
        refused("authz-code-repeated", "malformed"),
        // The token endpoint.
        refused("token-invalid-grant", "refused the request: The code has expired"),
        refused("token-error-hostile", "Your account is LOCKED"),
        refused("token-500", kUnreachable),
        refused("token-non-json", kUnusable),
        refused("token-oversized", kUnusable),
        refused("token-huge", kUnusable),
        refused("token-redirect-evil", kUnusable),
        refused("token-no-id-token", "did not confirm who signed in"),
        refused("token-type-wrong", kUnusable),
        // Slow answers end at the client's 15 s deadline (a dripping answer included).
        refused("slow-discovery", kUnreachable),
        refused("slow-jwks", kUnreachable),
        refused("slow-token-drip", kUnreachable),
        // The refresh grant.
        {u"refresh-sub-changed"_s, Kind::RefreshRefused, u"answered for another person"_s},
        {u"refresh-aud-changed"_s, Kind::RefreshRefused, u"answered for another person"_s},
    };
}

// The window meets every case the provider serves, and only those.
void TestAdversarialGui::everyCaseIsCovered()
{
    QNetworkReply* reply = m_network.get(QNetworkRequest(QUrl(m_op + u"/_cases"_s)));
    QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 5000);
    const QStringList served = QJsonDocument::fromJson(reply->readAll()).object().keys();
    reply->deleteLater();
    QVERIFY(served.size() >= 70);
    QStringList ours;
    for (const GuiCase& c : guiCases()) {
        ours.append(c.name);
    }
    ours.sort();
    QCOMPARE(ours, served); // QJsonObject keys come sorted
}

void TestAdversarialGui::cases_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("message"); // a fragment of what the window says
    for (const GuiCase& c : guiCases()) {
        QTest::newRow(qPrintable(c.name)) << c.name << int(c.kind) << c.message;
    }
}

void TestAdversarialGui::cases()
{
    QFETCH(QString, name);
    QFETCH(int, kind);
    QFETCH(QString, message);

    launch(name);
    if (QTest::currentTestFailed()) {
        return;
    }
    auto* accountsMessage = child<QLabel>("accountsMessageLabel");
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);

    const auto signedIn = [&] {
        QCOMPARE(m_window->page(), MainWindow::Page::Accounts);
        QVERIFY(m_app->session().isSignedIn());
        QCOMPARE(m_app->session().subject(), u"adv-user-1"_s);
        // The empty account list of the provider's API loads without a problem.
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 15000);
        QCOMPARE(refreshed.last().at(0).toBool(), true);
    };
    // A message the person can read: plain text (the provider's words never become markup), one
    // paragraph of printable characters, of a sensible length.
    const auto clearMessage = [](const QLabel* label, const QString& fragment) {
        const QString text = label->text();
        QVERIFY2(text.contains(fragment), qPrintable(text));
        const bool markup = label->textFormat() == Qt::RichText ||
                            (label->textFormat() == Qt::AutoText && Qt::mightBeRichText(text));
        QVERIFY2(!markup, qPrintable(u"shown as rich text: "_s + text));
        QVERIFY2(std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.isPrint(); }),
                 qPrintable(text));
        QVERIFY2(text.size() <= 500, qPrintable(u"%1 characters"_s.arg(text.size())));
    };

    switch (Kind(kind)) {
    case Kind::Accepted: {
        signIn();
        signedIn();
        if (QTest::currentTestFailed()) {
            return;
        }
        QVERIFY(!keychainIsEmpty(name)); // remembered
        // The app never asks UserInfo (there is no such request in src/auth).
        QCOMPARE(admin(name, "GET", u"stats"_s)[u"hits"_s][u"userinfo"_s].toInt(), 0);
        signOut();
        QVERIFY(keychainIsEmpty(name));
        return;
    }
    case Kind::RotatedLater:
    case Kind::UnknownLater: {
        signIn();
        signedIn();
        if (QTest::currentTestFailed()) {
            return;
        }
        // The access tokens live one second (the app renews 30 s before expiry): every Refresh
        // refreshes, and the refreshed ID token is checked against the JWKS cached at sign-in.
        QCOMPARE(admin(name, "GET", u"stats"_s)[u"hits"_s][u"jwks"_s].toInt(), 1);
        QCOMPARE(admin(name, "POST", u"rotate"_s)[u"stage"_s].toInt(), 1);
        refreshed.clear();
        QTest::mouseClick(child<QPushButton>("refreshButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!refreshed.isEmpty(), 15000);
        // Exactly one refetch of the JWKS for the unknown kid, never a loop.
        QCOMPARE(admin(name, "GET", u"stats"_s)[u"hits"_s][u"jwks"_s].toInt(), 2);
        QCOMPARE(m_window->page(), MainWindow::Page::Accounts);
        if (Kind(kind) == Kind::RotatedLater) {
            QCOMPARE(refreshed.last().at(0).toBool(), true);
            QVERIFY2(accountsMessage->text().isEmpty(), qPrintable(accountsMessage->text()));
            QVERIFY(m_app->session().isSignedIn());
            signOut();
            QVERIFY(keychainIsEmpty(name));
            return;
        }
        QCOMPARE(refreshed.last().at(0).toBool(), false);
        clearMessage(accountsMessage, message);
        if (QTest::currentTestFailed()) {
            return;
        }
        // The provider healed, but the refused refresh used up the refresh token (rotation): the
        // next Refresh finds the grant gone, and the window says so and forgets it.
        admin(name, "POST", u"heal"_s);
        QTest::mouseClick(child<QPushButton>("refreshButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::SignedOut, 15000);
        QVERIFY2(signedOutMessage().contains(QLatin1String(kEnded)),
                 qPrintable(signedOutMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(keychainIsEmpty(name), 5000);
        break; // and the same window signs in again, below
    }
    case Kind::Refused:
    case Kind::RefreshRefused: {
        signIn();
        QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::SignedOut, 15000);
        // The refresh case first says the session ended, then why, once the keychain is clear.
        QTRY_VERIFY2_WITH_TIMEOUT(signedOutMessage().contains(message),
                                  qPrintable(signedOutMessage()), 10000);
        clearMessage(child<QLabel>("signedOutMessageLabel"), message);
        if (QTest::currentTestFailed()) {
            return;
        }
        // The stray callback's state is never repeated to the person.
        QVERIFY2(!signedOutMessage().contains(u"not-the-state-you-sent"_s),
                 qPrintable(signedOutMessage()));
        QVERIFY(!m_app->session().isSignedIn());
        QVERIFY(child<QPushButton>("signInButton")->isEnabled());
        QVERIFY(!m_window->findChild<QAction*>(u"actionSignOut"_s)->isEnabled());
        // Nothing kept: not the session, and (refresh case) not the one saved before.
        QTRY_VERIFY_WITH_TIMEOUT(keychainIsEmpty(name), 5000);
        admin(name, "POST", u"heal"_s);
        break;
    }
    }
    if (QTest::currentTestFailed()) {
        return;
    }

    // Still usable: once the provider behaves, the same window signs in and is remembered.
    refreshed.clear();
    signIn();
    signedIn();
    QVERIFY(!keychainIsEmpty(name));
}

QTEST_MAIN(TestAdversarialGui)
#include "tst_adversarial_gui.moc"
