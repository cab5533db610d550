#include "common/result.h"

namespace Fabrikam::Common {

QString ErrorCode::name() const
{
    const char* key = m_key ? m_key(m_value) : nullptr;
    return key ? QString::fromLatin1(key) : QString::number(m_value);
}

QString errorCodeName(const ErrorCode& code)
{
    return code.name();
}

} // namespace Fabrikam::Common
