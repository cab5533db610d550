#pragma once

#include "auth/authorizationflow.h"
#include "auth/sessionsettings.h"

#include <QObject>
#include <QPointer>
#include <QVariantMap>

#include <optional>

namespace Fabrikam::Auth {

class UserAgent;

// The provider as one session meets it: its discovery document (fetched once, then kept) and the
// browser trips to its authorization endpoint, each remembered with the caller it is for, so that
// one panel's Cancel stops only its own trip. What a trip asks for is the caller's decision
// (stepup.h), and so is what its answer means (AuthSession).
class Authorizer : public QObject
{
    Q_OBJECT

public:
    Authorizer(OidcClient& client, UserAgent& userAgent, const Common::Clock& clock,
               const SessionSettings& settings, QObject* parent = nullptr);

    [[nodiscard]] const std::optional<ServiceConfiguration>& configuration() const
    {
        return m_config;
    }
    void withConfig(QObject* context, Completion<ServiceConfiguration> done);
    // One browser trip as `spec` says: discovery when not yet known, then an AuthorizationFlow
    // (PKCE, loopback redirect, code exchange, ID-token checks). `done` gets its TokenSet from
    // the event loop, once the flow's own copy is gone: the caller's then holds the only reference
    // to the tokens' bytes, so its wipe overwrites them in place (STYLE.md rule 6).
    void authorize(RequestSpec spec, QObject* context, Completion<TokenSet> done);
    // Cancels the trips still waiting (their completions get Cancelled): those started for
    // `context`, or all of them.
    void cancel(const QObject* context = nullptr);

Q_SIGNALS:
    void urlReady(const QUrl& url, bool browserStarted);
    // A redacted timeline event (discovery, browser, callback, tokens received): never a token.
    void traced(const QString& event, const QVariantMap& fields);

private:
    AuthorizationFlow* startFlow(const ServiceConfiguration& config, RequestSpec spec,
                                 QObject* context);
    void trace(const QString& event, const QVariantMap& fields = {});

    OidcClient& m_client;
    UserAgent& m_userAgent;
    const Common::Clock& m_clock;
    const SessionSettings& m_settings;
    std::optional<ServiceConfiguration> m_config;
    struct RunningFlow
    {
        QPointer<AuthorizationFlow> flow;
        QPointer<QObject> context; // whom it was started for (cancel(context))
    };
    QList<RunningFlow> m_flows;
};

} // namespace Fabrikam::Auth
