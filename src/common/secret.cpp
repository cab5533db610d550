#include "common/secret.h"

#include <algorithm>

namespace Fabrikam::Common {

void wipe(QByteArray& secret)
{
    if (!secret.isEmpty()) {
        // data() detaches when shared. Written through volatile, so that the compiler cannot drop
        // the stores as dead before the buffer is freed.
        volatile char* bytes = secret.data();
        std::fill(bytes, bytes + secret.size(), '\0');
    }
    secret.clear();
}

} // namespace Fabrikam::Common
