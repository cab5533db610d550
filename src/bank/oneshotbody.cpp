#include "bank/oneshotbody.h"

#include <algorithm>
#include <cstring>

namespace Fabrikam::Bank {

OneShotBody::OneShotBody(QByteArray body, QObject* parent)
    : QIODevice(parent)
    , m_body(std::move(body))
{
    open(QIODevice::ReadOnly | QIODevice::Unbuffered); // pos() is what Qt has read
}

bool OneShotBody::seek(qint64 pos)
{
    if (m_read && pos < QIODevice::pos()) {
        m_rewindRefused = true;
        return false;
    }
    return QIODevice::seek(pos);
}

bool OneShotBody::reset()
{
    return seek(0);
}

qint64 OneShotBody::readData(char* data, qint64 maxSize)
{
    const qint64 at = pos();
    const qint64 n = std::min(maxSize, qint64(m_body.size()) - at);
    if (n <= 0) {
        return 0; // the end, as QBuffer says it
    }
    std::memcpy(data, m_body.constData() + at, size_t(n));
    m_read = true;
    return n;
}

qint64 OneShotBody::writeData(const char*, qint64)
{
    return -1;
}

} // namespace Fabrikam::Bank
