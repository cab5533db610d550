#include "auth/challenge.h"

#include "auth/errors.h"

#include <QCoreApplication>

#include <algorithm>
#include <limits>

namespace Fabrikam::Auth {

using Common::Error;
using Common::ErrorCode;
using Common::Result;
using namespace Qt::StringLiterals;

namespace {

const char* const kBadChallenge = QT_TRANSLATE_NOOP(
    "Fabrikam::Auth::Challenge", "The Fabrikam service asked for authentication in a way the app "
                                 "does not understand. Please try again or contact support.");

Error challengeError(ErrorCode code, QString detail)
{
    return Error{code, QCoreApplication::translate("Fabrikam::Auth::Challenge", kBadChallenge),
                 std::move(detail)};
}

// RFC 9110 §5.6.2: tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" /
// "`" / "|" / "~" / DIGIT / ALPHA
bool isTchar(char c)
{
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        return true;
    }
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

// RFC 9110 §11.2: token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool isToken68Char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

// RFC 9110 §5.6.4: qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
bool isQdtext(unsigned char c)
{
    return c == '\t' || c == ' ' || c == 0x21 || (c >= 0x23 && c <= 0x5B) ||
           (c >= 0x5D && c <= 0x7E) || c >= 0x80;
}

// quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )
bool isQuotedPairChar(unsigned char c)
{
    return c == '\t' || (c >= 0x20 && c <= 0x7E) || c >= 0x80;
}

class FieldParser
{
public:
    explicit FieldParser(QByteArrayView field)
        : m_in(field)
    {}

    Result<QList<Challenge>> parse()
    {
        QList<Challenge> challenges;
        while (true) {
            // RFC 9110 §5.6.1: a recipient MUST accept (and ignore) empty list elements.
            skipWhile([](char c) { return c == ',' || c == ' ' || c == '\t'; });
            if (atEnd()) {
                break;
            }
            auto challenge = parseChallenge();
            if (!challenge.ok()) {
                return Result<QList<Challenge>>(challenge.error());
            }
            challenges.append(std::move(challenge.value()));
        }
        return Result<QList<Challenge>>(std::move(challenges));
    }

private:
    bool atEnd() const { return m_pos >= m_in.size(); }
    char peek() const { return m_in.at(m_pos); }

    template <class Predicate> qsizetype skipWhile(Predicate predicate)
    {
        const qsizetype start = m_pos;
        while (!atEnd() && predicate(peek())) {
            ++m_pos;
        }
        return m_pos - start;
    }

    qsizetype skipOws()
    {
        return skipWhile([](char c) { return c == ' ' || c == '\t'; });
    }

    QByteArrayView token()
    {
        const qsizetype start = m_pos;
        skipWhile(isTchar);
        return m_in.sliced(start, m_pos - start);
    }

    Error syntaxError(const char* what) const
    {
        return challengeError(Errc::MalformedChallenge,
                              u"%1 at offset %2"_s.arg(QLatin1String(what)).arg(m_pos));
    }

    Result<Challenge> parseChallenge()
    {
        Challenge challenge;
        // auth-scheme = token
        const QByteArrayView scheme = token();
        if (scheme.isEmpty()) {
            return Result<Challenge>(syntaxError("expected an auth-scheme"));
        }
        challenge.scheme = QString::fromLatin1(scheme);

        const qsizetype spaces = skipOws();
        if (atEnd() || peek() == ',') {
            return Result<Challenge>(std::move(challenge)); // a scheme without parameters
        }
        if (spaces == 0) {
            return Result<Challenge>(syntaxError("expected a space after the auth-scheme"));
        }

        // token68, when a run of token68 characters and trailing '=' ends the list element.
        const qsizetype start = m_pos;
        const qsizetype run = skipWhile(isToken68Char);
        skipWhile([](char c) { return c == '='; });
        const qsizetype end = m_pos;
        skipOws();
        if (run > 0 && (atEnd() || peek() == ',')) {
            challenge.token68 = QString::fromLatin1(m_in.sliced(start, end - start));
            return Result<Challenge>(std::move(challenge));
        }
        m_pos = start;

        // #auth-param
        while (true) {
            const QByteArrayView name = token();
            if (name.isEmpty()) {
                return Result<Challenge>(syntaxError("expected an auth-param name"));
            }
            skipOws(); // BWS
            if (atEnd() || peek() != '=') {
                return Result<Challenge>(syntaxError("expected '='"));
            }
            ++m_pos;
            skipOws(); // BWS
            QString value;
            if (!atEnd() && peek() == '"') {
                auto quoted = quotedString();
                if (!quoted.ok()) {
                    return Result<Challenge>(quoted.error());
                }
                value = std::move(quoted.value());
            } else {
                const QByteArrayView bare = token();
                if (bare.isEmpty()) {
                    return Result<Challenge>(syntaxError("expected a token or quoted-string"));
                }
                value = QString::fromLatin1(bare);
            }
            // RFC 9110 §11.2: parameter names are case-insensitive and "MUST only occur once per
            // challenge"; RFC 6750 §3 repeats it for Bearer. A repeat refuses the field.
            const QString key = QString::fromLatin1(name).toLower();
            if (challenge.params.contains(key)) {
                return Result<Challenge>(syntaxError("repeated auth-param"));
            }
            challenge.params.insert(key, value);

            skipOws();
            if (atEnd()) {
                break;
            }
            if (peek() != ',') {
                return Result<Challenge>(syntaxError("expected ',' after an auth-param"));
            }
            // A comma separates auth-params and challenges alike: look ahead for "token BWS =".
            const qsizetype comma = m_pos;
            skipWhile([](char c) { return c == ',' || c == ' ' || c == '\t'; });
            const qsizetype next = m_pos;
            const bool isParam = !token().isEmpty() && (skipOws(), !atEnd() && peek() == '=');
            if (isParam) {
                m_pos = next;
                continue;
            }
            m_pos = comma; // the next challenge (or trailing empty elements)
            break;
        }
        return Result<Challenge>(std::move(challenge));
    }

    // RFC 9110 §5.6.4: quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE
    Result<QString> quotedString()
    {
        ++m_pos; // opening DQUOTE
        QByteArray value;
        while (!atEnd()) {
            const auto c = static_cast<unsigned char>(peek());
            ++m_pos;
            if (c == '"') {
                return Result<QString>(QString::fromUtf8(value));
            }
            if (c == '\\') {
                if (atEnd() || !isQuotedPairChar(static_cast<unsigned char>(peek()))) {
                    return Result<QString>(syntaxError("invalid quoted-pair"));
                }
                value.append(peek());
                ++m_pos;
            } else if (isQdtext(c)) {
                value.append(static_cast<char>(c));
            } else {
                return Result<QString>(syntaxError("control character in quoted-string"));
            }
        }
        return Result<QString>(syntaxError("unterminated quoted-string"));
    }

    QByteArrayView m_in;
    qsizetype m_pos = 0;
};

// RFC 6750 §3: error and error_description values: 1*( %x20-21 / %x23-5B / %x5D-7E )
bool isRfc6750Text(QStringView value)
{
    return !value.isEmpty() && std::all_of(value.begin(), value.end(), [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= 0x20 && u <= 0x21) || (u >= 0x23 && u <= 0x5B) || (u >= 0x5D && u <= 0x7E);
    });
}

// RFC 6750 §3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by spaces.
bool isScopeList(QStringView value)
{
    return isRfc6750Text(value) && !value.trimmed().isEmpty();
}

} // namespace

Result<QList<Challenge>> parseWwwAuthenticate(QByteArrayView field)
{
    if (field.size() > kMaxChallengeFieldSize) {
        return Result<QList<Challenge>>(challengeError(
            Errc::MalformedChallenge, u"field of %1 bytes is too large"_s.arg(field.size())));
    }
    return FieldParser(field).parse();
}

Result<BearerChallenge> bearerChallenge(const QList<Challenge>& challenges)
{
    const auto bearer = std::find_if(challenges.cbegin(), challenges.cend(),
                                     [](const Challenge& c) { return c.hasScheme(u"Bearer"); });
    if (bearer == challenges.cend()) {
        return Result<BearerChallenge>(
            challengeError(Errc::ChallengeMissing, u"no Bearer challenge"_s));
    }
    auto malformed = [](const QString& why) {
        return Result<BearerChallenge>(challengeError(Errc::MalformedChallenge, why));
    };
    // RFC 6750 §3: the Bearer challenge uses auth-params only.
    if (!bearer->token68.isEmpty()) {
        return malformed(u"Bearer challenge with a token68"_s);
    }
    const auto& params = bearer->params;
    BearerChallenge result;
    result.realm = params.value(u"realm"_s);

    // RFC 6750 §3: error, error_description character sets.
    if (params.contains(u"error"_s)) {
        result.error = params.value(u"error"_s);
        if (!isRfc6750Text(result.error)) {
            return malformed(u"invalid error value"_s);
        }
    }
    if (params.contains(u"error_description"_s)) {
        result.errorDescription = params.value(u"error_description"_s);
        if (!isRfc6750Text(result.errorDescription)) {
            return malformed(u"invalid error_description value"_s);
        }
    }
    // RFC 6750 §3: scope = scope-token *( SP scope-token )
    if (params.contains(u"scope"_s)) {
        const QString scope = params.value(u"scope"_s);
        if (!isScopeList(scope)) {
            return malformed(u"invalid scope value"_s);
        }
        result.scope = scope.split(u' ', Qt::SkipEmptyParts);
    }
    // RFC 9470 §3: acr_values, a space-separated list of ACR values.
    if (params.contains(u"acr_values"_s)) {
        result.acrValues = params.value(u"acr_values"_s).split(u' ', Qt::SkipEmptyParts);
        if (result.acrValues.isEmpty()) {
            return malformed(u"empty acr_values"_s);
        }
    }
    // RFC 9470 §3: max_age, a non-negative integer number of seconds.
    if (params.contains(u"max_age"_s)) {
        const QString text = params.value(u"max_age"_s);
        constexpr qsizetype kMaxDigits = 18; // always fits in qint64
        const bool digitsOnly =
            !text.isEmpty() && text.size() <= kMaxDigits &&
            std::all_of(text.begin(), text.end(), [](QChar c) { return c >= u'0' && c <= u'9'; });
        if (!digitsOnly) {
            return malformed(u"max_age is not a non-negative integer"_s);
        }
        result.maxAge = text.toLongLong();
    }
    return Result<BearerChallenge>(std::move(result));
}

Result<BearerChallenge> parseBearerChallenge(QByteArrayView field)
{
    const auto challenges = parseWwwAuthenticate(field);
    if (!challenges.ok()) {
        return Result<BearerChallenge>(challenges.error());
    }
    return bearerChallenge(challenges.value());
}

} // namespace Fabrikam::Auth
