#include "api/api_error.h"

namespace hogscope::api {

QString ApiError::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Auth:
        return QStringLiteral("authentication");
    case Kind::Query:
        return QStringLiteral("query");
    case Kind::Server:
        return QStringLiteral("server");
    case Kind::Expired:
        return QStringLiteral("expired");
    case Kind::Throttled:
        return QStringLiteral("throttled");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    case Kind::Decode:
        return QStringLiteral("decode");
    }
    return QString();
}

} // namespace hogscope::api
