// Lost answers (issue 14) in the window: the real MainWindow moves money exactly once whatever the
// network does to POST /transfers. Its API base URL is the fault proxy (tests/support/fault-proxy/)
// in front of the API of the lost_answers tenant, the same fixture as tst_lostanswers (the CLI),
// and the person in the browser is scripted (BROWSER, one seed user with TOTP per row). For each
// fault: the transfer dialog says what is known ("Done." or "could not find out whether the
// transfer went through" with Retry), the balances and recent transfers reloaded behind it match
// what the bank did, Retry (or the same transfer in a new dialog) completes under the same
// Idempotency-Key, the API's log shows one completed transfer, the list shows it once, and no
// secret reached a file, the window's timeline or a log message.
//
//   test ── PUT /__faults ──> fault proxy ── POST /transfers ──> sandbox API (ledger, api.log)
//   MainWindow ── accounts, transfers ──^        ^── GET /__faults: log (idempotencyKey, calls)
//   scripted person (BROWSER) ── sign-in, step-up ──> sandbox provider (recorded secrets)
#include "app/accountsmodel.h"
#include "app/application.h"
#include "app/mainwindow.h"
#include "app/transferdialog.h"
#include "app/transfersmodel.h"
#include "client/transfercoordinator.h"
#include "support/accountsview.h"
#include "support/capturedmessages.h"
#include "support/faultproxy.h"
#include "support/sandboxadmin.h"
#include "support/sandboxenv.h"
#include "support/secretscan.h"
#include "support/widgetlookup.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QMap>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using App::MainWindow;

namespace {

constexpr int kBrowserTimeoutMs = 90000; // a step-up may wait up to 30 s for an unused code
constexpr int kReloadTimeoutMs = 20000;
constexpr qint64 kAmountMinor = 640;
const QString kAmount = u"6.40"_s;
constexpr int kDelayMs = 17000; // past the window's 15 s API timeout

// The dialog's words (src/app/messages.cpp, src/app/transferdialog.cpp), by the fragment that
// tells the outcomes apart.
const QString kNotSure = u"We could not find out whether the transfer went through"_s;
const QString kSafeToRetry = u"Trying this same transfer again is safe"_s;
const QString kReplayed = u"The bank had already received this transfer; it was made only once."_s;
const QString kEarlierAttempt = u"An earlier attempt of this transfer ended before Fabrikam "
                                "answered. Confirming repeats it under the same reference"_s;

// How the person finds out after "not sure": the dialog's Retry, or closing it and entering the
// same transfer in a new one.
enum class Resume
{
    Retry,
    NewDialog,
};

} // namespace

Q_DECLARE_METATYPE(Resume)

class TestLostAnswersGui
    : public QObject
    , public Fabrikam::Test::WindowLookup
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void cleanupTestCase();
    void everyFaultMovesTheMoneyOnce_data();
    void everyFaultMovesTheMoneyOnce();
    void nothingSecretWasWritten();

private:
    // The scripted person's runs (sandbox/test/support/scripted-browser.js's log), one per trip.
    [[nodiscard]] QList<QJsonObject> browserRuns(const QString& user) const
    {
        return Test::jsonLines(m_dir.filePath(user + u".browser.log"_s));
    }
    // A new Application and MainWindow for `user`: a profile of its own (keychain entries), its own
    // XDG folders (pending-transfer notes), the API through the fault proxy.
    void launch(const QString& user);
    // Saves what the window recorded (its timeline, the dialog's words) for the secret scan, then
    // closes it.
    void quit();
    void signInThroughTheWindow();
    // Opens a transfer dialog through the window (into m_dialog) and fills the form.
    void fillTransfer(const QString& from, const QString& to, const QString& memo);
    // Review, Confirm; waits for the result page and returns its words.
    QString confirmTransfer();
    // Waits for the result page after Retry or Confirm and returns its words.
    QString awaitResult();
    // Waits until the window has reloaded balances and recent transfers after the last attempt.
    void awaitReloadAfterAttempt();
    void scenario(const QByteArray& method, const QJsonObject& body = {});
    // The POST /transfers the proxy handled after entry `afterSeq`.
    // The ledger's own account (sandbox/src/api/index.js): api.transfer lines of `user`.
    [[nodiscard]] qint64 balance(const QString& accountId) const;
    // The recent transfers the window lists with this memo.
    [[nodiscard]] QList<Bank::Transfer> listed(const QString& memo) const;
    // The pending-transfer notes under the row's data folder that hold `key`.
    [[nodiscard]] QStringList notesHolding(const QByteArray& key) const;
    [[nodiscard]] QString rowDir() const { return m_dir.filePath(m_user); }

    [[nodiscard]] QWidget* lookupRoot() const override { return m_window.get(); }

    QTemporaryDir m_dir{QDir::tempPath() + u"/fabrikam-lost-answers-gui-XXXXXX"_s};
    QNetworkAccessManager m_network;
    const Test::LostAnswersTenant m_tenant;
    Test::FaultProxy m_faults{m_network, m_tenant.proxy};
    QString m_record;
    qint64 m_recordOffset = 0;
    QDateTime m_started;
    QStringList m_users;
    QMap<QString, int> m_stepUps; // by user: elevated tokens the scan must know about

    QString m_user;
    std::unique_ptr<App::Application> m_app;
    std::unique_ptr<MainWindow> m_window;
    QPointer<App::TransferDialog> m_dialog;
    QStringList m_shown;              // the dialog's result words, for the scan
    int m_reloadsAfterAttempt = 0;    // successful reloads since the last transferFinished
    QList<QByteArray> m_preparedKeys; // TransferCoordinator::prepared, in order
    QList<bool> m_preparedResumed;
};

void TestLostAnswersGui::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_dir.setAutoRemove(qEnvironmentVariableIsEmpty("FABRIKAM_KEEP_TEST_DIR"));
    QVERIFY2(!m_tenant.data.isEmpty(), "FABRIKAM_SANDBOX_DATA: the lost_answers fixture's tenant");
    QVERIFY2(!m_faults.state().isEmpty(), "the fault proxy (fixture lost_answers) does not answer");
    // The app's own folders (pending-transfer notes) as in the shipped program.
    QCoreApplication::setOrganizationName(u"Fabrikam"_s);
    QCoreApplication::setApplicationName(u"Fabrikam Desktop"_s);
    qRegisterMetaType<App::TransferDialog*>(); // MainWindow::transferDialogOpened, for QSignalSpy
    Test::CapturedMessages::install();
    // The API client's and the transfer flow's debug lines (keys, resends) are scanned too.
    QLoggingCategory::setFilterRules(u"fabrikam.*.debug=true"_s);
    qputenv("BROWSER", FABRIKAM_SCRIPTED_BROWSER);
    qputenv("FABRIKAM_PERSON_ACTION", "complete");
    m_record = m_tenant.data + u"/recorded-secrets.jsonl"_s;
    m_recordOffset = QFileInfo(m_record).size();
    m_started = QDateTime::currentDateTimeUtc();
    QCOMPARE(m_faults.arm({{u"mode"_s, u"pass"_s}}), 200);
    scenario("PUT");
}

void TestLostAnswersGui::cleanup()
{
    quit();
    QCOMPARE(m_faults.arm({{u"mode"_s, u"pass"_s}}), 200);
    scenario("PUT");
}

void TestLostAnswersGui::cleanupTestCase()
{
    quit();
    QLoggingCategory::setFilterRules(QString());
    Test::CapturedMessages::uninstall();
}

void TestLostAnswersGui::scenario(const QByteArray& method, const QJsonObject& body)
{
    QCOMPARE(Test::sandboxAdmin(m_network, m_tenant.admin, method, u"/scenarios"_s, body), 200);
}

qint64 TestLostAnswersGui::balance(const QString& accountId) const
{
    return Test::shownBalance(child<QTableView>("accountsView")->model(), accountId);
}

QList<Bank::Transfer> TestLostAnswersGui::listed(const QString& memo) const
{
    QList<Bank::Transfer> found;
    const auto* model =
        qobject_cast<const App::TransfersModel*>(child<QTableView>("transfersView")->model());
    if (model) {
        for (const Bank::Transfer& t : model->transfers()) {
            if (t.memo == memo) {
                found.append(t);
            }
        }
    }
    return found;
}

QStringList TestLostAnswersGui::notesHolding(const QByteArray& key) const
{
    QStringList holding;
    QDirIterator notes(rowDir() + u"/data"_s, {u"*.json"_s}, QDir::Files,
                       QDirIterator::Subdirectories);
    while (notes.hasNext()) {
        QFile note(notes.next());
        if (note.open(QIODevice::ReadOnly) && note.readAll().contains(key)) {
            holding << note.fileName();
        }
    }
    return holding;
}

void TestLostAnswersGui::launch(const QString& user)
{
    quit();
    m_user = user;
    m_shown.clear();
    m_preparedKeys.clear();
    m_preparedResumed.clear();
    // Read by the app (pending-transfer notes) and by the scripted person it starts.
    for (const char* part : {"config", "data"}) {
        QVERIFY(QDir().mkpath(rowDir() + u'/' + QLatin1String(part)));
    }
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(rowDir() + u"/config"_s));
    qputenv("XDG_DATA_HOME", QFile::encodeName(rowDir() + u"/data"_s));
    qputenv("FABRIKAM_PERSON_USER", user.toUtf8());
    qputenv("FABRIKAM_PERSON_PROFILE", QFile::encodeName(m_dir.filePath(u"browser-"_s + user)));
    qputenv("FABRIKAM_PERSON_LOG", QFile::encodeName(m_dir.filePath(user + u".browser.log"_s)));

    App::Application::Options options;
    // One profile (keychain entry) per user and test process.
    options.profile.name = u"lost-gui-%1-%2"_s.arg(user).arg(QCoreApplication::applicationPid());
    options.profile.auth.issuer = m_tenant.issuer;
    options.profile.auth.browserTimeout = std::chrono::milliseconds(kBrowserTimeoutMs);
    options.profile.apiBaseUrl = QUrl(m_tenant.proxy); // every API call goes through the proxy
    options.environment = QProcessEnvironment::systemEnvironment();
    m_app = std::make_unique<App::Application>(std::move(options));
    m_window = std::make_unique<MainWindow>(*m_app);
    QVERIFY(m_app->pendingTransfers().filePath().startsWith(rowDir() + u"/data/"_s));

    connect(&m_app->transfers(), &Client::TransferCoordinator::prepared, this,
            [this](const Bank::TransferRequest& request, bool resumed, bool) {
                m_preparedKeys << request.idempotencyKey();
                m_preparedResumed << resumed;
                ++m_stepUps[m_user];
            });
    connect(m_window.get(), &MainWindow::refreshed, this,
            [this](bool ok) { m_reloadsAfterAttempt += ok ? 1 : 0; });
    // The window reloads after every attempt (transferFinished → refresh()): count from there.
    connect(m_window.get(), &MainWindow::transferDialogOpened, this,
            [this](App::TransferDialog* dialog) {
                connect(dialog, &App::TransferDialog::transferFinished, this,
                        [this] { m_reloadsAfterAttempt = 0; });
            });
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestLostAnswersGui::quit()
{
    if (m_window && !m_user.isEmpty()) {
        // What the diagnostics panel would show (the redacted timeline) and what the dialog said.
        QJsonArray timeline;
        for (const Client::TimelineEvent& e : m_app->timeline().events()) {
            timeline.append(QJsonObject{{u"event"_s, e.event},
                                        {u"fields"_s, QJsonObject::fromVariantMap(e.fields)}});
        }
        QFile file(rowDir() + u"/window-timeline.json"_s);
        if (file.open(QIODevice::WriteOnly)) {
            file.write(QJsonDocument(timeline).toJson());
        }
        QFile shown(rowDir() + u"/dialog-words.txt"_s);
        if (shown.open(QIODevice::WriteOnly)) {
            shown.write(m_shown.join(u'\n').toUtf8());
        }
    }
    m_window.reset();
    m_app.reset();
}

void TestLostAnswersGui::signInThroughTheWindow()
{
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    QCOMPARE(m_window->page(), MainWindow::Page::SignedOut);
    m_reloadsAfterAttempt = 0;
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, kBrowserTimeoutMs);
    // Both first loads (accounts, recent transfers) are in before any transfer starts.
    QTRY_VERIFY_WITH_TIMEOUT(m_reloadsAfterAttempt > 0, kReloadTimeoutMs);
    QCOMPARE(child<QTableView>("accountsView")->model()->rowCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(m_user).size(), 1, 20000);
}

void TestLostAnswersGui::fillTransfer(const QString& from, const QString& to, const QString& memo)
{
    m_dialog.clear();
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("transferButton")->isEnabled(), 20000);
    QSignalSpy opened(m_window.get(), &MainWindow::transferDialogOpened);
    QTest::mouseClick(child<QPushButton>("transferButton"), Qt::LeftButton);
    QCOMPARE(opened.size(), 1);
    auto* dialog = opened.first().first().value<App::TransferDialog*>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto* fromCombo = in<QComboBox>(dialog, "fromCombo");
    auto* toCombo = in<QComboBox>(dialog, "toCombo");
    fromCombo->setCurrentIndex(fromCombo->findData(from));
    toCombo->setCurrentIndex(toCombo->findData(to));
    QCOMPARE(fromCombo->currentData().toString(), from);
    QCOMPARE(toCombo->currentData().toString(), to);
    QTest::keyClicks(in<QLineEdit>(dialog, "amountEdit"), kAmount);
    QTest::keyClicks(in<QLineEdit>(dialog, "memoEdit"), memo);
    m_dialog = dialog;
}

QString TestLostAnswersGui::confirmTransfer()
{
    if (!m_dialog) {
        return u"(no dialog)"_s;
    }
    QTest::mouseClick(in<QPushButton>(m_dialog, "reviewButton"), Qt::LeftButton);
    if (in<QStackedWidget>(m_dialog, "transferStack")->currentWidget() !=
        in<QWidget>(m_dialog, "confirmPage")) {
        return u"(the form was not accepted)"_s;
    }
    QTest::mouseClick(in<QPushButton>(m_dialog, "confirmButton"), Qt::LeftButton);
    return awaitResult();
}

QString TestLostAnswersGui::awaitResult()
{
    const auto done = [this] {
        return !m_dialog || in<QStackedWidget>(m_dialog, "transferStack")->currentWidget() ==
                                in<QWidget>(m_dialog, "resultPage");
    };
    if (!QTest::qWaitFor(done, kBrowserTimeoutMs)) {
        return u"(no result within the browser timeout)"_s;
    }
    if (!m_dialog) {
        return u"(the dialog closed)"_s;
    }
    const QString text = in<QLabel>(m_dialog, "transferResultLabel")->text();
    m_shown << text;
    return text;
}

void TestLostAnswersGui::awaitReloadAfterAttempt()
{
    QTRY_VERIFY_WITH_TIMEOUT(m_reloadsAfterAttempt > 0, kReloadTimeoutMs);
}

void TestLostAnswersGui::everyFaultMovesTheMoneyOnce_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("times");         // -1: every POST /transfers until disarmed
    QTest::addColumn<bool>("exactRetries"); // the API answers an exact retry from its record
    QTest::addColumn<bool>("firstDone");    // the first attempt already ends in "Done."
    QTest::addColumn<bool>("reachedBank");  // the first attempt's request reached the ledger
    // The answer that ends it is the bank's recorded one ("made only once"): the bank had the
    // request before the answer the window read.
    QTest::addColumn<bool>("replayed");
    // POST /transfers the proxy saw in the first attempt: 2 when the connection broke before an
    // answer (the app's own second send), else 1 (Qt's silent re-send is off).
    QTest::addColumn<int>("sends");
    QTest::addColumn<Resume>("resume"); // after "not sure"

    // The app's own second send (or the proxy's) gets the bank's recorded answer.
    QTest::newRow("cut after the bank answered, once")
        << u"walter"_s << u"cut-after-answer"_s << 1 << true << true << true << true << 2
        << Resume::Retry;
    QTest::newRow("the request delivered twice") << u"mallory"_s << u"duplicate"_s << 1 << true
                                                 << true << true << true << 1 << Resume::Retry;
    // Not sure; Retry (a new step-up, the same key) finds out.
    QTest::newRow("cut after the bank answered, every time")
        << u"yvonne"_s << u"cut-after-answer"_s << -1 << true << false << true << true << 2
        << Resume::Retry;
    QTest::newRow("cut before the request reached the bank, every time")
        << u"victor"_s << u"cut-before-bank"_s << -1 << true << false << false << false << 2
        << Resume::Retry;
    QTest::newRow("a gateway's 502 after the bank committed")
        << u"liam"_s << u"bad-gateway-after-commit"_s << 1 << true << false << true << true << 1
        << Resume::Retry;
    QTest::newRow("the body cut in the middle, every time")
        << u"mia"_s << u"truncate-body"_s << -1 << true << false << true << true << 2
        << Resume::Retry;
    QTest::newRow("the answer held past the window's timeout")
        << u"kate"_s << u"delay"_s << 1 << true << false << true << true << 1 << Resume::Retry;
    // A bank that refuses every second use of a token: the 401 "token already used" after the
    // lost answer is not a refusal of the transfer.
    QTest::newRow("token already used after a lost answer")
        << u"nina"_s << u"cut-after-answer"_s << 1 << false << false << true << true << 2
        << Resume::Retry;
    // The bank's answer delivered twice on one connection: the window must not read the second
    // copy as the answer to its reload (the transfer goes on a connection of its own).
    QTest::newRow("the answer delivered twice") << u"leo"_s << u"duplicate-answer"_s << 1 << true
                                                << true << true << false << 1 << Resume::Retry;
    // The person closes the "not sure" dialog and enters the same transfer again.
    QTest::newRow("cut after the bank answered, the same transfer in a new dialog")
        << u"ursula"_s << u"cut-after-answer"_s << -1 << true << false << true << true << 2
        << Resume::NewDialog;
}

void TestLostAnswersGui::everyFaultMovesTheMoneyOnce()
{
    QFETCH(QString, user);
    QFETCH(QString, mode);
    QFETCH(int, times);
    QFETCH(bool, exactRetries);
    QFETCH(bool, firstDone);
    QFETCH(bool, reachedBank);
    QFETCH(bool, replayed);
    QFETCH(int, sends);
    QFETCH(Resume, resume);
    m_users << user;
    const QString chk = u"acc-%1-chk"_s.arg(user);
    const QString sav = u"acc-%1-sav"_s.arg(user);
    const QString memo = u"lost answer (window): "_s + mode;

    launch(user);
    if (QTest::currentTestFailed()) {
        return;
    }
    signInThroughTheWindow();
    if (QTest::currentTestFailed()) {
        return;
    }
    const qint64 chkBefore = balance(chk), savBefore = balance(sav);
    QVERIFY(chkBefore > kAmountMinor && savBefore >= 0);
    QCOMPARE(listed(memo).size(), 0);
    QCOMPARE(Test::ledgerLines(m_tenant.data, user, u"completed"_s).size(), 0);
    if (mode == u"delay"_s) {
        // The window's own timeout, reached before the proxy gives up on the answer.
        QVERIFY(m_app->api().transferTimeout() < std::chrono::milliseconds(kDelayMs - 1000));
    }

    if (!exactRetries) {
        scenario("PATCH", {{u"api-exact-retry"_s, u"off"_s}});
    }
    const qint64 seqBefore = m_faults.lastSeq();
    QCOMPARE(m_faults.arm({{u"mode"_s, mode}, {u"times"_s, times}, {u"delayMs"_s, kDelayMs}}), 200);
    fillTransfer(chk, sav, memo);
    if (QTest::currentTestFailed()) {
        return;
    }
    const QString first = confirmTransfer();
    qInfo("%s: the first attempt: %s", qPrintable(user), qPrintable(first));
    QCOMPARE(m_preparedKeys.size(), 1);
    const QByteArray key = m_preparedKeys.first();
    QVERIFY(!key.isEmpty());
    QCOMPARE(m_preparedResumed.first(), false);
    QTRY_COMPARE_WITH_TIMEOUT(browserRuns(user).size(), 2, 20000); // the step-up
    QCOMPARE(browserRuns(user).last()[u"pages"_s].toArray(), QJsonArray{u"mfa"_s});
    QCOMPARE(m_faults.transfers(seqBefore).size(), sends);
    // The money never moved twice, whatever the first attempt could tell.
    QCOMPARE(Test::ledgerLines(m_tenant.data, user, u"completed"_s).size(), reachedBank ? 1 : 0);

    QString result = first;
    if (!firstDone) {
        // The person reads that it may have happened and that trying again is safe, never that
        // nothing was transferred.
        QVERIFY2(first.contains(kNotSure) && first.contains(kSafeToRetry), qPrintable(first));
        QVERIFY2(!first.contains(u"not made"_s) && !first.contains(u"nothing was transferred"_s),
                 qPrintable(first));
        auto* retry = in<QPushButton>(m_dialog, "retryButton");
        QVERIFY(retry->isVisible() && retry->isEnabled());
        QVERIFY2(!notesHolding(key).isEmpty(), "the pending note with the key was dropped");
        // The timeline (what support sees in the diagnostics panel) says the same.
        const QList<Client::TimelineEvent>& events = m_app->timeline().events();
        const auto failed = std::find_if(events.rbegin(), events.rend(), [](const auto& e) {
            return e.event == QLatin1String("transfer.failed");
        });
        QVERIFY(failed != events.rend());
        QCOMPARE(failed->fields.value(u"outcome_unknown"_s).toBool(), true);
        // Behind the dialog: the reload after the attempt shows what the bank did.
        awaitReloadAfterAttempt();
        if (QTest::currentTestFailed()) {
            return;
        }
        QCOMPARE(balance(chk), reachedBank ? chkBefore - kAmountMinor : chkBefore);
        QCOMPARE(balance(sav), reachedBank ? savBefore + kAmountMinor : savBefore);
        QCOMPARE(listed(memo).size(), reachedBank ? 1 : 0);

        QCOMPARE(m_faults.arm({{u"mode"_s, u"pass"_s}}), 200);
        if (resume == Resume::Retry) {
            QTest::mouseClick(retry, Qt::LeftButton);
            result = awaitResult();
        } else {
            QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
            QTRY_VERIFY(!m_dialog);
            fillTransfer(chk, sav, memo);
            if (QTest::currentTestFailed()) {
                return;
            }
            QTest::mouseClick(in<QPushButton>(m_dialog, "reviewButton"), Qt::LeftButton);
            QCOMPARE(in<QStackedWidget>(m_dialog, "transferStack")->currentWidget(),
                     in<QWidget>(m_dialog, "confirmPage"));
            const QString notice = in<QLabel>(m_dialog, "stepUpNoticeLabel")->text();
            QVERIFY2(notice.contains(kEarlierAttempt), qPrintable(notice));
            QTest::mouseClick(in<QPushButton>(m_dialog, "confirmButton"), Qt::LeftButton);
            result = awaitResult();
        }
        // The same intent under the same key, after a step-up of its own.
        QCOMPARE(m_preparedKeys.size(), 2);
        QCOMPARE(m_preparedKeys.last(), key);
        QCOMPARE(m_preparedResumed.last(), true);
        QTRY_COMPARE_WITH_TIMEOUT(browserRuns(user).size(), 3, 20000);
        QCOMPARE(browserRuns(user).last()[u"pages"_s].toArray(), QJsonArray{u"mfa"_s});
    }

    qInfo("%s: the answer: %s", qPrintable(user), qPrintable(result));
    // Done; "made only once" exactly when the bank had made it before the answer that arrived
    // (the app's own second send, the proxy's second delivery, Retry, the new dialog).
    QVERIFY2(result.startsWith(u"Done."_s), qPrintable(result));
    QCOMPARE(result.contains(kReplayed), replayed);
    const QRegularExpressionMatch reference =
        QRegularExpression(u"Reference: (\\S+)"_s).match(result);
    QVERIFY2(reference.hasMatch(), qPrintable(result));

    // One key for every request of this transfer, as the proxy saw them; after "not sure",
    // exactly one more request.
    const QList<QJsonObject> sent = m_faults.transfers(seqBefore);
    QCOMPARE(sent.size(), firstDone ? sends : sends + 1);
    for (const QJsonObject& entry : sent) {
        QCOMPARE(entry[u"idempotencyKey"_s].toString(), QString::fromLatin1(key));
    }

    // Exactly once: in the ledger, in the balances and in the list after the final reload.
    awaitReloadAfterAttempt();
    if (QTest::currentTestFailed()) {
        return;
    }
    QTest::mouseClick(in<QPushButton>(m_dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY(!m_dialog);
    QSignalSpy refreshed(m_window.get(), &MainWindow::refreshed);
    child<QAction>("actionRefresh")->trigger();
    QVERIFY(refreshed.wait(kReloadTimeoutMs));
    QCOMPARE(refreshed.first().first().toBool(), true);
    const QList<QJsonObject> completed = Test::ledgerLines(m_tenant.data, user, u"completed"_s);
    QCOMPARE(completed.size(), 1);
    QCOMPARE(completed.first()[u"idempotencyKey"_s].toString(), QString::fromLatin1(key));
    QCOMPARE(completed.first()[u"transferId"_s].toString(), reference.captured(1));
    QCOMPARE(balance(chk), chkBefore - kAmountMinor);
    QCOMPARE(balance(sav), savBefore + kAmountMinor);
    const QList<Bank::Transfer> inList = listed(memo);
    QCOMPARE(inList.size(), 1);
    QCOMPARE(inList.first().id, reference.captured(1));
    QCOMPARE(inList.first().amount.minorUnits(), kAmountMinor);
    // Settled: no note keeps the key (the same transfer again would be a new one).
    QVERIFY2(notesHolding(key).isEmpty(), qPrintable(notesHolding(key).join(u", "_s)));
}

void TestLostAnswersGui::nothingSecretWasWritten()
{
    QVERIFY2(!m_users.isEmpty(), "needs everyFaultMovesTheMoneyOnce");
    quit();
    const QString proxyLog = Test::envOr("FABRIKAM_FAULT_PROXY_LOG", "");
    QVERIFY2(QFileInfo::exists(proxyLog), qPrintable(proxyLog));
    const QByteArray messages = Test::CapturedMessages::all();
    // The debug categories were on: the API client's lines about the transfers are there.
    QVERIFY(messages.contains("/transfers"));
    for (const QString& user : std::as_const(m_users)) {
        const Test::SecretList secrets = Test::recordedSecrets(
            m_record, m_recordOffset, user, QStringLiteral(FABRIKAM_SEED_USERS), m_started,
            QDateTime::currentDateTimeUtc());
        // The scan looks for every elevated token that crossed the proxy for this user.
        QVERIFY2(secrets.count(Test::SecretKind::ElevatedAccessToken) >= m_stepUps.value(user),
                 qPrintable(user + u": "_s + secrets.summary()));
        QVERIFY(m_stepUps.value(user) >= 1);
        Test::SecretScan scan(secrets);
        // Notes, profiles, the window's timeline, the dialog's words, browser logs.
        scan.scanTree(m_dir.path());
        scan.scanFile(proxyLog);
        scan.scanBytes(u"messages the process logged"_s, messages);
        qInfo("%s: %d files and %d buffers, %lld bytes, searched for %s", qPrintable(user),
              scan.files(), scan.buffers(), static_cast<long long>(scan.bytes()),
              qPrintable(secrets.summary()));
        QVERIFY(scan.files() > 0);
        QVERIFY2(scan.hits().isEmpty(), qPrintable(user + u": "_s + scan.report()));
    }
}

QTEST_MAIN(TestLostAnswersGui)
#include "tst_lostanswers_gui.moc"
