#pragma once

#include "common/result.h"

#include <QObject>

namespace Fabrikam::Vault {

Q_NAMESPACE

// What the keychain and the stored session records raise (Common::ErrorCode holds one of these).
enum class Errc
{
    KeychainUnavailable,  // no usable Secret Service / Credential Manager / Keychain right now
    KeychainAccessDenied, // the keychain is locked or the user refused access
    EntryNotFound,        // nothing stored under that key: "signed out", not a failure
    StoredDataInvalid,    // a stored entry does not parse or has an unknown version; left as is
    SecretTooLarge,       // over the 2 KiB a Windows Credential Manager entry holds
    SessionBusy,          // another process holds the session's refresh lock too long
    LockUnavailable,      // the refresh lock file cannot be created (permissions, disk)
};
Q_ENUM_NS(Errc)

} // namespace Fabrikam::Vault
