// The browser seam's ExternalBrowser: what it runs for BROWSER (the Unix convention: the first
// ':'-separated entry, "%s" for the URL, else the URL as the one argument) and without it (the
// platform's opener), and a browser that cannot start is a BrowserUnavailable error naming it.
#include "auth/errors.h"
#include "auth/useragent.h"

#include <QTest>

using Fabrikam::Auth::ExternalBrowser;
using Fabrikam::Common::ErrorCode;
using namespace Qt::StringLiterals;

namespace {

const QUrl kUrl(u"http://127.0.0.1:8700/auth?client_id=fabrikam-desktop&scope=openid%20profile"_s);
const QString kEncoded = kUrl.toString(QUrl::FullyEncoded);

QProcessEnvironment withBrowser(const QString& browser)
{
    QProcessEnvironment env;
    env.insert(u"PATH"_s, u"/usr/bin:/bin"_s);
    if (!browser.isNull()) {
        env.insert(u"BROWSER"_s, browser);
    }
    return env;
}

} // namespace

class TestUserAgent : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void command_data();
    void command();
    void unstartableBrowserIsNamed();
    void emptyBrowserSettingIsRefused();
};

void TestUserAgent::command_data()
{
    QTest::addColumn<QString>("browser"); // null: BROWSER unset
    QTest::addColumn<QStringList>("expected");

#if defined(Q_OS_MACOS)
    const QStringList platform{u"open"_s, kEncoded};
#elif defined(Q_OS_WIN)
    const QStringList platform{u"rundll32"_s, u"url.dll,FileProtocolHandler"_s, kEncoded};
#else
    const QStringList platform{u"xdg-open"_s, kEncoded};
#endif
    QTest::newRow("unset: the platform's opener") << QString() << platform;
    QTest::newRow("a program: the URL is its argument")
        << u"firefox"_s << QStringList{u"firefox"_s, kEncoded};
    QTest::newRow("with arguments")
        << u"chromium --incognito"_s << QStringList{u"chromium"_s, u"--incognito"_s, kEncoded};
    QTest::newRow("%s is replaced")
        << u"lynx -dump %s"_s << QStringList{u"lynx"_s, u"-dump"_s, kEncoded};
    QTest::newRow("a list: the first entry")
        << u"w3m:firefox:chromium"_s << QStringList{u"w3m"_s, kEncoded};
    QTest::newRow("quoted path with a space")
        << uR"("/opt/My Browser/run" --new-tab)"_s
        << QStringList{u"/opt/My Browser/run"_s, u"--new-tab"_s, kEncoded};
}

void TestUserAgent::command()
{
    QFETCH(QString, browser);
    QFETCH(QStringList, expected);
    QCOMPARE(ExternalBrowser(withBrowser(browser)).command(kUrl), expected);
}

void TestUserAgent::unstartableBrowserIsNamed()
{
    ExternalBrowser browser(withBrowser(u"/nonexistent/fabrikam-no-browser"_s));
    const auto opened = browser.open(kUrl);
    QVERIFY(!opened.ok());
    QCOMPARE(opened.error().code, Fabrikam::Auth::Errc::BrowserUnavailable);
    QVERIFY2(opened.error().message.contains(u"/nonexistent/fabrikam-no-browser"_s),
             qPrintable(opened.error().message));
    QVERIFY2(opened.error().message.contains(u"by hand"_s), qPrintable(opened.error().message));
}

void TestUserAgent::emptyBrowserSettingIsRefused()
{
    ExternalBrowser browser(withBrowser(u"   "_s));
    // Blank BROWSER is "unset": the platform's opener, never an empty program.
    QVERIFY(!browser.command(kUrl).isEmpty());
    QVERIFY(!browser.command(kUrl).first().isEmpty());
}

QTEST_GUILESS_MAIN(TestUserAgent)
#include "tst_useragent.moc"
