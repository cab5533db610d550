#include "vault/memorystore.h"

#include "common/secret.h"
#include "vault/errors.h"

#include <QCoreApplication>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace Fabrikam::Vault {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

MemoryStore::MemoryStore(QObject* parent)
    : SecretStore(parent)
{}

MemoryStore::~MemoryStore()
{
    // Best effort: our copies. Those read() handed out are the reader's to wipe.
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        Common::wipe(it.value());
    }
}

QStringList MemoryStore::keys() const
{
    QStringList all = m_entries.keys();
    std::sort(all.begin(), all.end());
    return all;
}

void MemoryStore::doRead(const QString& key, Reply<QByteArray> reply)
{
    const auto it = m_entries.constFind(key);
    if (it == m_entries.constEnd()) {
        reply.finish(
            Result<QByteArray>(Error{Errc::EntryNotFound,
                                     QCoreApplication::translate("Fabrikam::Vault::MemoryStore",
                                                                 "No saved sign-in was found."),
                                     u"read of '%1': no such entry"_s.arg(key)}));
        return;
    }
    reply.finish(Result<QByteArray>(it.value()));
}

void MemoryStore::doWrite(const QString& key, const QByteArray& value, Reply<void> reply)
{
    auto it = m_entries.find(key);
    if (it != m_entries.end()) {
        Common::wipe(it.value());
        it.value() = value;
    } else {
        m_entries.insert(key, value);
    }
    reply.finish(Result<void>());
}

void MemoryStore::doRemove(const QString& key, Reply<void> reply)
{
    auto it = m_entries.find(key);
    if (it != m_entries.end()) {
        Common::wipe(it.value());
        m_entries.erase(it);
    }
    reply.finish(Result<void>());
}

} // namespace Fabrikam::Vault
