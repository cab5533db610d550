#include "auth/errors.h"
#include "auth/loopback/loopbackreceiver.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkInterface>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <atomic>
#include <future>
#include <memory>
#include <thread>
#include <vector>

using namespace Fabrikam::Auth;
using Fabrikam::Common::ErrorCode;
using Fabrikam::Common::Result;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// 43 characters, like the base64url of 32 random octets that AuthorizationRequest makes.
const QByteArray kState = "k3Jz9Qx7Lw2Vb8Nf5Tr1Yp4Hs6Dm0Gc_Ae-UoIiEtRnX";
const QString kIssuer = u"https://fabrikam.example/"_s;
constexpr int kWait = 3000; // ms; every wait in this file is bounded

// A raw HTTP client on a real socket, driven by the test's event loop (no waitFor*, which would
// block the receiver living in the same thread).
class Client
{
public:
    Client(quint16 port, QByteArray request, const QHostAddress& host = QHostAddress::LocalHost)
        // "{port}" in the request stands for the receiver's port (the Host a browser sends).
        : m_request(QByteArray(request).replace("{port}", QByteArray::number(port)))
    {
        QObject::connect(&m_socket, &QTcpSocket::connected, &m_socket, [this] {
            m_connected = true;
            if (!m_request.isEmpty()) {
                m_socket.write(m_request);
            }
        });
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket,
                         [this] { m_received += m_socket.readAll(); });
        QObject::connect(&m_socket, &QTcpSocket::disconnected, &m_socket,
                         [this] { m_closed = true; });
        QObject::connect(&m_socket, &QTcpSocket::errorOccurred, &m_socket,
                         [this](QAbstractSocket::SocketError e) {
                             m_received += m_socket.readAll();
                             m_error = e;
                             m_closed = true;
                         });
        m_socket.connectToHost(host, port);
    }

    [[nodiscard]] bool waitClosed(int ms = kWait)
    {
        return QTest::qWaitFor([this] { return m_closed; }, ms);
    }
    [[nodiscard]] bool closed() const { return m_closed; }
    [[nodiscard]] bool wasConnected() const { return m_connected; }
    [[nodiscard]] QAbstractSocket::SocketError error() const { return m_error; }
    [[nodiscard]] const QByteArray& received() const { return m_received; }
    QTcpSocket& socket() { return m_socket; }

    [[nodiscard]] int status() const
    {
        if (!m_received.startsWith("HTTP/1.1 ") || m_received.size() < 12) {
            return 0;
        }
        return m_received.mid(9, 3).toInt();
    }
    [[nodiscard]] QByteArray head() const
    {
        return m_received.left(m_received.indexOf("\r\n\r\n") + 2);
    }
    [[nodiscard]] QString body() const
    {
        const qsizetype end = m_received.indexOf("\r\n\r\n");
        return end < 0 ? QString() : QString::fromUtf8(m_received.mid(end + 4));
    }

private:
    QTcpSocket m_socket;
    QByteArray m_request;
    QByteArray m_received;
    bool m_connected = false;
    bool m_closed = false;
    QAbstractSocket::SocketError m_error = QAbstractSocket::UnknownSocketError;
};

QByteArray get(const QByteArray& target)
{
    return "GET " + target +
           " HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUser-Agent: tst\r\nAccept: text/html\r\n\r\n";
}

QByteArray callback(const QByteArray& query)
{
    return get("/callback?" + query);
}

QByteArray goodCallback()
{
    return callback("code=the-code&state=" + kState);
}

// Collects finished() emissions; Result has no default constructor, so no QSignalSpy/QVariant.
struct Outcomes
{
    explicit Outcomes(LoopbackReceiver& receiver)
    {
        QObject::connect(&receiver, &LoopbackReceiver::finished, &context,
                         [this](const Result<AuthorizationResponse>& r) { results.push_back(r); });
    }
    [[nodiscard]] bool waitOne(int ms = kWait)
    {
        return QTest::qWaitFor([this] { return !results.empty(); }, ms);
    }
    QObject context;
    std::vector<Result<AuthorizationResponse>> results;
};

LoopbackReceiver::Limits fastLimits()
{
    LoopbackReceiver::Limits limits;
    limits.requestTimeout = 300ms;
    limits.lingerTimeout = 300ms;
    return limits;
}

} // namespace

class TestLoopbackReceiver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void successWithRealHttpClient();
    void successClosesAndRefusesReplay();
    void plusIsSpaceAndPercentIsDecoded();
    void boundToLoopbackOnly();
    void fixedPort();
    void portInUseNamesThePort();
    void misuseIsRefused();
    void callbackBeforeExpectIsNotAccepted();
    void wrongStateThenRightState();
    void missingOrRepeatedStateIsIgnored();
    void providerErrorInItsOwnWords();
    void providerErrorIsHtmlEscaped();
    void providerErrorWithWrongStateIsIgnored();
    void callbackWithoutCodeFails_data();
    void callbackWithoutCodeFails();
    void rfc9207Issuer_data();
    void rfc9207Issuer();
    void hostileRequestsKeepWaiting_data();
    void hostileRequestsKeepWaiting();
    void slowlorisIsClosedWhileOthersAreServed();
    void floodOfConnectionsThenRealCallback();
    void burstBehindTheBrowserDoesNotPushItOut();
    void timeout();
    void strayCallbacksAreNamedAtTimeout();
    void strayCallbacksAreNamedOnCancel();
    void cancel();
    void destroyWhileClientConnected();
    void destroyBeforeResultDelivered();
};

void TestLoopbackReceiver::initTestCase()
{
    // The receiver logs every refusal at debug level; the floods below would drown the output.
    QLoggingCategory::setFilterRules(u"fabrikam.auth.loopback.debug=false\n"
                                     "fabrikam.auth.loopback.info=false"_s);
}

void TestLoopbackReceiver::successWithRealHttpClient()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    const quint16 port = receiver.serverPort();
    QVERIFY(port != 0);
    QCOMPARE(receiver.redirectUri(),
             QUrl(u"http://127.0.0.1:%1/callback"_s.arg(port), QUrl::StrictMode));
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    QNetworkAccessManager nam;
    QUrl url = receiver.redirectUri();
    url.setQuery(u"code=SplxlOBeZQQYbYS6WxSbIA&state="_s + QString::fromLatin1(kState) +
                 u"&scope=openid"_s);
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
    QVERIFY(QTest::qWaitFor([&] { return reply->isFinished(); }, kWait));
    QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(reply->rawHeader("Content-Type"), "text/html; charset=utf-8");
    QCOMPARE(reply->rawHeader("Cache-Control"), "no-store");
    QCOMPARE(reply->rawHeader("Content-Security-Policy"),
             "default-src 'none'; style-src 'unsafe-inline'");
    QCOMPARE(reply->rawHeader("Referrer-Policy"), "no-referrer");
    const QString page = QString::fromUtf8(reply->readAll());
    QVERIFY(page.contains(u"Fabrikam"_s));
    QVERIFY2(page.contains(u"You're signed in. You can close this tab and return to Fabrikam."_s),
             qPrintable(page));

    QVERIFY(outcomes.waitOne());
    const auto& result = outcomes.results.front();
    QVERIFY(result.ok());
    QCOMPARE(result.value().code, u"SplxlOBeZQQYbYS6WxSbIA"_s);
    QCOMPARE(result.value().state, kState);
    QVERIFY(!result.value().iss.has_value());
    const QList<QPair<QString, QString>> expected{{u"code"_s, u"SplxlOBeZQQYbYS6WxSbIA"_s},
                                                  {u"state"_s, QString::fromLatin1(kState)},
                                                  {u"scope"_s, u"openid"_s}};
    QCOMPARE(result.value().parameters, expected);
}

void TestLoopbackReceiver::successClosesAndRefusesReplay()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    const quint16 port = receiver.serverPort();
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    Client browser(port, goodCallback());
    QVERIFY(browser.waitClosed());
    QCOMPARE(browser.status(), 200);
    QVERIFY(browser.head().contains("Connection: close\r\n"));
    QVERIFY(!receiver.isListening());
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());

    // The same callback again: nobody listens any more.
    Client replay(port, goodCallback());
    QVERIFY(replay.waitClosed());
    QCOMPARE(replay.error(), QAbstractSocket::ConnectionRefusedError);
    QVERIFY(replay.received().isEmpty());
    QTest::qWait(50);
    QCOMPARE(outcomes.results.size(), size_t{1});
}

void TestLoopbackReceiver::plusIsSpaceAndPercentIsDecoded()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);
    // form-urlencoding as providers write it: '+' is a space, %2B a plus, %2F a slash, UTF-8.
    Client browser(receiver.serverPort(),
                   callback("code=4%2F0Ab%2Bc%2Fd%3De+x&state=" + kState + "&note=caf%C3%A9"));
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
    QCOMPARE(outcomes.results.front().value().code, u"4/0Ab+c/d=e x"_s);
    QCOMPARE(outcomes.results.front().value().parameters.last().second, u"caf\u00e9"_s);
}

void TestLoopbackReceiver::boundToLoopbackOnly()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QCOMPARE(receiver.serverAddress(), QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(receiver.redirectUri().host(), u"127.0.0.1"_s);
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());

    // Any other address of this machine must not reach the listener.
    QList<QHostAddress> others;
    for (const QHostAddress& address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol && !address.isLoopback()) {
            others.append(address);
        }
    }
    others.append(QHostAddress(QHostAddress::LocalHostIPv6)); // ::1 is not 127.0.0.1
    for (const QHostAddress& address : others) {
        Client stranger(receiver.serverPort(), goodCallback(), address);
        QVERIFY(stranger.waitClosed());
        QVERIFY2(!stranger.wasConnected(), qPrintable(address.toString()));
        QVERIFY(stranger.received().isEmpty());
    }
    QVERIFY(receiver.isListening());
}

void TestLoopbackReceiver::fixedPort()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen(port).ok());
    QCOMPARE(receiver.serverPort(), port);
    QCOMPARE(receiver.redirectUri().port(), int{port});
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);
    Client browser(port, goodCallback());
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
}

void TestLoopbackReceiver::portInUseNamesThePort()
{
    QTcpServer other;
    QVERIFY(other.listen(QHostAddress::LocalHost, 0));
    LoopbackReceiver receiver;
    const auto result = receiver.listen(other.serverPort());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Fabrikam::Auth::Errc::PortInUse);
    QCOMPARE(result.error().message,
             u"Port %1 on 127.0.0.1 is already in use by another program. Close it or choose "
             "another redirect port in the profile."_s.arg(other.serverPort()));
    QVERIFY(!receiver.isListening());
    QVERIFY(receiver.redirectUri().isEmpty());
    // A failed listen leaves the receiver usable with another port.
    QVERIFY(receiver.listen().ok());
}

void TestLoopbackReceiver::misuseIsRefused()
{
    LoopbackReceiver receiver;
    QCOMPARE(receiver.expect(kState, std::nullopt, 5s).error().code,
             Fabrikam::Common::Errc::InvalidInput);
    QVERIFY(receiver.listen().ok());
    QCOMPARE(receiver.listen().error().code, Fabrikam::Common::Errc::InvalidInput);
    QCOMPARE(receiver.expect({}, std::nullopt, 5s).error().code,
             Fabrikam::Common::Errc::InvalidInput);
    QCOMPARE(receiver.expect(kState, std::nullopt, 0ms).error().code,
             Fabrikam::Common::Errc::InvalidInput);
    QCOMPARE(receiver.expect(kState, IssuerCheck{{}, true}, 5s).error().code,
             Fabrikam::Common::Errc::InvalidInput);
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    QCOMPARE(receiver.expect(kState, std::nullopt, 5s).error().code,
             Fabrikam::Common::Errc::InvalidInput);
}

void TestLoopbackReceiver::callbackBeforeExpectIsNotAccepted()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    Outcomes outcomes(receiver);
    Client early(receiver.serverPort(), goodCallback());
    QVERIFY(early.waitClosed());
    QCOMPARE(early.status(), 400);
    QVERIFY(receiver.isListening());

    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Client browser(receiver.serverPort(), goodCallback());
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
}

void TestLoopbackReceiver::wrongStateThenRightState()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    QByteArray wrong = kState;
    wrong.back() = 'Y'; // same length, last character differs
    Client stale(receiver.serverPort(), callback("code=stolen&state=" + wrong));
    QVERIFY(stale.waitClosed());
    QCOMPARE(stale.status(), 400);
    QVERIFY2(stale.body().contains(u"This sign-in link is not the one Fabrikam is waiting for"_s),
             qPrintable(stale.body()));
    QVERIFY(receiver.isListening());
    QVERIFY(outcomes.results.empty());

    Client browser(receiver.serverPort(), goodCallback());
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
    QCOMPARE(outcomes.results.front().value().code, u"the-code"_s);
}

void TestLoopbackReceiver::missingOrRepeatedStateIsIgnored()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    const QByteArrayList queries{"code=x", "code=x&state=", "code=x&state=a&state=" + kState,
                                 "code=x&STATE=" + kState,
                                 "code=x&state=" + kState.left(kState.size() - 1)};
    for (const QByteArray& query : queries) {
        Client client(receiver.serverPort(), callback(query));
        QVERIFY(client.waitClosed());
        QVERIFY2(client.status() == 400, query.constData());
    }
    QTest::qWait(20);
    QVERIFY(outcomes.results.empty());
    QVERIFY(receiver.isListening());
    Client browser(receiver.serverPort(), goodCallback());
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
}

void TestLoopbackReceiver::providerErrorInItsOwnWords()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    Client browser(receiver.serverPort(),
                   callback("error=access_denied&error_description=User%20said%20no"
                            "&error_uri=https%3A%2F%2Fidp.example%2Fhelp&state=" +
                            kState));
    QVERIFY(browser.waitClosed());
    QCOMPARE(browser.status(), 200);
    QVERIFY2(browser.body().contains(
                 u"Sign-in did not complete: User said no. Return to Fabrikam to try again."_s),
             qPrintable(browser.body()));
    QVERIFY(!browser.body().contains(u"signed in."_s));

    QVERIFY(outcomes.waitOne());
    const auto& result = outcomes.results.front();
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, Fabrikam::Auth::Errc::AuthorizationDenied);
    QVERIFY(result.error().message.contains(u"User said no"_s));
    QVERIFY(result.error().detail.contains(u"access_denied"_s));
    QVERIFY(receiver.providerError().has_value());
    QCOMPARE(receiver.providerError()->error, u"access_denied"_s);
    QCOMPARE(receiver.providerError()->errorDescription, u"User said no"_s);
    QCOMPARE(receiver.providerError()->errorUri, u"https://idp.example/help"_s);
    QVERIFY(!receiver.isListening());
}

void TestLoopbackReceiver::providerErrorIsHtmlEscaped()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    Client browser(receiver.serverPort(),
                   callback("error=server_error&error_description=Oops+%3Cscript%3Ealert(%22x%22)"
                            "%3C%2Fscript%3E+%26+more&state=" +
                            kState));
    QVERIFY(browser.waitClosed());
    const QString body = browser.body();
    QVERIFY2(!body.contains(u"<script"_s), qPrintable(body));
    QVERIFY2(body.contains(u"Oops &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more"_s),
             qPrintable(body));
    QVERIFY(outcomes.waitOne());
    QCOMPARE(outcomes.results.front().error().code, Fabrikam::Auth::Errc::AuthorizationFailed);
    QCOMPARE(receiver.providerError()->errorDescription,
             u"Oops <script>alert(\"x\")</script> & more"_s);
}

void TestLoopbackReceiver::providerErrorWithWrongStateIsIgnored()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    Client forged(receiver.serverPort(),
                  callback("error=access_denied&error_description=Forged&state=not-ours"));
    QVERIFY(forged.waitClosed());
    QCOMPARE(forged.status(), 400);
    QVERIFY(!forged.body().contains(u"Forged"_s));
    QVERIFY(!receiver.providerError().has_value());
    QVERIFY(receiver.isListening());

    Client browser(receiver.serverPort(), goodCallback());
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
}

void TestLoopbackReceiver::callbackWithoutCodeFails_data()
{
    QTest::addColumn<QByteArray>("query");
    QTest::newRow("neither code nor error") << "state=" + kState;
    QTest::newRow("empty code") << "code=&state=" + kState;
    QTest::newRow("repeated code") << "code=a&code=b&state=" + kState;
}

void TestLoopbackReceiver::callbackWithoutCodeFails()
{
    QFETCH(QByteArray, query);
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);
    Client browser(receiver.serverPort(), callback(query));
    QVERIFY(browser.waitClosed());
    QCOMPARE(browser.status(), 400);
    QVERIFY(browser.body().contains(u"Sign-in did not complete"_s));
    QVERIFY(outcomes.waitOne());
    QCOMPARE(outcomes.results.front().error().code, Fabrikam::Auth::Errc::CallbackInvalid);
    QVERIFY(!receiver.isListening());
}

void TestLoopbackReceiver::rfc9207Issuer_data()
{
    QTest::addColumn<int>("mode"); // 0: nullopt, 1: required (advertised), 2: known, optional
    QTest::addColumn<QByteArray>("extra");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<ErrorCode>("code");

    const QByteArray right = "&iss=https%3A%2F%2Ffabrikam.example%2F";
    const QByteArray wrong = "&iss=https%3A%2F%2Fattacker.example%2F";
    QTest::newRow("advertised, missing")
        << 1 << QByteArray() << false << ErrorCode(Fabrikam::Auth::Errc::IssuerMissing);
    QTest::newRow("advertised, wrong")
        << 1 << wrong << false << ErrorCode(Fabrikam::Auth::Errc::IssuerMismatch);
    QTest::newRow("advertised, right")
        << 1 << right << true << ErrorCode(Fabrikam::Common::Errc::Internal);
    QTest::newRow("advertised, trailing slash missing")
        << 1 << QByteArray("&iss=https%3A%2F%2Ffabrikam.example") << false
        << ErrorCode(Fabrikam::Auth::Errc::IssuerMismatch);
    QTest::newRow("advertised, empty")
        << 1 << QByteArray("&iss=") << false << ErrorCode(Fabrikam::Auth::Errc::IssuerMismatch);
    QTest::newRow("advertised, wrong, error response")
        << 1 << wrong + "&error=access_denied" << false
        << ErrorCode(Fabrikam::Auth::Errc::IssuerMismatch);
    QTest::newRow("advertised, right, error response")
        << 1 << right + "&error=access_denied" << false
        << ErrorCode(Fabrikam::Auth::Errc::AuthorizationDenied);
    QTest::newRow("not advertised, missing")
        << 2 << QByteArray() << true << ErrorCode(Fabrikam::Common::Errc::Internal);
    QTest::newRow("not advertised, right")
        << 2 << right << true << ErrorCode(Fabrikam::Common::Errc::Internal);
    QTest::newRow("not advertised, wrong")
        << 2 << wrong << false << ErrorCode(Fabrikam::Auth::Errc::IssuerMismatch);
    QTest::newRow("no issuer known, any")
        << 0 << wrong << true << ErrorCode(Fabrikam::Common::Errc::Internal);
}

void TestLoopbackReceiver::rfc9207Issuer()
{
    QFETCH(int, mode);
    QFETCH(QByteArray, extra);
    QFETCH(bool, ok);
    QFETCH(ErrorCode, code);

    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    switch (mode) {
    case 0:
        QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
        break;
    case 1:
        QVERIFY(receiver.expect(kState, std::optional<QString>(kIssuer), 5s).ok());
        break;
    default:
        QVERIFY(receiver.expect(kState, IssuerCheck{kIssuer, false}, 5s).ok());
        break;
    }
    Outcomes outcomes(receiver);
    Client browser(receiver.serverPort(), callback("code=c&state=" + kState + extra));
    QVERIFY(browser.waitClosed());
    QVERIFY(outcomes.waitOne());
    const auto& result = outcomes.results.front();
    QCOMPARE(result.ok(), ok);
    if (ok) {
        QCOMPARE(browser.status(), 200);
        QCOMPARE(result.value().code, u"c"_s);
        if (extra.contains("fabrikam")) {
            QCOMPARE(result.value().iss, std::optional<QString>(kIssuer));
        }
    } else {
        QCOMPARE(result.error().code, code);
        if (code != Fabrikam::Auth::Errc::AuthorizationDenied) {
            QCOMPARE(browser.status(), 400);
            QVERIFY(!receiver.providerError().has_value()); // a mix-up's words are not used
        }
    }
    QVERIFY(!receiver.isListening());
}

void TestLoopbackReceiver::hostileRequestsKeepWaiting_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    const QByteArray good = "/callback?code=x&state=" + kState;
    QTest::newRow("garbage bytes") << QByteArray("\x00\xff\xfe\x01garbage\r\n\r\n", 15) << 400;
    QTest::newRow("TLS ClientHello")
        << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc", 9) << 400;
    QTest::newRow("no HTTP version (HTTP/0.9)") << "GET " + good + "\r\n\r\n" << 400;
    QTest::newRow("HTTP/2.0") << "GET " + good + " HTTP/2.0\r\n\r\n" << 400;
    QTest::newRow("bare LF") << "GET " + good + " HTTP/1.1\n\n" << 400;
    QTest::newRow("two spaces") << "GET  " + good + " HTTP/1.1\r\n\r\n" << 400;
    QTest::newRow("absolute-form") << "GET http://127.0.0.1" + good + " HTTP/1.1\r\n\r\n" << 400;
    QTest::newRow("space before colon") << "GET " + good + " HTTP/1.1\r\nHost : x\r\n\r\n" << 400;
    QTest::newRow("obs-fold") << "GET " + good + " HTTP/1.1\r\nA: b\r\n c\r\n\r\n" << 400;
    QTest::newRow("NUL in header")
        << "GET " + good + " HTTP/1.1\r\nA: b" + QByteArray(1, '\0') + "\r\n\r\n"
        << 400;
    QTest::newRow("POST /callback")
        << "POST " + good + " HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 5\r\n\r\nhello"
        << 405;
    QTest::newRow("HEAD /callback")
        << "HEAD " + good + " HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        << 405;
    // The Host must be the redirect URI's: a rebound name, another port, none or two is not the
    // browser that the provider sent here.
    const auto withHost = [&good](const QByteArray& fields) -> QByteArray {
        return "GET " + good + " HTTP/1.1\r\n" + fields + "\r\n";
    };
    QTest::newRow("Host of a rebound name") << withHost("Host: evil.example:{port}\r\n") << 400;
    QTest::newRow("Host localhost") << withHost("Host: localhost:{port}\r\n") << 400;
    QTest::newRow("Host without the port") << withHost("Host: 127.0.0.1\r\n") << 400;
    QTest::newRow("Host with another port") << withHost("Host: 127.0.0.1:1\r\n") << 400;
    QTest::newRow("no Host") << withHost("User-Agent: tst\r\n") << 400;
    QTest::newRow("two Hosts") << withHost("Host: 127.0.0.1:{port}\r\nhost: 127.0.0.1:{port}\r\n")
                               << 400;
    QTest::newRow("/callbackEVIL") << get("/callbackEVIL?code=x&state=" + kState) << 404;
    QTest::newRow("/callback/") << get("/callback/?code=x&state=" + kState) << 404;
    QTest::newRow("/%63allback") << get("/%63allback?code=x&state=" + kState) << 404;
    QTest::newRow("/CALLBACK") << get("/CALLBACK?code=x&state=" + kState) << 404;
    QTest::newRow("/favicon.ico") << get("/favicon.ico") << 404;
    QTest::newRow("/") << get("/") << 404;
    QTest::newRow("10 KiB of headers")
        << "GET " + good + " HTTP/1.1\r\nX-Big: " + QByteArray(10 * 1024, 'a') + "\r\n\r\n"
        << 431;
}

void TestLoopbackReceiver::hostileRequestsKeepWaiting()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);

    LoopbackReceiver receiver(fastLimits());
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    Client hostile(receiver.serverPort(), request);
    QVERIFY(hostile.waitClosed(1000)); // answered and closed well before the request timeout
    QCOMPARE(hostile.status(), status);
    QVERIFY(hostile.head().contains("Connection: close\r\n"));
    if (status == 405) {
        QVERIFY(hostile.head().contains("Allow: GET\r\n"));
    }
    QTest::qWait(20);
    QVERIFY(outcomes.results.empty());
    QVERIFY(receiver.isListening());

    Client browser(receiver.serverPort(), goodCallback());
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
}

void TestLoopbackReceiver::slowlorisIsClosedWhileOthersAreServed()
{
    LoopbackReceiver receiver(fastLimits()); // requestTimeout 300 ms
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    QElapsedTimer clock;
    clock.start();
    Client slow(receiver.serverPort(), "GET /callback?code=x&state=" + kState + " HTTP/1.1\r\nHo");
    QVERIFY(QTest::qWaitFor([&] { return slow.wasConnected(); }, kWait));

    // Served in parallel while the slow one stalls.
    Client other(receiver.serverPort(), get("/favicon.ico"));
    QVERIFY(other.waitClosed());
    QCOMPARE(other.status(), 404);
    QVERIFY(!slow.closed());

    QVERIFY(slow.waitClosed());
    QVERIFY(clock.elapsed() >= 250);
    QVERIFY(slow.received().isEmpty());
    QVERIFY(outcomes.results.empty());

    Client browser(receiver.serverPort(), goodCallback());
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
}

void TestLoopbackReceiver::floodOfConnectionsThenRealCallback()
{
    LoopbackReceiver::Limits limits; // 32 connections, 5 s request timeout
    limits.evictionGrace = 100ms;
    LoopbackReceiver receiver(limits);
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);

    std::vector<std::unique_ptr<Client>> flood;
    for (int i = 0; i < 100; ++i) {
        flood.push_back(std::make_unique<Client>(receiver.serverPort(), QByteArray()));
        if (i % 20 == 19) {
            QTest::qWait(5); // let the receiver accept, as a real flood would interleave
        }
    }
    const auto closedCount = [&flood] {
        return std::count_if(flood.begin(), flood.end(), [](const auto& c) { return c->closed(); });
    };
    QVERIFY(QTest::qWaitFor(
        [&] {
            return std::all_of(flood.begin(), flood.end(),
                               [](const auto& c) { return c->wasConnected(); });
        },
        kWait));
    // New connections are kept for evictionGrace (burstBehindTheBrowserDoesNotPushItOut); older
    // ones give way to a newcomer. Capped: of 100 idle connections at most 32 stay open.
    QTest::qWait(200);
    Client other(receiver.serverPort(), get("/favicon.ico"));
    QVERIFY(other.waitClosed());
    QCOMPARE(other.status(), 404);
    QTRY_VERIFY_WITH_TIMEOUT(closedCount() >= 68, kWait);

    Client browser(receiver.serverPort(), goodCallback());
    QVERIFY(browser.waitClosed());
    QCOMPARE(browser.status(), 200);
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
    // And everything else is dropped with the server.
    QTRY_COMPARE_WITH_TIMEOUT(closedCount(), std::ptrdiff_t{100}, kWait);
}

// The browser's request waits in the backlog with more idle connections behind it than the cap,
// and Qt accepts them all in one go before any is read (the receiver's event loop is not running
// while they connect, from another thread). The browser's connection is then the oldest, yet it
// must not be the one dropped: its request has not had its chance to be read.
void TestLoopbackReceiver::burstBehindTheBrowserDoesNotPushItOut()
{
    LoopbackReceiver receiver; // default limits: 32 connections
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);
    const quint16 port = receiver.serverPort();

    std::promise<void> connected;
    std::atomic<bool> done{false};
    QByteArray answer;
    std::thread clients([&] {
        QTcpSocket browser;
        browser.connectToHost(QHostAddress::LocalHost, port);
        if (browser.waitForConnected(kWait)) {
            browser.write(QByteArray(goodCallback()).replace("{port}", QByteArray::number(port)));
            browser.waitForBytesWritten(kWait);
        }
        std::vector<std::unique_ptr<QTcpSocket>> idle; // 40: over the cap, within the backlog
        for (int i = 0; i < 40; ++i) {
            idle.push_back(std::make_unique<QTcpSocket>());
            idle.back()->connectToHost(QHostAddress::LocalHost, port);
            idle.back()->waitForConnected(kWait);
        }
        connected.set_value();
        while (browser.waitForReadyRead(kWait)) {
            answer += browser.readAll();
        }
        answer += browser.readAll();
        done = true;
    });
    const auto joined = qScopeGuard([&clients] { clients.join(); });
    connected.get_future().wait(); // blocks this thread: nothing is accepted until all are there
    QVERIFY(QTest::qWaitFor([&] { return done.load(); }, 2 * kWait));
    QVERIFY2(answer.startsWith("HTTP/1.1 200 "), answer.left(40).constData());
    QVERIFY(outcomes.waitOne());
    QVERIFY(outcomes.results.front().ok());
}

void TestLoopbackReceiver::timeout()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    const quint16 port = receiver.serverPort();
    QVERIFY(receiver.expect(kState, std::nullopt, 150ms).ok());
    Outcomes outcomes(receiver);
    QVERIFY(outcomes.waitOne());
    QCOMPARE(outcomes.results.front().error().code, Fabrikam::Common::Errc::Timeout);
    QVERIFY(!receiver.isListening());
    // Nothing else answered: the plain timeout, without the note on stray callbacks.
    QCOMPARE(receiver.strayCallbacks(), 0);
    QVERIFY(outcomes.results.front().error().note.isEmpty());
    QVERIFY(outcomes.results.front().error().detail.isEmpty());

    Client late(port, goodCallback());
    QVERIFY(late.waitClosed());
    QVERIFY(!late.wasConnected());
    QTest::qWait(20);
    QCOMPARE(outcomes.results.size(), size_t{1});
}

// A callback for another sign-in is ignored (RFC 6749 §10.12) but counted: when the wait then
// times out, the error says that an answer came which was not ours, without the state it carried.
void TestLoopbackReceiver::strayCallbacksAreNamedAtTimeout()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 1500ms).ok());
    Outcomes outcomes(receiver);
    const quint16 port = receiver.serverPort();

    const QByteArray wrong = "stray-state-of-another-sign-in-0123456789ab";
    const QByteArrayList queries{"code=x&state=" + wrong, "code=x",
                                 "error=access_denied&state=" + wrong};
    for (const QByteArray& query : queries) {
        Client client(port, callback(query));
        QVERIFY(client.waitClosed());
        QVERIFY2(client.status() == 400, query.constData());
    }
    // Not callbacks at all: another path, another method. Not counted.
    Client favicon(port, get("/favicon.ico"));
    Client post(port, "POST /callback?code=x&state=" + wrong +
                          " HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\n\r\n");
    QVERIFY(favicon.waitClosed());
    QVERIFY(post.waitClosed());
    QCOMPARE(favicon.status(), 404);
    QCOMPARE(post.status(), 405);
    QCOMPARE(receiver.strayCallbacks(), 3);
    QVERIFY(outcomes.results.empty()); // still waiting

    QVERIFY(outcomes.waitOne());
    const auto& error = outcomes.results.front().error();
    QCOMPARE(error.code, Fabrikam::Common::Errc::Timeout);
    QVERIFY2(error.message.startsWith(u"Sign-in took too long"_s), qPrintable(error.message));
    const QString note = error.note;
    QVERIFY2(note.contains(u"did not belong to this sign-in"_s), qPrintable(note));
    QVERIFY2(note.contains(u"someone may be trying to interfere"_s), qPrintable(note));
    QVERIFY2(error.message.endsWith(QLatin1Char(' ') + note), qPrintable(error.message));
    QCOMPARE(error.detail, u"no authorization response before the timeout; 3 callbacks with a "
                           "missing or unexpected state were ignored"_s);
    for (const QString& text : {error.message, error.detail}) {
        QVERIFY2(!text.contains(QString::fromLatin1(wrong)), qPrintable(text));
        QVERIFY2(!text.contains(QString::fromLatin1(kState)), qPrintable(text));
    }
}

void TestLoopbackReceiver::strayCallbacksAreNamedOnCancel()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);
    Client stray(receiver.serverPort(), callback("code=x&state=" + kState.left(10)));
    QVERIFY(stray.waitClosed());
    QCOMPARE(receiver.strayCallbacks(), 1);

    receiver.cancel();
    QVERIFY(outcomes.waitOne());
    const auto& error = outcomes.results.front().error();
    QCOMPARE(error.code, Fabrikam::Common::Errc::Cancelled);
    QVERIFY2(error.message.startsWith(u"Sign-in was cancelled. "_s), qPrintable(error.message));
    QVERIFY(!error.note.isEmpty());
    QVERIFY(error.message.endsWith(error.note));
    QCOMPARE(
        error.detail,
        u"cancelled while waiting; 1 callback with a missing or unexpected state was ignored"_s);
    QVERIFY(!error.message.contains(QString::fromLatin1(kState.left(10))));
}

// The note belongs to the end of the wait only; other errors with a look-alike detail get none.
void TestLoopbackReceiver::cancel()
{
    LoopbackReceiver receiver;
    QVERIFY(receiver.listen().ok());
    QVERIFY(receiver.expect(kState, std::nullopt, 5s).ok());
    Outcomes outcomes(receiver);
    Client waiting(receiver.serverPort(), QByteArray("GET /call"));
    QVERIFY(QTest::qWaitFor([&] { return waiting.wasConnected(); }, kWait));
    QTest::qWait(20);

    receiver.cancel();
    QVERIFY(!receiver.isListening());
    QVERIFY(outcomes.results.empty()); // never re-enters the caller of cancel()
    receiver.cancel();
    QVERIFY(outcomes.waitOne());
    QCOMPARE(outcomes.results.front().error().code, Fabrikam::Common::Errc::Cancelled);
    QVERIFY(waiting.waitClosed());
    QTest::qWait(20);
    QCOMPARE(outcomes.results.size(), size_t{1});
    QCOMPARE(receiver.listen().error().code, Fabrikam::Common::Errc::InvalidInput); // single use
}

void TestLoopbackReceiver::destroyWhileClientConnected()
{
    auto receiver = std::make_unique<LoopbackReceiver>();
    QVERIFY(receiver->listen().ok());
    QVERIFY(receiver->expect(kState, std::nullopt, 5s).ok());
    const quint16 port = receiver->serverPort();
    Client idle(port, QByteArray("GET /callback?code=x"));
    Client answered(port, get("/favicon.ico"));
    QVERIFY(QTest::qWaitFor([&] { return idle.wasConnected(); }, kWait));
    QTest::qWait(20);

    receiver.reset();
    QVERIFY(idle.waitClosed());
    QVERIFY(answered.waitClosed());
    Client after(port, goodCallback());
    QVERIFY(after.waitClosed());
    QVERIFY(!after.wasConnected());
}

void TestLoopbackReceiver::destroyBeforeResultDelivered()
{
    auto receiver = std::make_unique<LoopbackReceiver>();
    QVERIFY(receiver->listen().ok());
    QVERIFY(receiver->expect(kState, std::nullopt, 5s).ok());
    int emitted = 0;
    QObject context;
    connect(receiver.get(), &LoopbackReceiver::finished, &context, [&] { ++emitted; });
    receiver->cancel(); // result queued
    receiver.reset();   // and dropped with the receiver
    QTest::qWait(20);
    QCOMPARE(emitted, 0);
}

QTEST_GUILESS_MAIN(TestLoopbackReceiver)
#include "tst_loopbackreceiver.moc"
