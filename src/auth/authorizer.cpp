#include "auth/authorizer.h"

#include "common/async.h"

namespace Fabrikam::Auth {

using Common::Result;

Authorizer::Authorizer(OidcClient& client, UserAgent& userAgent, const Common::Clock& clock,
                       const SessionSettings& settings, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_userAgent(userAgent)
    , m_clock(clock)
    , m_settings(settings)
{}

void Authorizer::trace(const QString& event, const QVariantMap& fields)
{
    Q_EMIT traced(event, fields);
}

void Authorizer::withConfig(QObject* context, Completion<ServiceConfiguration> done)
{
    if (m_config) {
        Common::deliverLater(context, std::move(done), Result<ServiceConfiguration>(*m_config));
        return;
    }
    trace(QStringLiteral("discovery.requested"), {{QStringLiteral("issuer"), m_settings.issuer}});
    m_client.discover(
        m_settings.issuer, context,
        [this, done = std::move(done)](Result<ServiceConfiguration> config) {
            if (config.ok()) {
                m_config = config.value();
                trace(QStringLiteral("discovery.succeeded"),
                      {{QStringLiteral("iss_parameter"), m_config->issParameterSupported}});
            } else {
                trace(QStringLiteral("discovery.failed"),
                      {{QStringLiteral("error"), Common::errorCodeName(config.error().code)},
                       {QStringLiteral("detail"), config.error().detail}});
            }
            done(std::move(config));
        });
}

void Authorizer::authorize(RequestSpec spec, QObject* context, Completion<TokenSet> done)
{
    withConfig(context, [this, context, spec = std::move(spec),
                         done = std::move(done)](Result<ServiceConfiguration> config) mutable {
        if (!config.ok()) {
            done(Result<TokenSet>(config.error()));
            return;
        }
        auto* flow = startFlow(config.value(), std::move(spec), context);
        // The flow's result is const and shares the tokens' buffers with this copy until the
        // emission returns; handed on from the event loop, the copy is the only one left.
        connect(flow, &AuthorizationFlow::finished, context,
                [context, done](const Result<TokenSet>& result) {
                    Common::deliverLater(context, done, result);
                });
        flow->start();
    });
}

AuthorizationFlow* Authorizer::startFlow(const ServiceConfiguration& config, RequestSpec spec,
                                         QObject* context)
{
    AuthorizationFlow::Settings flowSettings{m_settings.clientId, m_settings.redirectPort,
                                             m_settings.browserTimeout, 300};
    trace(QStringLiteral("authorization.started"),
          {{QStringLiteral("scope"), spec.scopes.join(QLatin1Char(' '))},
           {QStringLiteral("acr_values"), spec.acrValues.join(QLatin1Char(' '))},
           {QStringLiteral("max_age"), spec.maxAge ? QVariant(*spec.maxAge) : QVariant()}});
    auto* flow = new AuthorizationFlow(m_client, m_userAgent, m_clock, config, flowSettings,
                                       std::move(spec), this);
    connect(flow, &AuthorizationFlow::urlReady, this, [this](const QUrl& url, bool started) {
        trace(QStringLiteral("browser.opened"),
              {{QStringLiteral("started"), started}, {QStringLiteral("host"), url.host()}});
        Q_EMIT urlReady(url, started);
    });
    connect(flow, &AuthorizationFlow::callbackReceived, this,
            [this] { trace(QStringLiteral("authorization.callback")); });
    // The code exchange's outcome (the token endpoint and the ID token checks), without a token:
    // what was granted, for how long, whether a refresh token and an ID token came with it. (No
    // key named like a secret, or the trace's redaction would hide these plain facts.)
    connect(flow, &AuthorizationFlow::finished, this, [this](const Result<TokenSet>& result) {
        if (!result.ok()) {
            return; // the caller traces its own <activity>.failed with the error
        }
        const TokenSet& set = result.value();
        trace(QStringLiteral("tokens.received"),
              {{QStringLiteral("scope"), set.accessScopes.join(QLatin1Char(' '))},
               {QStringLiteral("expires_in"),
                set.accessExpiresAt.isValid() ? QVariant(m_clock.now().secsTo(set.accessExpiresAt))
                                              : QVariant()},
               {QStringLiteral("refreshable"), !set.refreshToken.isEmpty()},
               {QStringLiteral("identity"), set.idToken.has_value()}});
    });
    connect(flow, &AuthorizationFlow::finished, flow, &QObject::deleteLater);
    m_flows.removeIf([](const RunningFlow& running) { return running.flow.isNull(); });
    m_flows.append({flow, context});
    return flow;
}

void Authorizer::cancel(const QObject* context)
{
    for (const auto& running : std::as_const(m_flows)) {
        if (running.flow && (!context || running.context == context)) {
            running.flow->cancel();
        }
    }
}

} // namespace Fabrikam::Auth
