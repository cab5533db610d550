#include "common/result.h"

#include <QMetaEnum>

namespace Fabrikam::Common {

QString errorCodeName(ErrorCode code)
{
    const char* key = QMetaEnum::fromType<ErrorCode>().valueToKey(static_cast<int>(code));
    return key ? QString::fromLatin1(key) : QString::number(static_cast<int>(code));
}

} // namespace Fabrikam::Common
