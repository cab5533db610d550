#pragma once

#include "common/async.h"

#include <QLockFile>
#include <QString>

#include <chrono>
#include <memory>

namespace Fabrikam::Vault {

// One process at a time refreshes a saved session. The provider rotates the refresh token on
// every use and treats a second use of a rotated one as theft (RFC 9700 §4.14.2): the window and
// fabrikam-cli, or two CLI commands, refreshing the same keychain entry at once would end the
// person's grant. A QLockFile per session (issuer, client, subject) in the app's local data
// folder; a holder that died is detected by its process id (QLockFile), so a crash never blocks
// the next process.
class SessionLock
{
public:
    // The lock file's path for one session: a hash of issuer, client id and subject, so that
    // neither appears in a file name.
    [[nodiscard]] static QString pathFor(const QString& directory, const QString& issuer,
                                         const QString& clientId, const QString& subject);
    // The default folder: <AppLocalDataLocation>/locks.
    [[nodiscard]] static QString defaultDirectory();

    // Takes the lock at `path`, polling from the event loop (never blocking it) for up to `wait`.
    // `done` gets the held lock (released when the last copy of the pointer goes) or SessionBusy
    // naming the holder, or LockUnavailable when the file cannot be made.
    static void acquire(const QString& path, std::chrono::milliseconds wait, QObject* context,
                        Common::Completion<std::shared_ptr<QLockFile>> done);
};

} // namespace Fabrikam::Vault
