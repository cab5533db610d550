#include "cli/cli.h"

#include "auth/errors.h"
#include "auth/idtokenvalidator.h"
#include "bank/apitrace.h"
#include "bank/money.h"
#include "bank/transfer.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUuid>

#include <cstdio>

namespace Fabrikam::Cli {

using Common::Error;
using Common::ErrorCode;
using Common::Result;

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Fabrikam::Cli", text);
}

const char* const kCommands[] = {"login", "whoami", "accounts", "transfer", "statements", "logout"};

Error usage(const QString& message)
{
    return Error{Common::Errc::InvalidInput, message, {}};
}

QJsonObject claimsJson(const Auth::IdToken& id)
{
    return QJsonObject{
        {QStringLiteral("sub"), id.subject()},
        {QStringLiteral("name"), id.name()},
        {QStringLiteral("email"), id.email()},
        {QStringLiteral("acr"), id.acr()},
        {QStringLiteral("amr"), QJsonArray::fromStringList(id.amr())},
        {QStringLiteral("auth_time"),
         id.authTime() ? id.authTime()->toString(Qt::ISODate) : QString()},
        {QStringLiteral("iss"), id.issuer()},
    };
}

QJsonObject accountJson(const Bank::Account& a)
{
    return QJsonObject{{QStringLiteral("id"), a.id},
                       {QStringLiteral("name"), a.name},
                       {QStringLiteral("number"), a.maskedNumber},
                       {QStringLiteral("balance"), a.balance.toDecimalString()},
                       {QStringLiteral("currency"), a.balance.currency()}};
}

QJsonObject transferJson(const Bank::Transfer& t)
{
    return QJsonObject{{QStringLiteral("id"), t.id},
                       {QStringLiteral("from"), t.from},
                       {QStringLiteral("to"), t.to},
                       {QStringLiteral("amount"), t.amount.toDecimalString()},
                       {QStringLiteral("currency"), t.amount.currency()},
                       {QStringLiteral("memo"), t.memo},
                       {QStringLiteral("status"), t.status},
                       {QStringLiteral("created_at"), t.createdAt.toString(Qt::ISODate)}};
}

QString help()
{
    return tr(R"(Usage: fabrikam-cli COMMAND [options]

Fabrikam Desktop from a terminal: the same sign-in, step-up and API flows as the app, for support
staff and scripts. With no profile options it talks to the local sandbox (scripts/sandbox start).

Commands
  login                      sign in through the browser (password); the session is kept in the
                             system keychain (without a usable keychain: for this run only)
  whoami                     who is signed in (exit 2 when nobody is)
  accounts                   list the accounts (base token, read:accounts)
  transfer --from ID --to ID --amount DEC [--currency C] [--memo TEXT]
                             move money: confirms it is you in the browser (MFA step-up for
                             transfer:funds); the elevated token is used once and forgotten
  statements --account ID    show an account's statement (needs a recent MFA: verifies first)
  logout                     revoke the session, forget it, and show the provider's sign-out link

Options
  --profile NAME             a saved profile (<config>/profiles/NAME.json); default: sandbox
  --issuer URL --client-id ID --audience AUD --resource URI --api-base-url URL
  --base-scopes "S1 S2" --step-up-scope S --mfa-acr URI --sensitive-max-age SECONDS
  --redirect-port PORT       profile keys as flags (0 = a free port for every sign-in)
  --timeout SECONDS          how long to wait for the browser step (default 300)
  --json                     machine-readable output on stdout
  --trace FILE               append a redacted JSON-lines timeline of the flow to FILE
  -h, --help                 this text;  -v, --version

The browser: the program named by BROWSER when set (its one argument is the URL), otherwise the
system's default browser. The sign-in link is always printed too, to open by hand.

Exit codes
  0   success
  2   not signed in (also when the keychain cannot be read: no saved session is available)
  64  usage: the command line or the profile
  65  authentication refused: denied, MFA impossible or failed, token checks failed, or Cancel
      pressed on the sign-in page (the provider answers access_denied)
  66  the Fabrikam API refused or failed the request; its reason is shown (e.g. insufficient
      funds)
  67  keychain error: logout could not remove the saved session (it is still there: run logout
      again once the keychain works), or a session could not be stored for another reason than
      an unavailable or locked keychain (e.g. too large). An unavailable or locked keychain
      alone is no error: login keeps the session for this run only
  68  cancelled or timed out: the browser step took longer than --timeout, or Ctrl+C / SIGTERM
      (a second one stops at once)
  69  the sign-in service or the API is unreachable or unavailable
  70  internal error
  75  transfer: Fabrikam's answer was lost, so it is not known whether the money moved; run the
      same command again (it reuses the Idempotency-Key, so the money cannot move twice)
)");
}

} // namespace

Result<Options> parseOptions(const QStringList& arguments, QString* helpText)
{
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, {});
    const QCommandLineOption versionOption({QStringLiteral("v"), QStringLiteral("version")}, {});
    const auto valued = [](const char* name) {
        return QCommandLineOption(QString::fromLatin1(name), {}, QStringLiteral("value"));
    };
    const QCommandLineOption profileOpt = valued("profile"), issuer = valued("issuer"),
                             clientId = valued("client-id"), audience = valued("audience"),
                             resource = valued("resource"), apiBaseUrl = valued("api-base-url"),
                             baseScopes = valued("base-scopes"),
                             stepUpScope = valued("step-up-scope"), mfaAcr = valued("mfa-acr"),
                             sensitiveMaxAge = valued("sensitive-max-age"),
                             redirectPort = valued("redirect-port"), timeout = valued("timeout"),
                             trace = valued("trace"), from = valued("from"), to = valued("to"),
                             amount = valued("amount"), currency = valued("currency"),
                             memo = valued("memo"), account = valued("account");
    const QCommandLineOption json(QStringLiteral("json"));
    parser.addOptions(
        {helpOption,   versionOption, profileOpt, issuer,      clientId, audience,
         resource,     apiBaseUrl,    baseScopes, stepUpScope, mfaAcr,   sensitiveMaxAge,
         redirectPort, timeout,       trace,      from,        to,       amount,
         currency,     memo,          account,    json});
    parser.addPositionalArgument(QStringLiteral("command"), {});
    *helpText = help();
    if (!parser.parse(arguments)) {
        return Result<Options>(usage(parser.errorText()));
    }
    Options o;
    if (parser.isSet(helpOption)) {
        o.command = QStringLiteral("help");
        return Result<Options>(std::move(o));
    }
    if (parser.isSet(versionOption)) {
        o.command = QStringLiteral("version");
        return Result<Options>(std::move(o));
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        return Result<Options>(usage(positional.isEmpty()
                                         ? tr("Name a command (see --help).")
                                         : tr("One command at a time (see --help).")));
    }
    o.command = positional.first();
    if (std::none_of(std::begin(kCommands), std::end(kCommands),
                     [&o](const char* c) { return o.command == QLatin1String(c); })) {
        return Result<Options>(usage(tr("Unknown command \"%1\" (see --help).").arg(o.command)));
    }

    auto profile = Client::Profile::load(parser.isSet(profileOpt) ? parser.value(profileOpt)
                                                                  : QStringLiteral("sandbox"));
    if (!profile.ok()) {
        return Result<Options>(profile.error());
    }
    o.profile = std::move(profile).value();
    QJsonObject overrides;
    const std::pair<const QCommandLineOption*, const char*> keys[] = {
        {&issuer, "issuer"},
        {&clientId, "client_id"},
        {&audience, "audience"},
        {&resource, "resource"},
        {&apiBaseUrl, "api_base_url"},
        {&baseScopes, "base_scopes"},
        {&stepUpScope, "step_up_scope"},
        {&mfaAcr, "mfa_acr"},
        {&sensitiveMaxAge, "sensitive_max_age"},
        {&redirectPort, "redirect_port"}};
    for (const auto& [option, key] : keys) {
        if (parser.isSet(*option)) {
            overrides.insert(QLatin1String(key), parser.value(*option));
        }
    }
    if (auto applied = o.profile.apply(overrides); !applied.ok()) {
        return Result<Options>(applied.error());
    }
    if (parser.isSet(timeout)) {
        bool ok = false;
        const int seconds = parser.value(timeout).toInt(&ok);
        if (!ok || seconds < 1 || seconds > 3600) {
            return Result<Options>(
                usage(tr("--timeout takes a number of seconds from 1 to 3600.")));
        }
        o.browserTimeout = std::chrono::seconds(seconds);
    }
    o.profile.auth.browserTimeout = o.browserTimeout;
    o.json = parser.isSet(json);
    o.tracePath = parser.value(trace);
    o.from = parser.value(from);
    o.to = parser.value(to);
    o.amount = parser.value(amount);
    o.currency = parser.value(currency).toUpper();
    o.memo = parser.value(memo);
    o.account = parser.value(account);
    if (o.command == QLatin1String("transfer") &&
        (o.from.isEmpty() || o.to.isEmpty() || o.amount.isEmpty())) {
        return Result<Options>(usage(tr("transfer needs --from, --to and --amount.")));
    }
    if (o.command == QLatin1String("statements") && o.account.isEmpty()) {
        return Result<Options>(usage(tr("statements needs --account.")));
    }
    return Result<Options>(std::move(o));
}

Cli::Cli(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_out(stdout)
    , m_err(stderr)
    , m_client({m_options.profile}, m_browser)
    , m_session(m_client.session())
    , m_transfers(m_client.transfers())
{
    // Step-up for APIs (the seed): the base token lacks transfer:funds, and the app knows it.
    connect(&m_transfers, &Client::TransferCoordinator::prepared, this,
            [this](const Bank::TransferRequest&, bool, bool noted) { m_pendingSaved = noted; });
    connect(&m_transfers, &Client::TransferCoordinator::stepUpStarted, this, [this] {
        note(tr("Fabrikam needs to confirm it is really you before moving money."));
    });
    connect(&m_session, &Auth::AuthSession::urlReady, this, [this](const QUrl& url, bool started) {
        note(started
                 ? tr("Continue in your browser. If no browser window appeared, open this link:")
                 : tr("Could not start a browser. Open this link to continue:"));
        note(QStringLiteral("  ") + url.toString(QUrl::FullyEncoded));
        trace(QStringLiteral("cli.waiting_for_browser"),
              {{QStringLiteral("timeout_s"), qint64(m_options.browserTimeout.count() / 1000)}});
    });
    connect(&m_client.reads(), &Client::BankReads::stepUpStarted, this,
            [this](Client::Read, Client::StepUpKind kind, const QStringList& scopes) {
                note(kind == Client::StepUpKind::Permission
                         ? tr("Fabrikam needs one more permission (%1). Confirm it in your "
                              "browser.")
                               .arg(scopes.join(QLatin1Char(' ')))
                         : tr("Fabrikam needs a recent second factor for this. Verify it is you "
                              "in your browser."));
            });
    connect(&m_client.timeline(), &Client::Timeline::recorded, this,
            [this](const Client::TimelineEvent& event) { m_trace.write(event); });
    connect(&m_client, &Client::Context::keychainUnavailable, this, [this](const QString& message) {
        note(message + QLatin1Char(' ') + tr("The session is kept for this run only."));
    });
}

void Cli::note(const QString& line)
{
    m_err << line << Qt::endl;
}

void Cli::trace(const QString& event, const QVariantMap& fields)
{
    m_client.timeline().record(event, fields);
}

void Cli::fail(const Error& error, std::optional<ExitCode> exitCode)
{
    if (std::exchange(m_finished, true)) {
        return;
    }
    const ExitCode code = exitCode.value_or(exitCodeFor(error.code));
    trace(QStringLiteral("cli.failed"),
          {{QStringLiteral("error"), Common::errorCodeName(error.code)},
           {QStringLiteral("detail"), error.detail},
           {QStringLiteral("exit"), int(code)}});
    if (m_options.json) {
        m_out << QJsonDocument(
                     QJsonObject{{QStringLiteral("error"), Common::errorCodeName(error.code)},
                                 {QStringLiteral("message"), error.message},
                                 {QStringLiteral("detail"), error.detail}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    }
    m_err << tr("fabrikam-cli: %1")
                 .arg(error.message.isEmpty() ? Common::errorCodeName(error.code) : error.message)
          << Qt::endl;
    Q_EMIT finished(code);
}

void Cli::done(const QJsonValue& json, const QString& human)
{
    if (std::exchange(m_finished, true)) {
        return;
    }
    if (m_options.json) {
        m_out << (json.isArray() ? QJsonDocument(json.toArray()) : QJsonDocument(json.toObject()))
                     .toJson(QJsonDocument::Indented);
    } else {
        m_out << human << Qt::endl;
    }
    m_out.flush();
    trace(QStringLiteral("cli.finished"), {{QStringLiteral("exit"), 0}});
    Q_EMIT finished(ExitOk);
}

void Cli::start()
{
    if (!m_options.tracePath.isEmpty() && !m_trace.open(m_options.tracePath)) {
        fail(usage(tr("Cannot write the trace file %1: %2")
                       .arg(m_options.tracePath, m_trace.errorString())));
        return;
    }
    trace(QStringLiteral("cli.started"),
          {{QStringLiteral("command"), m_options.command},
           {QStringLiteral("profile"), m_options.profile.name},
           {QStringLiteral("issuer"), m_options.profile.auth.issuer},
           {QStringLiteral("api"), m_options.profile.apiBaseUrl.toString()},
           {QStringLiteral("version"), QCoreApplication::applicationVersion()}});
    const QString& c = m_options.command;
    if (c == QLatin1String("login")) {
        login();
    } else if (c == QLatin1String("whoami")) {
        whoami();
    } else if (c == QLatin1String("accounts")) {
        accounts();
    } else if (c == QLatin1String("transfer")) {
        transfer();
    } else if (c == QLatin1String("statements")) {
        statements();
    } else {
        logout();
    }
}

void Cli::interrupt(const QString& why)
{
    trace(QStringLiteral("cli.interrupted"), {{QStringLiteral("signal"), why}});
    fail(Error{Common::Errc::Cancelled, tr("Cancelled by %1.").arg(why), {}});
    m_session.cancel();
}

void Cli::login()
{
    m_client.signIn(this, [this](Result<bool> remembered) {
        if (!remembered.ok()) {
            fail(remembered.error());
            return;
        }
        const Auth::IdToken& id = *m_session.idToken();
        QJsonObject json = claimsJson(id);
        json.insert(QStringLiteral("scopes"),
                    QJsonArray::fromStringList(m_session.grantedScopes()));
        json.insert(QStringLiteral("remembered"), remembered.value());
        QString human = tr("Signed in as %1 (%2).")
                            .arg(id.name().isEmpty() ? id.subject() : id.name(),
                                 id.email().isEmpty() ? id.subject() : id.email());
        if (!remembered.value()) {
            human += QLatin1Char('\n') + tr("This sign-in will not be remembered after this run.");
        }
        done(json, human);
    });
}

void Cli::withSession(std::function<void()> next)
{
    m_client.restore(
        this, [this, next = std::move(next)](Result<Client::Context::Restored> restored) {
            if (!restored.ok()) {
                fail(restored.error());
                return;
            }
            if (const QString& keychain = restored.value().keychainProblem; !keychain.isEmpty()) {
                // One line: the keychain's own words (e.g. that it is locked), then what that means
                // for this run.
                fail(Error{Auth::Errc::NotSignedIn,
                           keychain + QLatin1Char(' ') +
                               tr("Not signed in: the keychain cannot be read, so no saved session "
                                  "is available. Run: fabrikam-cli login")});
                return;
            }
            if (!restored.value().signedIn) {
                fail(Error{Auth::Errc::NotSignedIn, tr("Not signed in. Run: fabrikam-cli login")});
                return;
            }
            next();
        });
}

void Cli::whoami()
{
    withSession([this] {
        QJsonObject json;
        QString human;
        if (const auto& id = m_session.idToken()) {
            json = claimsJson(*id);
            human = tr("%1 <%2>\n  subject   %3\n  issuer    %4\n  signed in %5 (%6)")
                        .arg(id->name(), id->email(), id->subject(), id->issuer(),
                             id->authTime() ? id->authTime()->toLocalTime().toString(Qt::ISODate)
                                            : QString(),
                             id->amr().join(QLatin1Char('+')));
        }
        json.insert(QStringLiteral("scopes"),
                    QJsonArray::fromStringList(m_session.grantedScopes()));
        json.insert(QStringLiteral("profile"), m_options.profile.name);
        human += QLatin1Char('\n') +
                 tr("  scopes    %1\n  profile   %2")
                     .arg(m_session.grantedScopes().join(QLatin1Char(' ')), m_options.profile.name);
        done(json, human);
    });
}

void Cli::accounts()
{
    withSession([this] {
        m_client.reads().readAccounts(this, [this](Bank::ApiResult<QList<Bank::Account>> read) {
            if (!read.ok()) {
                fail(read.error());
                return;
            }
            QJsonArray json;
            QString human;
            const QLocale locale;
            for (const Bank::Account& a : read.value()) {
                json.append(accountJson(a));
                human += QStringLiteral("%1  %2  %3  %4\n")
                             .arg(a.id, -16)
                             .arg(a.name, -20)
                             .arg(a.maskedNumber, -24)
                             .arg(a.balance.formatted(locale), 16);
            }
            human.chop(1);
            done(json, human);
        });
    });
}

void Cli::transfer()
{
    withSession([this] {
        // The source account's currency is the amount's unless --currency names one. The read
        // follows the API's challenges as `accounts` does (e.g. a profile without read:accounts).
        m_client.reads().readAccounts(this, [this](Bank::ApiResult<QList<Bank::Account>> read) {
            if (!read.ok()) {
                fail(read.error());
                return;
            }
            auto prepared = m_transfers.prepare({m_options.from, m_options.to, m_options.amount,
                                                 m_options.currency, m_options.memo},
                                                read.value());
            if (!prepared.ok()) {
                fail(usage(prepared.error().message));
                return;
            }
            // A run that died, or whose answer was lost, left this intent's key behind: the
            // same command again repeats that transfer rather than making a second one.
            const Client::TransferCoordinator::Prepared& intent = prepared.value();
            if (intent.resumed) {
                note(tr("An earlier run of this transfer ended without an answer from "
                        "Fabrikam. Repeating it with the same Idempotency-Key %1, so it "
                        "cannot happen twice.")
                         .arg(QString::fromLatin1(intent.request.idempotencyKey())));
            }
            submitTransfer(intent.request);
        });
    });
}

void Cli::submitTransfer(const Bank::TransferRequest& request)
{
    const QString key = QString::fromLatin1(request.idempotencyKey());
    m_transfers.submit(request, this, [this, key](Bank::ApiResult<Bank::TransferReceipt> receipt) {
        if (!receipt.ok()) {
            const Bank::ApiError& error = receipt.error();
            if (error.outcomeUnknown) {
                // The pending note stays (TransferCoordinator): the next run reuses the key.
                if (m_pendingSaved) {
                    note(tr("Fabrikam may have made this transfer. To find out, run the same "
                            "command again: it repeats the transfer with Idempotency-Key %1, so "
                            "the money cannot move twice.")
                             .arg(key));
                } else {
                    note(tr("Fabrikam may have made this transfer, and the note that lets the "
                            "same command repeat it (Idempotency-Key %1) could not be saved in "
                            "%2. Check your balances (fabrikam-cli accounts) before you try "
                            "again: another run would be a new transfer.")
                             .arg(key, m_client.pendingTransfers().filePath()));
                }
                fail(error, ExitOutcomeUnknown);
                return;
            }
            fail(error);
            return;
        }
        const Bank::Transfer& t = receipt.value().transfer;
        QJsonObject json = transferJson(t);
        json.insert(QStringLiteral("replayed"), receipt.value().replayed);
        done(json, receipt.value().replayed
                       ? tr("Fabrikam already had this transfer and made it only once: %1 from "
                            "%2 to %3 (transfer %4).")
                             .arg(t.amount.formatted(QLocale()), t.from, t.to, t.id)
                       : tr("Transferred %1 from %2 to %3 (transfer %4).")
                             .arg(t.amount.formatted(QLocale()), t.from, t.to, t.id));
    });
}

void Cli::statements()
{
    withSession([this] {
        m_client.reads().readStatement(
            m_options.account, this, [this](Bank::ApiResult<Bank::Statement> statement) {
                if (!statement.ok()) {
                    fail(statement.error());
                    return;
                }
                const Bank::Statement& s = statement.value();
                QJsonArray lines;
                QString human = tr("%1 (%2), balance %3\n")
                                    .arg(s.account.name, s.account.maskedNumber,
                                         s.account.balance.formatted(QLocale()));
                for (const auto& l : s.lines) {
                    lines.append(
                        QJsonObject{{QStringLiteral("id"), l.id},
                                    {QStringLiteral("date"), l.date.toString(Qt::ISODate)},
                                    {QStringLiteral("description"), l.description},
                                    {QStringLiteral("amount"), l.amount.toDecimalString()},
                                    {QStringLiteral("balance"), l.balance.toDecimalString()},
                                    {QStringLiteral("transfer_id"), l.transferId}});
                    human += QStringLiteral("%1  %2  %3  %4\n")
                                 .arg(l.date.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")))
                                 .arg(l.description, -32)
                                 .arg(l.amount.formatted(QLocale()), 14)
                                 .arg(l.balance.formatted(QLocale()), 14);
                }
                human.chop(1);
                done(QJsonObject{{QStringLiteral("account"), accountJson(s.account)},
                                 {QStringLiteral("lines"), lines}},
                     human);
            });
    });
}

void Cli::logout()
{
    m_client.signOut(this, [this](Result<Client::Context::SignedOut> signedOut) {
        if (!signedOut.ok()) {
            fail(signedOut.error());
            return;
        }
        const Client::Context::SignedOut& out = signedOut.value();
        if (!out.wasSignedIn) {
            done(QJsonObject{{QStringLiteral("signed_out"), true}}, tr("Nobody was signed in."));
            return;
        }
        if (!out.problem.isEmpty()) {
            note(out.problem);
        }
        // What happened at the provider, truthfully: revoked, not reachable (tried again at the
        // next start), or no way to revoke there.
        QString human =
            out.revoked ? tr("Signed out. The session was revoked and removed from the keychain.")
            : !out.revocationProblem.isEmpty()
                ? out.revocationProblem
                : tr("Signed out. The session was removed from the keychain; the sign-in service "
                     "offers no way to revoke it, so it ends when it expires.");
        if (!out.endSession.isEmpty()) {
            human +=
                QLatin1Char('\n') + tr("To end the provider's browser session as well, open:\n  %1")
                                        .arg(out.endSession.toString(QUrl::FullyEncoded));
        }
        QJsonObject json{
            {QStringLiteral("signed_out"), true},
            {QStringLiteral("revoked"), out.revoked},
            {QStringLiteral("end_session_url"), out.endSession.toString(QUrl::FullyEncoded)}};
        if (!out.revocationProblem.isEmpty()) {
            json.insert(QStringLiteral("revocation_problem"), out.revocationProblem);
        }
        done(json, human);
    });
}

} // namespace Fabrikam::Cli
