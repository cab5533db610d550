// "No secret leaves memory" for the desktop window (DESIGN.md section 5, STYLE.md rule 6): the
// real MainWindow, offscreen, with every debug category on and a fresh HOME/XDG tree set before
// QApplication exists (QSettings keeps the paths it saw first). judy signs in, transfers with
// step-up, verifies for her statements, opens the diagnostics, copies and exports a support
// bundle, signs out. Then every file under the tree, every message the process logged and the
// clipboard are searched for every code, verifier, token, one-time code and the password that
// passed through: zero hits. The values come from the recording tenant of the sandbox_secretscan
// fixture (tests/integration/secretscan.cmake); the keychain is read over the Secret Service.
#include "app/application.h"
#include "app/diagnosticspanel.h"
#include "app/mainwindow.h"
#include "app/transferdialog.h"
#include "support/capturedmessages.h"
#include "support/sandboxenv.h"
#include "support/secretscan.h"
#include "support/widgetlookup.h"
#include "vault/tokenvault.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDockWidget>
#include <QFileDialog>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMutex>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Fabrikam;
using namespace Fabrikam::Test;
using namespace Qt::StringLiterals;
using App::MainWindow;

namespace {

const QString kUser = u"judy"_s;
const QString kProfile = u"secretscan-gui"_s;
const QString kKeychainService = u"com.fabrikam.desktop"_s;
constexpr int kBrowserTimeoutMs = 90000;

void appendModelText(const QAbstractItemModel& model, const QModelIndex& parent, QString& text)
{
    for (int row = 0; row < model.rowCount(parent); ++row) {
        for (int column = 0; column < model.columnCount(parent); ++column) {
            const QModelIndex index = model.index(row, column, parent);
            text += model.data(index).toString() + u'\n' +
                    model.data(index, Qt::ToolTipRole).toString() + u'\n';
            if (column == 0) {
                appendModelText(model, index, text);
            }
        }
    }
}

// What a window shows: its labels, line edits and every cell (and tooltip) of its item views.
QByteArray shownText(const QWidget& window)
{
    QString text;
    for (const QLabel* label : window.findChildren<QLabel*>()) {
        text += label->text() + u'\n';
    }
    for (const QLineEdit* edit : window.findChildren<QLineEdit*>()) {
        text += edit->text() + u'\n';
    }
    for (const QAbstractItemView* view : window.findChildren<QAbstractItemView*>()) {
        if (view->model()) {
            appendModelText(*view->model(), {}, text);
        }
    }
    return text.toUtf8();
}

} // namespace

class TestSecretScanGui
    : public QObject
    , public Fabrikam::Test::WindowLookup
{
    Q_OBJECT

public:
    TestSecretScanGui(QString tree, QString aside)
        : m_tree(std::move(tree))
        , m_aside(std::move(aside))
    {}

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void fullFlowWithDiagnostics();
    void everyKindOfSecretWasRecorded();
    void nothingLeaked();
    void theScanFindsPlantedSecrets();

private:
    [[nodiscard]] SecretList recorded() const;
    [[nodiscard]] QWidget* lookupRoot() const override { return m_window.get(); }

    const QString m_tree;  // scanned; made by main() before QApplication
    const QString m_aside; // not scanned: the scripted person's cookie jar and log
    QString m_issuer = envOr("FABRIKAM_SANDBOX_ISSUER", "http://127.0.0.1:18740");
    QString m_api = envOr("FABRIKAM_SANDBOX_API", "http://127.0.0.1:18741");
    QString m_admin = envOr("FABRIKAM_SANDBOX_ADMIN", "http://127.0.0.1:18742");
    QString m_record;
    qint64 m_recordOffset = 0;
    QDateTime m_started;
    QDateTime m_finished;
    QString m_bundle;
    QByteArray m_clipboard;
    QByteArray m_shown;
    std::unique_ptr<App::Application> m_app;
    std::unique_ptr<MainWindow> m_window;
};

void TestSecretScanGui::initTestCase()
{
    QVERIFY(QDir(m_tree).exists() && QDir(m_aside).exists());
    Test::CapturedMessages::install();

    QNetworkAccessManager network;
    QNetworkReply* reply = network.get(QNetworkRequest(QUrl(m_admin + u"/health"_s)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    const QJsonObject health = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    QVERIFY2(health.value(u"recordingSecrets"_s).toBool(),
             "the sandbox was not started with --record-secrets (fixture sandbox_secretscan)");
    m_record = health.value(u"dataDir"_s).toString() + u"/recorded-secrets.jsonl"_s;
    m_recordOffset = QFileInfo(m_record).size();

    // The app runs BROWSER with the URL; the scripted person keeps its files aside.
    qputenv("BROWSER", FABRIKAM_SCRIPTED_BROWSER);
    qputenv("FABRIKAM_PERSON_USER", kUser.toUtf8());
    qputenv("FABRIKAM_PERSON_ACTION", "complete");
    qputenv("FABRIKAM_PERSON_PROFILE", (m_aside + u"/browser"_s).toUtf8());
    qputenv("FABRIKAM_PERSON_LOG", (m_aside + u"/browser.log"_s).toUtf8());
    qputenv("FABRIKAM_SANDBOX_ADMIN", m_admin.toUtf8());
}

void TestSecretScanGui::cleanupTestCase()
{
    m_window.reset();
    m_app.reset();
    Test::CapturedMessages::uninstall();
}

SecretList TestSecretScanGui::recorded() const
{
    return recordedSecrets(m_record, m_recordOffset, kUser, QStringLiteral(FABRIKAM_SEED_USERS),
                           m_started,
                           m_finished.isValid() ? m_finished : QDateTime::currentDateTimeUtc());
}

void TestSecretScanGui::fullFlowWithDiagnostics()
{
    m_started = QDateTime::currentDateTimeUtc();
    App::Application::Options options;
    options.profile.name = kProfile;
    options.profile.auth.issuer = m_issuer;
    options.profile.auth.browserTimeout = std::chrono::milliseconds(kBrowserTimeoutMs);
    options.profile.apiBaseUrl = QUrl(m_api);
    options.environment = QProcessEnvironment::systemEnvironment();
    m_app = std::make_unique<App::Application>(std::move(options));
    m_window = std::make_unique<MainWindow>(*m_app);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));

    // Sign in (password only).
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("signInButton")->isEnabled(), 20000);
    QTest::mouseClick(child<QPushButton>("signInButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::Accounts, kBrowserTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("accountsView")->model()->rowCount() == 2, 20000);

    // A transfer with step-up.
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>("transferButton")->isEnabled(), 20000);
    QTest::mouseClick(child<QPushButton>("transferButton"), Qt::LeftButton);
    QPointer<App::TransferDialog> dialog =
        m_window->findChild<App::TransferDialog*>(u"transferDialog"_s);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    auto* from = in<QComboBox>(dialog, "fromCombo");
    auto* to = in<QComboBox>(dialog, "toCombo");
    from->setCurrentIndex(from->findData(u"acc-judy-chk"_s));
    to->setCurrentIndex(to->findData(u"acc-judy-sav"_s));
    QTest::keyClicks(in<QLineEdit>(dialog, "amountEdit"), u"4.56"_s);
    QTest::keyClicks(in<QLineEdit>(dialog, "memoEdit"), u"secret scan"_s);
    QTest::mouseClick(in<QPushButton>(dialog, "reviewButton"), Qt::LeftButton);
    QTest::mouseClick(in<QPushButton>(dialog, "confirmButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(in<QStackedWidget>(dialog, "transferStack")->currentWidget(),
                              in<QWidget>(dialog, "resultPage"), kBrowserTimeoutMs);
    QVERIFY2(in<QLabel>(dialog, "transferResultLabel")->text().startsWith(u"Done"_s),
             qPrintable(in<QLabel>(dialog, "transferResultLabel")->text()));
    QTest::mouseClick(in<QPushButton>(dialog, "closeButton"), Qt::LeftButton);
    QTRY_VERIFY(!dialog);

    QString figures;
    const QString keychain = Test::keychainHoldsOnlyTheNewestRefreshToken(
        recorded(), kKeychainService, kProfile, kUser, &figures);
    QVERIFY2(keychain.isEmpty(), qPrintable(keychain));
    qInfo("keychain: %s", qPrintable(figures)); // after the step-up, before the sign-out

    // Statements: verify with the second factor, then shown.
    QTest::mouseClick(child<QPushButton>("verifyButton"), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(child<QStackedWidget>("statementsStack")->currentWidget(),
                              child<QWidget>("statementsUnlockedPage"), kBrowserTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(child<QTableView>("statementsView")->model()->rowCount() > 0,
                             kBrowserTimeoutMs);

    // Diagnostics: the timeline and claims on screen, copied, and exported as a support bundle.
    child<QAction>("actionDiagnostics")->trigger();
    QTRY_VERIFY(child<QDockWidget>("diagnosticsDock")->isVisible());
    auto* panel = m_window->findChild<App::DiagnosticsPanel*>();
    QVERIFY(panel);
    auto* timeline = in<QTableView>(panel, "timelineView");
    const int events = timeline->model()->rowCount();
    QVERIFY(events > 0);
    // A support person copies the newest event's fields (Ctrl+C on the view).
    timeline->setFocus();
    timeline->setCurrentIndex(
        timeline->model()->index(events - 1, App::TimelineModel::FieldsColumn));
    QTest::keySequence(timeline, QKeySequence::Copy);
    m_clipboard = QGuiApplication::clipboard()->text().toUtf8();
    m_shown = shownText(*m_window);

    QSignalSpy exported(panel, &App::DiagnosticsPanel::bundleExported);
    QTest::mouseClick(in<QPushButton>(panel, "exportBundleButton"), Qt::LeftButton);
    auto* fileDialog = panel->findChild<QFileDialog*>(u"exportBundleDialog"_s);
    QVERIFY(fileDialog);
    QTRY_VERIFY_WITH_TIMEOUT(fileDialog->isVisible(), 5000);
    QVERIFY(QDir().mkpath(m_tree + u"/home/Documents"_s));
    m_bundle = m_tree + u"/home/Documents/fabrikam-support.json"_s;
    fileDialog->selectFile(m_bundle);
    static_cast<QDialog*>(fileDialog)->accept(); // QFileDialog::accept() is protected
    QTRY_COMPARE_WITH_TIMEOUT(exported.count(), 1, 5000);
    QVERIFY(QFileInfo(m_bundle).size() > 0);

    // Sign out (keeping the provider's browser session), then quit: settings are flushed.
    child<QAction>("actionSignOut")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(m_window->page(), MainWindow::Page::SignedOut, 20000);
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = m_window->findChild<QMessageBox*>(u"signOutMessageBox"_s)) &&
                box->isVisible());
    QTest::mouseClick(in<QPushButton>(box, "keepBrowserSessionButton"), Qt::LeftButton);
    QTRY_VERIFY(!m_window->findChild<QMessageBox*>(u"signOutMessageBox"_s));
    QVERIFY(!m_app->session().isSignedIn());
    m_window.reset();
    m_app.reset();
    m_finished = QDateTime::currentDateTimeUtc();

    const QString left = Test::profileLeftInKeychain(kKeychainService, kProfile);
    QVERIFY2(left.isEmpty(), qPrintable(left));
}

void TestSecretScanGui::everyKindOfSecretWasRecorded()
{
    QVERIFY(m_finished.isValid());
    const SecretList secrets = recorded();
    qInfo("recorded: %s", qPrintable(secrets.summary()));
    // sign-in, transfer step-up, statements verification: a code and a verifier each
    QVERIFY(secrets.count(SecretKind::AuthorizationCode) >= 3);
    QCOMPARE(secrets.count(SecretKind::CodeVerifier), secrets.count(SecretKind::AuthorizationCode));
    QVERIFY(secrets.count(SecretKind::AccessToken) >= 2);
    QVERIFY(secrets.count(SecretKind::ElevatedAccessToken) >= 1);
    QVERIFY(secrets.count(SecretKind::IdToken) >= 3);
    QVERIFY(secrets.count(SecretKind::RefreshToken) >= 1);
    QVERIFY(secrets.count(SecretKind::OneTimeCode) >= 3);
    QCOMPARE(secrets.count(SecretKind::Password), 1);
}

void TestSecretScanGui::nothingLeaked()
{
    QVERIFY(m_finished.isValid());
    const SecretList secrets = recorded();
    SecretScan scan(secrets);
    scan.scanTree(m_tree);
    const QByteArray messages = Test::CapturedMessages::all();
    scan.scanBytes(u"messages the process logged"_s, messages);
    scan.scanBytes(u"the clipboard (a copied timeline event)"_s, m_clipboard);
    scan.scanBytes(u"what the window showed (labels, fields, views, tooltips)"_s, m_shown);
    qInfo("scanned %d files and %d captured buffers, %lld bytes, for %lld secrets (%lld search "
          "forms): %s",
          scan.files(), scan.buffers(), static_cast<long long>(scan.bytes()),
          static_cast<long long>(secrets.entries().size()), static_cast<long long>(scan.needles()),
          qPrintable(scan.report()));
    qInfo("files: %s", qPrintable(scan.fileNames().join(u", "_s)));
    QVERIFY(QFileInfo(m_bundle).size() > 0);
    QVERIFY(!m_clipboard.isEmpty());
    QVERIFY(m_shown.contains("acc-judy-chk") || m_shown.contains("Judy"));
    QVERIFY(messages.contains("/accounts")); // debug output was on (the API client's lines)
    QVERIFY2(scan.hits().isEmpty(), qPrintable(scan.report()));
}

// The control run: the scanner over real secrets of every kind planted elsewhere (whole, cut to
// 16 characters, a JWT's signature alone, a code inside JSON) must report each one.
void TestSecretScanGui::theScanFindsPlantedSecrets()
{
    const SecretList secrets = recorded();
    SecretScan scan(secrets);
    for (const SecretKind kind : kAllSecretKinds) {
        const QList<QByteArray> values = secrets.values(kind);
        QVERIFY2(!values.isEmpty(), qPrintable(kindName(kind)));
        QByteArray text = "{\"event\":\"x\",\"value\":\"" + values.last() + "\"}\n";
        if (kind == SecretKind::IdToken) {
            text = "sig=" + values.last().split('.').last() + '\n';
        } else if (kind == SecretKind::RefreshToken) {
            text = "rt=" + values.last().last(16) + '\n';
        }
        const qsizetype before = scan.hits().size();
        scan.scanBytes(u"planted "_s + kindName(kind), text);
        QVERIFY2(scan.hits().size() > before, qPrintable(kindName(kind)));
        QCOMPARE(scan.hits().at(before).kind, kind);
    }
}

int main(int argc, char** argv)
{
    // A fresh tree for everything the process may write, before QApplication and before the
    // first QSettings (which caches its paths).
    QTemporaryDir tree(QDir::tempPath() + u"/fabrikam-secretscan-gui-XXXXXX"_s);
    QTemporaryDir aside(QDir::tempPath() + u"/fabrikam-secretscan-aside-XXXXXX"_s);
    if (!tree.isValid() || !aside.isValid()) {
        return 1;
    }
    for (const char* part : {"home", "config", "cache", "data", "state", "runtime", "tmp"}) {
        QDir().mkpath(tree.filePath(QLatin1String(part)));
    }
    QFile::setPermissions(tree.filePath(u"runtime"_s),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    qputenv("HOME", QFile::encodeName(tree.filePath(u"home"_s)));
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(tree.filePath(u"config"_s)));
    qputenv("XDG_CACHE_HOME", QFile::encodeName(tree.filePath(u"cache"_s)));
    qputenv("XDG_DATA_HOME", QFile::encodeName(tree.filePath(u"data"_s)));
    qputenv("XDG_STATE_HOME", QFile::encodeName(tree.filePath(u"state"_s)));
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(tree.filePath(u"runtime"_s)));
    qputenv("TMPDIR", QFile::encodeName(tree.filePath(u"tmp"_s)));
    // The app's and Qt's debug categories; event and painting chatter stays off (volume only).
    qputenv("QT_LOGGING_RULES", "*.debug=true\nqt.qpa.*.debug=false\nqt.widgets.*.debug=false\n"
                                "qt.text.*.debug=false\nqt.gui.*.debug=false\n"
                                "qt.accessibility.*.debug=false");
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    app.setOrganizationName(u"Fabrikam"_s);
    app.setApplicationName(u"Fabrikam Desktop"_s);
    TestSecretScanGui test(tree.path(), aside.path());
    return QTest::qExec(&test, argc, argv);
}

#include "tst_secretscan_gui.moc"
