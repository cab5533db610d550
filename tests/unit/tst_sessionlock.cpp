// The refresh lock across processes (src/vault/sessionlock): held, it makes the next process wait
// and then say who holds it; a holder that died (killed, crashed) blocks nobody; a folder that
// cannot hold the file is a clear error; dropping the lease releases it.
#include "common/result.h"
#include "support/asyncoutcome.h"
#include "vault/errors.h"
#include "vault/sessionlock.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLockFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <chrono>

using namespace Fabrikam;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// The child's role (see main): take the lock at this path and hold it until killed.
constexpr auto kHoldEnvironment = "FABRIKAM_TEST_HOLD_LOCK";

Test::Outcome<std::shared_ptr<QLockFile>> acquire(const QString& path,
                                                  std::chrono::milliseconds wait)
{
    return Test::runAsync<std::shared_ptr<QLockFile>>(
        [&](QObject* context, Common::Completion<std::shared_ptr<QLockFile>> done) {
            Vault::SessionLock::acquire(path, wait, context, std::move(done));
        },
        wait + 5s);
}

} // namespace

class TestSessionLock : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void onePathPerSessionAndNoNamesInIt();
    void aHeldLockMakesTheNextWaitThenSaysWhoHoldsIt();
    void aKilledHolderBlocksNobody();
    void droppingTheLeaseReleasesIt();
    void aFolderThatCannotHoldTheFileIsAClearError();

private:
    QTemporaryDir m_dir;
};

void TestSessionLock::onePathPerSessionAndNoNamesInIt()
{
    const QString a = Vault::SessionLock::pathFor(m_dir.path(), u"https://idp"_s, u"app"_s,
                                                  u"alice@example.com"_s);
    QCOMPARE(a, Vault::SessionLock::pathFor(m_dir.path(), u"https://idp"_s, u"app"_s,
                                            u"alice@example.com"_s));
    QVERIFY(a != Vault::SessionLock::pathFor(m_dir.path(), u"https://idp"_s, u"app"_s, u"bob"_s));
    QVERIFY(a != Vault::SessionLock::pathFor(m_dir.path(), u"https://other"_s, u"app"_s,
                                             u"alice@example.com"_s));
    QVERIFY(!a.contains(u"alice"_s));
    QVERIFY(!a.contains(u"idp"_s));
}

void TestSessionLock::aHeldLockMakesTheNextWaitThenSaysWhoHoldsIt()
{
    const QString path = m_dir.filePath(u"held.lock"_s);
    QLockFile other(path); // another holder that is alive (this process)
    QVERIFY(other.tryLock(0));
    QElapsedTimer waited;
    waited.start();
    const auto outcome = acquire(path, 400ms);
    QVERIFY(outcome.result && !outcome.result->ok());
    QCOMPARE(outcome.result->error().code, Vault::Errc::SessionBusy);
    QVERIFY2(waited.elapsed() >= 400, qPrintable(QString::number(waited.elapsed())));
    QVERIFY(!outcome.calledSynchronously);
    const QString pid = QString::number(QCoreApplication::applicationPid());
    QVERIFY2(outcome.result->error().message.contains(pid),
             qPrintable(outcome.result->error().message));
    // Released while the next one waits: it gets the lock.
    QTimer::singleShot(200, this, [&other] { other.unlock(); });
    const auto later = acquire(path, 5s);
    QVERIFY2(later.result && later.result->ok(), Test::describe(later.result).constData());
}

void TestSessionLock::aKilledHolderBlocksNobody()
{
    const QString path = m_dir.filePath(u"crashed.lock"_s);
    QProcess holder;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    e.insert(QString::fromLatin1(kHoldEnvironment), path);
    holder.setProcessEnvironment(e);
    holder.start(QCoreApplication::applicationFilePath(), {});
    QVERIFY(holder.waitForReadyRead(10000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));
    QVERIFY(acquire(path, 200ms).result->error().code == Vault::Errc::SessionBusy);
    holder.kill(); // SIGKILL: no chance to remove its lock file
    QVERIFY(holder.waitForFinished(5000));
    QVERIFY(QFile::exists(path));
    const auto outcome = acquire(path, 2s);
    QVERIFY2(outcome.result && outcome.result->ok(), Test::describe(outcome.result).constData());
}

void TestSessionLock::droppingTheLeaseReleasesIt()
{
    const QString path = m_dir.filePath(u"released.lock"_s);
    {
        const auto first = acquire(path, 1s);
        QVERIFY(first.result && first.result->ok());
        QVERIFY(acquire(path, 100ms).result->error().code == Vault::Errc::SessionBusy);
    }
    const auto second = acquire(path, 1s);
    QVERIFY2(second.result && second.result->ok(), Test::describe(second.result).constData());
}

void TestSessionLock::aFolderThatCannotHoldTheFileIsAClearError()
{
    // A regular file where the folder should be: no one, not even root, can make it a folder.
    QFile file(m_dir.filePath(u"not-a-folder"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    const auto outcome = acquire(file.fileName() + u"/session.lock"_s, 1s);
    QVERIFY(outcome.result && !outcome.result->ok());
    QCOMPARE(outcome.result->error().code, Vault::Errc::LockUnavailable);
    QVERIFY2(outcome.result->error().message.contains(u"not-a-folder"_s),
             qPrintable(outcome.result->error().message));
}

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsSet(kHoldEnvironment)) {
        QCoreApplication app(argc, argv);
        QLockFile lock(qEnvironmentVariable(kHoldEnvironment));
        if (!lock.tryLock(0)) {
            return 1;
        }
        fputs("locked\n", stdout);
        fflush(stdout);
        QThread::sleep(120);
        return 0;
    }
    QCoreApplication app(argc, argv);
    TestSessionLock test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_sessionlock.moc"
