<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../ui/aboutdialog.ui" line="+6"/>
        <source>About Fabrikam Desktop</source>
        <translation>Über Fabrikam Desktop</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;h2&gt;Fabrikam Desktop&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Fabrikam Desktop&lt;/h2&gt;</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Fabrikam Desktop shows your Fabrikam accounts and statements and moves money between them. You sign in through your usual web browser; for transfers and sensitive details the app asks your bank to confirm it is you with a second factor, just once for each action. Your sign-in is kept only in your system&apos;s keychain, never in a file.</source>
        <translation>Fabrikam Desktop zeigt Ihre Fabrikam-Konten und Kontoauszüge und überweist Geld zwischen ihnen. Sie melden sich über Ihren gewohnten Webbrowser an; bei Überweisungen und vertraulichen Angaben lässt die App Ihre Bank mit einem zweiten Faktor bestätigen, dass Sie es sind – für jede Aktion nur einmal. Ihre Anmeldung wird nur im Schlüsselbund Ihres Systems aufbewahrt, nie in einer Datei.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>© Fabrikam, Inc. All rights reserved. Qt is used under the GNU LGPL version 3.</source>
        <translation>© Fabrikam, Inc. Alle Rechte vorbehalten. Qt wird unter der GNU LGPL Version 3 verwendet.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>&amp;Close</source>
        <translation>&amp;Schließen</translation>
    </message>
</context>
<context>
    <name>DiagnosticsPanel</name>
    <message>
        <location filename="../ui/diagnosticspanel.ui" line="+6"/>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>For support staff. Tokens and codes are never shown or exported: only their redacted forms (… and 6 hex digits).</source>
        <translation>Für den Support. Tokens und Codes werden nie angezeigt oder exportiert, nur in unkenntlich gemachter Form (… und 6 Hexadezimalziffern).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Timeli&amp;ne</source>
        <translation>&amp;Zeitleiste</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Cla&amp;ims</source>
        <translation>&amp;Claims</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Claim</source>
        <translation>Claim</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+33"/>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>&amp;Environment</source>
        <translation>&amp;Umgebung</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Item</source>
        <translation>Eintrag</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>C&amp;lear timeline</source>
        <translation>Zeitleiste &amp;leeren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>E&amp;xport support bundle…</source>
        <translation>Support-Paket e&amp;xportieren …</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App</name>
    <message>
        <location filename="../src/app/desktopbrowser.cpp" line="+27"/>
        <source>Fabrikam could not open your web browser. Copy the link and open it in a browser yourself.</source>
        <translation>Fabrikam konnte Ihren Webbrowser nicht öffnen. Kopieren Sie den Link und öffnen Sie ihn selbst in einem Browser.</translation>
    </message>
    <message>
        <location filename="../src/app/messages.cpp" line="+44"/>
        <source>Sign-in was cancelled. You can sign in again at any time.</source>
        <translation>Die Anmeldung wurde abgebrochen. Sie können sich jederzeit erneut anmelden.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Sign-in was stopped in the browser.</source>
        <translation>Die Anmeldung wurde im Browser abgebrochen.</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>You stopped the confirmation, so nothing was transferred.</source>
        <translation>Sie haben die Bestätigung abgebrochen, daher wurde nichts überwiesen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>You stopped the confirmation, so the statements stay locked.</source>
        <translation>Sie haben die Bestätigung abgebrochen, daher bleiben die Kontoauszüge gesperrt.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fabrikam could not confirm it&apos;s you, so nothing was transferred.</source>
        <translation>Fabrikam konnte nicht bestätigen, dass Sie es sind, daher wurde nichts überwiesen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fabrikam could not confirm it&apos;s you, so the statements stay locked.</source>
        <translation>Fabrikam konnte nicht bestätigen, dass Sie es sind, daher bleiben die Kontoauszüge gesperrt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The browser came back without a second factor. Try again and enter the code from your authenticator app.</source>
        <translation>Der Browser kam ohne zweiten Faktor zurück. Versuchen Sie es erneut und geben Sie den Code aus Ihrer Authenticator-App ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The browser did not come back in time, so nothing was transferred.</source>
        <translation>Der Browser kam nicht rechtzeitig zurück, daher wurde nichts überwiesen.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The browser did not come back in time. Try again.</source>
        <translation>Der Browser kam nicht rechtzeitig zurück. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The browser did not come back in time. Try signing in again.</source>
        <translation>Der Browser kam nicht rechtzeitig zurück. Melden Sie sich bitte erneut an.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No web browser could be started.</source>
        <translation>Es konnte kein Webbrowser gestartet werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sign-in service cannot be reached right now. Check your connection and try again.</source>
        <translation>Der Anmeldedienst ist gerade nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your session has ended. Sign in again to continue.</source>
        <translation>Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um fortzufahren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system keychain could not be used.</source>
        <translation>Der Schlüsselbund des Systems konnte nicht verwendet werden.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fabrikam could not wait for the browser&apos;s answer.</source>
        <translation>Fabrikam konnte nicht auf die Antwort des Browsers warten.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Something went wrong (%1). Try again, or open Diagnostics for details.</source>
        <translation>Etwas ist schiefgegangen (%1). Versuchen Sie es erneut oder öffnen Sie die Diagnose für Details.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>We could not find out whether the transfer went through. Check your recent transfers before anything else. Trying this same transfer again is safe: it will never be made twice.</source>
        <translation>Wir konnten nicht feststellen, ob die Überweisung ausgeführt wurde. Prüfen Sie zuerst Ihre letzten Überweisungen. Diese Überweisung erneut zu versuchen ist sicher: Sie wird niemals doppelt ausgeführt.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The bank asked for a fresher confirmation again, so the transfer was not made. Try again in a moment.</source>
        <translation>Die Bank hat erneut eine aktuellere Bestätigung verlangt, daher wurde die Überweisung nicht ausgeführt. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fabrikam did not get permission to move money from the sign-in service, so nothing was transferred.</source>
        <translation>Fabrikam hat vom Anmeldedienst keine Berechtigung erhalten, Geld zu überweisen. Es wurde nichts überwiesen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The confirmation expired or was already used, so the transfer was not made. Try again.</source>
        <translation>Die Bestätigung ist abgelaufen oder wurde bereits verwendet, daher wurde die Überweisung nicht ausgeführt. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>There is not enough money in the account you chose, so nothing was transferred. Choose a smaller amount or another account.</source>
        <translation>Auf dem gewählten Konto ist nicht genug Geld, daher wurde nichts überwiesen. Wählen Sie einen kleineren Betrag oder ein anderes Konto.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The amount is above the bank&apos;s limit for one transfer, so nothing was transferred. Split it into smaller transfers.</source>
        <translation>Der Betrag liegt über dem Limit der Bank für eine Überweisung, daher wurde nichts überwiesen. Teilen Sie ihn auf mehrere kleinere Überweisungen auf.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Both accounts must hold the transfer&apos;s currency, so nothing was transferred.</source>
        <translation>Beide Konten müssen in der Währung der Überweisung geführt werden, daher wurde nichts überwiesen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The bank does not know one of the accounts, or you cannot send money from it, so nothing was transferred. Refresh your accounts and try again.</source>
        <translation>Die Bank kennt eines der Konten nicht, oder Sie können von ihm kein Geld senden, daher wurde nichts überwiesen. Aktualisieren Sie Ihre Konten und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The bank refused the transfer: %1</source>
        <translation>Die Bank hat die Überweisung abgelehnt: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The bank cannot take transfers right now, and nothing was transferred. Try again later.</source>
        <translation>Die Bank kann gerade keine Überweisungen annehmen; es wurde nichts überwiesen. Versuchen Sie es später erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fabrikam could not reach the bank, and nothing was transferred. Check your connection and try again.</source>
        <translation>Fabrikam konnte die Bank nicht erreichen; es wurde nichts überwiesen. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::AboutDialog</name>
    <message>
        <location filename="../src/app/aboutdialog.cpp" line="+19"/>
        <source>Version %1</source>
        <translation>Version %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Built with Qt %1, running on Qt %2.</source>
        <translation>Erstellt mit Qt %1, läuft mit Qt %2.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::AccountsModel</name>
    <message>
        <location filename="../src/app/accountsmodel.cpp" line="+26"/>
        <source>%1 ··%2</source>
        <translation>%1 ··%2</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Balance of %1: %2</source>
        <translation>Kontostand von %1: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Account %1</source>
        <translation>Konto %1</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Account</source>
        <translation>Konto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Balance</source>
        <translation>Kontostand</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::BrowserTripBar</name>
    <message>
        <location filename="../src/app/browsertripbar.cpp" line="+16"/>
        <source>Copy &amp;link</source>
        <translation>&amp;Link kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Puts the link of the browser step on the clipboard, to open it in a browser</source>
        <translation>Legt den Link des Browserschritts in die Zwischenablage, um ihn in einem Browser zu öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stops waiting for the browser</source>
        <translation>Wartet nicht länger auf den Browser</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for the browser</source>
        <translation>Warten auf den Browser</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Fabrikam could not open a web browser. Copy the link and open it in a browser to continue.</source>
        <translation>Fabrikam konnte keinen Webbrowser öffnen. Kopieren Sie den Link und öffnen Sie ihn in einem Browser, um fortzufahren.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::DesktopShell</name>
    <message>
        <location filename="../src/app/desktopshell.cpp" line="+65"/>
        <source>Now using the profile &quot;%1&quot;.</source>
        <translation>Jetzt wird das Profil „%1“ verwendet.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::DiagnosticsPanel</name>
    <message>
        <location filename="../src/app/diagnosticspanel.cpp" line="+327"/>
        <location line="+20"/>
        <source>Signed with</source>
        <translation>Signiert mit</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>%1, key %2</source>
        <translation>%1, Schlüssel %2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>(no kid)</source>
        <translation>(keine kid)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>An opaque token: only the API can read it.</source>
        <translation>Ein undurchsichtiges Token: Nur die API kann es lesen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Decoded only: the API checks its signature, not this app.</source>
        <translation>Nur dekodiert: Die Signatur prüft die API, nicht diese App.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ID token</source>
        <translation>ID-Token</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+2"/>
        <source>Not signed in.</source>
        <translation>Nicht angemeldet.</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>MFA ID token</source>
        <translation>MFA-ID-Token</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No multi-factor sign-in in this session.</source>
        <translation>In dieser Sitzung gab es keine Anmeldung mit mehreren Faktoren.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Elevated access token (last step-up, used once)</source>
        <translation>Erhöhtes Zugriffstoken (letzte Bestätigung, einmal verwendet)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No transfer confirmed in this session.</source>
        <translation>In dieser Sitzung wurde keine Überweisung bestätigt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MFA access token (statements)</source>
        <translation>MFA-Zugriffstoken (Kontoauszüge)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Statements not verified in this session.</source>
        <translation>Kontoauszüge wurden in dieser Sitzung nicht bestätigt.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Versions</source>
        <translation>Versionen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Profile</source>
        <translation>Profil</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>No profile loaded.</source>
        <translation>Kein Profil geladen.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Support bundle saved to %1.</source>
        <translation>Support-Paket gespeichert unter %1.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Export support bundle</source>
        <translation>Support-Paket exportieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Support bundles (*.json)</source>
        <translation>Support-Pakete (*.json)</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::MainWindow</name>
    <message>
        <location filename="../src/app/mainwindow.cpp" line="+85"/>
        <source>Profile: %1</source>
        <translation>Profil: %1</translation>
    </message>
    <message>
        <location line="+72"/>
        <source>Your session has ended. Sign in again to continue.</source>
        <translation>Ihre Sitzung ist abgelaufen. Melden Sie sich erneut an, um fortzufahren.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Looking for your saved session…</source>
        <translation>Ihre gespeicherte Sitzung wird gesucht …</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Welcome back.</source>
        <translation>Willkommen zurück.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Fabrikam opened your web browser to sign you in. If no browser window appeared, copy the link into a browser or open it again.</source>
        <translation>Fabrikam hat Ihren Webbrowser zur Anmeldung geöffnet. Falls kein Browserfenster erschienen ist, kopieren Sie den Link in einen Browser oder öffnen Sie ihn erneut.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Fabrikam could not open a web browser. Copy the link and open it in a browser to sign in.</source>
        <translation>Fabrikam konnte keinen Webbrowser öffnen. Kopieren Sie den Link und öffnen Sie ihn in einem Browser, um sich anzumelden.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The sign-in link is on the clipboard.</source>
        <translation>Der Anmeldelink wurde in die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Updating…</source>
        <translation>Wird aktualisiert …</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Fabrikam needs one more permission. Confirm it in your browser.</source>
        <translation>Fabrikam benötigt eine weitere Berechtigung. Bestätigen Sie sie in Ihrem Browser.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Your accounts could not be updated. %1</source>
        <translation>Ihre Konten konnten nicht aktualisiert werden. %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recent transfers could not be updated. %1</source>
        <translation>Die letzten Überweisungen konnten nicht aktualisiert werden. %1</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Loading the statement…</source>
        <translation>Kontoauszug wird geladen …</translation>
    </message>
    <message>
        <location line="-94"/>
        <source>Fabrikam needs to confirm it&apos;s really you — continue in your browser.</source>
        <translation>Fabrikam muss bestätigen, dass wirklich Sie es sind – fahren Sie in Ihrem Browser fort.</translation>
    </message>
    <message>
        <location line="-236"/>
        <source>The link is on the clipboard.</source>
        <translation>Der Link ist in der Zwischenablage.</translation>
    </message>
    <message>
        <location line="+243"/>
        <source>Fabrikam needs a recent second factor. Verify it is you in your browser.</source>
        <translation>Fabrikam braucht einen aktuellen zweiten Faktor. Bestätigen Sie in Ihrem Browser, dass Sie es sind.</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>The statement could not be shown. %1</source>
        <translation>Der Kontoauszug konnte nicht angezeigt werden. %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 (%2): balance %3</source>
        <translation>%1 (%2): Kontostand %3</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>For your security the statement was hidden again. Verify to view it.</source>
        <translation>Zu Ihrer Sicherheit wurde der Kontoauszug wieder ausgeblendet. Bestätigen Sie Ihre Identität, um ihn anzuzeigen.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not signed in</source>
        <translation>Nicht angemeldet</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Signed in as %1 · verified with a second factor</source>
        <translation>Angemeldet als %1 · mit zweitem Faktor bestätigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Signed in as %1 · password only</source>
        <translation>Angemeldet als %1 · nur mit Passwort</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Your sign-in will not be remembered on this computer.</source>
        <translation>Ihre Anmeldung wird auf diesem Computer nicht gespeichert.</translation>
    </message>
    <message>
        <location line="-364"/>
        <location line="+393"/>
        <source>Signing out…</source>
        <translation>Abmeldung läuft …</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>You are signed out. Your session was ended and removed from this computer.</source>
        <translation>Sie sind abgemeldet. Ihre Sitzung wurde beendet und von diesem Computer entfernt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>You are signed out. Your session was removed from this computer; the sign-in service offers no way to end it, so it ends when it expires.</source>
        <translation>Sie sind abgemeldet. Ihre Sitzung wurde von diesem Computer entfernt; der Anmeldedienst bietet keine Möglichkeit, sie zu beenden, daher endet sie mit ihrem Ablauf.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Signed out</source>
        <translation>Abgemeldet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You are signed out of Fabrikam Desktop.</source>
        <translation>Sie sind von Fabrikam Desktop abgemeldet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your web browser may still be signed in to Fabrikam. End that session too?</source>
        <translation>Ihr Webbrowser ist möglicherweise noch bei Fabrikam angemeldet. Diese Sitzung auch beenden?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;End browser session</source>
        <translation>Browsersitzung &amp;beenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Not now</source>
        <translation>&amp;Nicht jetzt</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 To end the browser session, open: %2</source>
        <translation>%1 Um die Browsersitzung zu beenden, öffnen Sie: %2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Diagnostics</source>
        <translation>Diagnose</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Profile saved.</source>
        <translation>Profil gespeichert.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::SettingsDialog</name>
    <message>
        <location filename="../src/app/settingsdialog.cpp" line="+142"/>
        <source>Give the profile a name of up to 64 letters, digits, dots, dashes or underscores.</source>
        <translation>Geben Sie dem Profil einen Namen aus bis zu 64 Buchstaben, Ziffern, Punkten, Bindestrichen oder Unterstrichen.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The profile is complete. Saving switches Fabrikam to it.</source>
        <translation>Das Profil ist vollständig. Beim Speichern wechselt Fabrikam zu diesem Profil.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Enter your Auth0 tenant domain, for example tenant.eu.auth0.com.</source>
        <translation>Geben Sie die Domain Ihres Auth0-Tenants ein, zum Beispiel tenant.eu.auth0.com.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Auth0 matches callback URLs exactly, including the port. Add http://127.0.0.1:%1/callback to the Allowed Callback URLs of your Auth0 application, and enter its client ID and your API&apos;s identifier as the audience.</source>
        <translation>Auth0 vergleicht Callback-URLs exakt, einschließlich des Ports. Tragen Sie http://127.0.0.1:%1/callback bei den „Allowed Callback URLs“ Ihrer Auth0-Anwendung ein und geben Sie hier deren Client-ID und als Audience die Kennung Ihrer API ein.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The profile could not be saved to %1: %2</source>
        <translation>Das Profil konnte nicht unter %1 gespeichert werden: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the folder cannot be created.</source>
        <translation>Der Ordner kann nicht angelegt werden.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::StatementModel</name>
    <message>
        <location filename="../src/app/statementmodel.cpp" line="+73"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Balance</source>
        <translation>Kontostand</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::TimelineModel</name>
    <message>
        <location filename="../src/app/diagnosticspanel.cpp" line="-307"/>
        <source>Time</source>
        <translation>Zeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Event</source>
        <translation>Ereignis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Details</source>
        <translation>Details</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::TransferDialog</name>
    <message>
        <location filename="../src/app/transferdialog.cpp" line="+35"/>
        <source>%1 (%2) · %3</source>
        <translation>%1 (%2) · %3</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+78"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>Your account, or another account&apos;s id</source>
        <translation>Ihr Konto oder die Kennung eines anderen Kontos</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Fabrikam needs to confirm it&apos;s really you — continue in your browser.</source>
        <translation>Fabrikam muss bestätigen, dass wirklich Sie es sind – fahren Sie in Ihrem Browser fort.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>account %1</source>
        <translation>Konto %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Send &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;from %2&lt;br&gt;to %3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; senden&lt;br&gt;von %2&lt;br&gt;an %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;br&gt;Memo: %1</source>
        <translation>&lt;br&gt;Verwendungszweck: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An earlier attempt of this transfer ended before Fabrikam answered. Confirming repeats it under the same reference, so it cannot happen twice.</source>
        <translation>Ein früherer Versuch dieser Überweisung endete, bevor Fabrikam geantwortet hat. Wenn Sie bestätigen, wird er unter derselben Referenz wiederholt und kann so nicht doppelt ausgeführt werden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>When you confirm, your browser opens so that Fabrikam can confirm it&apos;s really you.</source>
        <translation>Wenn Sie bestätigen, öffnet sich Ihr Browser, damit Fabrikam bestätigen kann, dass wirklich Sie es sind.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Sending the transfer…</source>
        <translation>Überweisung wird gesendet …</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Done. %1 went from %2 to %3.</source>
        <translation>Erledigt. %1 wurde von %2 an %3 überwiesen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The bank had already received this transfer; it was made only once.</source>
        <translation>Die Bank hatte diese Überweisung bereits erhalten; sie wurde nur einmal ausgeführt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reference: %1</source>
        <translation>Referenz: %1</translation>
    </message>
</context>
<context>
    <name>Fabrikam::App::TransfersModel</name>
    <message>
        <location filename="../src/app/transfersmodel.cpp" line="+47"/>
        <source>From %1</source>
        <translation>Von %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>To %1</source>
        <translation>An %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Transfer %1 (%2)</source>
        <translation>Überweisung %1 (%2)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transfer</source>
        <translation>Überweisung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Auth</name>
    <message>
        <location filename="../src/auth/authorizationflow.cpp" line="+113"/>
        <source>Sign-in was cancelled.</source>
        <translation>Die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The sign-in service did not confirm who signed in.</source>
        <translation>Der Anmeldedienst hat nicht bestätigt, wer sich angemeldet hat.</translation>
    </message>
    <message>
        <location filename="../src/auth/authsession.cpp" line="+27"/>
        <source>You are not signed in.</source>
        <translation>Sie sind nicht angemeldet.</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Another account answered in the browser, not the one signed in here (%1). Fabrikam used nothing from it. Sign out of the other account on the sign-in page, or use a private browser window, then try again.</source>
        <translation>Im Browser hat ein anderes Konto geantwortet, nicht das hier angemeldete (%1). Fabrikam hat nichts davon verwendet. Melden Sie das andere Konto auf der Anmeldeseite ab oder verwenden Sie ein privates Browserfenster, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>The saved sign-in belongs to another profile.</source>
        <translation>Die gespeicherte Anmeldung gehört zu einem anderen Profil.</translation>
    </message>
    <message>
        <location filename="../src/auth/tokenresponse.cpp" line="+79"/>
        <source>Your session has ended. Please sign in again.</source>
        <translation>Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location filename="../src/auth/authsession.cpp" line="+171"/>
        <source>The sign-in service answered for another person. Please sign in again.</source>
        <translation>Der Anmeldedienst hat für eine andere Person geantwortet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+129"/>
        <source>Fabrikam could not get permission to move money.</source>
        <translation>Fabrikam hat keine Berechtigung erhalten, Geld zu überweisen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fabrikam could not get the permission it needs (%1).</source>
        <translation>Fabrikam konnte die benötigte Berechtigung nicht erhalten (%1).</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>The verification did not include a second factor, so statements stay locked.</source>
        <translation>Die Bestätigung enthielt keinen zweiten Faktor, daher bleiben die Kontoauszüge gesperrt.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>You are signed out on this computer, but the sign-in service could not be told to cancel the sign-in (%1). Fabrikam will try again the next time it starts.</source>
        <translation>Sie sind auf diesem Computer abgemeldet, aber dem Anmeldedienst konnte nicht mitgeteilt werden, die Anmeldung zu widerrufen (%1). Fabrikam versucht es beim nächsten Start erneut.</translation>
    </message>
    <message>
        <location filename="../src/auth/oidcclient.cpp" line="+31"/>
        <source>The sign-in service cannot be reached. Check your connection and try again.</source>
        <translation>Der Anmeldedienst ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>The issuer in the profile must be an https address.</source>
        <translation>Der Issuer im Profil muss eine https-Adresse sein.</translation>
    </message>
    <message>
        <location filename="../src/auth/serviceconfiguration.cpp" line="+25"/>
        <source>The sign-in service is not set up the way Fabrikam expects. Check the issuer in the profile, or contact support.</source>
        <translation>Der Anmeldedienst ist nicht so eingerichtet, wie Fabrikam es erwartet. Prüfen Sie den Issuer im Profil oder wenden Sie sich an den Support.</translation>
    </message>
    <message>
        <location filename="../src/auth/oidcclient.cpp" line="-59"/>
        <location filename="../src/auth/serviceconfiguration.cpp" line="+104"/>
        <source>The sign-in service named an address that is not secure (https). Fabrikam will not use it.</source>
        <translation>Der Anmeldedienst hat eine Adresse genannt, die nicht sicher ist (kein https). Fabrikam verwendet sie nicht.</translation>
    </message>
    <message>
        <location line="-10"/>
        <location filename="../src/auth/tokenresponse.cpp" line="-56"/>
        <source>The sign-in service sent an answer Fabrikam cannot use. Please try again; if it keeps happening, contact support.</source>
        <translation>Der Anmeldedienst hat eine Antwort gesendet, die Fabrikam nicht verwenden kann. Bitte versuchen Sie es erneut; wenn das weiterhin passiert, wenden Sie sich an den Support.</translation>
    </message>
    <message>
        <location filename="../src/auth/tokenresponse.cpp" line="+28"/>
        <source>The sign-in service is not available right now. Please try again in a moment.</source>
        <translation>Der Anmeldedienst ist gerade nicht verfügbar. Bitte versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>The sign-in service refused the request (%1).</source>
        <translation>Der Anmeldedienst hat die Anfrage abgelehnt (%1).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sign-in service refused the request: %1</source>
        <translation>Der Anmeldedienst hat die Anfrage abgelehnt: %1</translation>
    </message>
    <message>
        <location filename="../src/auth/useragent.cpp" line="+51"/>
        <source>The BROWSER setting is empty.</source>
        <translation>Die Einstellung BROWSER ist leer.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Fabrikam could not start a web browser (%1). Open the sign-in link by hand.</source>
        <translation>Fabrikam konnte keinen Webbrowser starten (%1). Öffnen Sie den Anmeldelink bitte selbst.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Auth::CallbackPage</name>
    <message>
        <location filename="../src/auth/loopback/callbackpage.cpp" line="+25"/>
        <source>Signed in</source>
        <translation>Angemeldet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You&apos;re signed in. You can close this tab and return to Fabrikam.</source>
        <translation>Sie sind angemeldet. Sie können diesen Tab schließen und zu Fabrikam zurückkehren.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+7"/>
        <source>Sign-in did not complete</source>
        <translation>Anmeldung nicht abgeschlossen</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Sign-in did not complete: %1. Return to Fabrikam to try again.</source>
        <translation>Die Anmeldung wurde nicht abgeschlossen: %1. Kehren Sie zu Fabrikam zurück, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sign-in did not complete: the response could not be used. Return to Fabrikam to try again.</source>
        <translation>Die Anmeldung wurde nicht abgeschlossen: Die Antwort konnte nicht verwendet werden. Kehren Sie zu Fabrikam zurück, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not the expected sign-in</source>
        <translation>Nicht die erwartete Anmeldung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This sign-in link is not the one Fabrikam is waiting for. If you started signing in, finish in the most recent browser tab, or start again from Fabrikam.</source>
        <translation>Dieser Anmeldelink ist nicht der, auf den Fabrikam wartet. Wenn Sie eine Anmeldung begonnen haben, schließen Sie sie im zuletzt geöffneten Browsertab ab oder beginnen Sie in Fabrikam neu.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>There is nothing here. This address only receives sign-in responses for Fabrikam.</source>
        <translation>Hier gibt es nichts. Diese Adresse empfängt nur Anmeldeantworten für Fabrikam.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not allowed</source>
        <translation>Nicht erlaubt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This address only accepts sign-in responses from your browser&apos;s address bar.</source>
        <translation>Diese Adresse nimmt nur Anmeldeantworten aus der Adressleiste Ihres Browsers an.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+9"/>
        <source>Bad request</source>
        <translation>Ungültige Anfrage</translation>
    </message>
    <message>
        <location line="-8"/>
        <location line="+9"/>
        <source>Fabrikam could not read this request.</source>
        <translation>Fabrikam konnte diese Anfrage nicht lesen.</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Request too large</source>
        <translation>Anfrage zu groß</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This request is too large for Fabrikam&apos;s sign-in receiver.</source>
        <translation>Diese Anfrage ist zu groß für den Anmeldeempfänger von Fabrikam.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Auth::Challenge</name>
    <message>
        <location filename="../src/auth/challenge.cpp" line="+19"/>
        <source>The Fabrikam service asked for authentication in a way the app does not understand. Please try again or contact support.</source>
        <translation>Der Fabrikam-Dienst hat auf eine Weise eine Authentifizierung verlangt, die die App nicht versteht. Bitte versuchen Sie es erneut oder wenden Sie sich an den Support.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Auth::IdToken</name>
    <message>
        <location filename="../src/auth/idtokenvalidator.cpp" line="+25"/>
        <source>The identity provider&apos;s answer failed a security check, so you were not signed in. Please try again.</source>
        <translation>Die Antwort des Identitätsanbieters hat eine Sicherheitsprüfung nicht bestanden, daher wurden Sie nicht angemeldet. Bitte versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sign-in answer has expired or is not valid yet. Please check that your computer&apos;s date and time are correct, then try again.</source>
        <translation>Die Anmeldeantwort ist abgelaufen oder noch nicht gültig. Bitte prüfen Sie, ob Datum und Uhrzeit Ihres Computers stimmen, und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your last sign-in is too long ago for this action. Please sign in again.</source>
        <translation>Ihre letzte Anmeldung liegt für diese Aktion zu lange zurück. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An internal error occurred while checking the sign-in.</source>
        <translation>Beim Prüfen der Anmeldung ist ein interner Fehler aufgetreten.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Auth::Jose</name>
    <message>
        <location filename="../src/auth/jose.cpp" line="+40"/>
        <source>The sign-in token from the identity provider could not be read. Please try signing in again.</source>
        <translation>Das Anmeldetoken des Identitätsanbieters konnte nicht gelesen werden. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The identity provider signed the sign-in token in a way that Fabrikam does not accept. Please contact support.</source>
        <translation>Der Identitätsanbieter hat das Anmeldetoken auf eine Weise signiert, die Fabrikam nicht akzeptiert. Bitte wenden Sie sich an den Support.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sign-in token&apos;s signature could not be verified. Please try signing in again.</source>
        <translation>Die Signatur des Anmeldetokens konnte nicht überprüft werden. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>An internal error occurred while checking the sign-in token.</source>
        <translation>Beim Prüfen des Anmeldetokens ist ein interner Fehler aufgetreten.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Auth::Jwks</name>
    <message>
        <location filename="../src/auth/jwks.cpp" line="+34"/>
        <source>The identity provider&apos;s signing keys could not be used. Please try again later or contact support.</source>
        <translation>Die Signaturschlüssel des Identitätsanbieters konnten nicht verwendet werden. Bitte versuchen Sie es später erneut oder wenden Sie sich an den Support.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The sign-in token was signed with a key the identity provider does not publish. Please try signing in again.</source>
        <translation>Das Anmeldetoken wurde mit einem Schlüssel signiert, den der Identitätsanbieter nicht veröffentlicht. Bitte melden Sie sich erneut an.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Auth::LoopbackReceiver</name>
    <message>
        <location filename="../src/auth/loopback/loopbackreceiver.cpp" line="+87"/>
        <source>Sign-in took too long: no answer came back from the browser. Try again.</source>
        <translation>Die Anmeldung hat zu lange gedauert: Vom Browser kam keine Antwort zurück. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sign-in took too long: the answer to this sign-in did not come back from the browser.</source>
        <translation>Die Anmeldung hat zu lange gedauert: Die Antwort zu dieser Anmeldung kam nicht vom Browser zurück.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>The sign-in receiver is already in use.</source>
        <translation>Der Anmeldeempfänger wird bereits verwendet.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Port %1 on 127.0.0.1 is already in use by another program. Close it or choose another redirect port in the profile.</source>
        <translation>Port %1 auf 127.0.0.1 wird bereits von einem anderen Programm verwendet. Schließen Sie es oder wählen Sie im Profil einen anderen Weiterleitungsport.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fabrikam could not open port %1 on 127.0.0.1 to receive the sign-in response. Choose another redirect port in the profile.</source>
        <translation>Fabrikam konnte Port %1 auf 127.0.0.1 nicht öffnen, um die Anmeldeantwort zu empfangen. Wählen Sie im Profil einen anderen Weiterleitungsport.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The sign-in receiver was used incorrectly.</source>
        <translation>Der Anmeldeempfänger wurde falsch verwendet.</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+3"/>
        <source>Sign-in was cancelled.</source>
        <translation>Die Anmeldung wurde abgebrochen.</translation>
    </message>
    <message>
        <location filename="../src/auth/loopback/callback.cpp" line="+27"/>
        <location filename="../src/auth/loopback/httprequest.cpp" line="+111"/>
        <source>The sign-in response from the browser was malformed. Try again.</source>
        <translation>Die Anmeldeantwort des Browsers war fehlerhaft. Versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location filename="../src/auth/loopback/loopbackreceiver.cpp" line="-168"/>
        <source>An answer arrived that did not belong to this sign-in (its state was missing or did not match) and was ignored. If you did not start another sign-in, someone may be trying to interfere.</source>
        <translation>Es kam eine Antwort an, die nicht zu dieser Anmeldung gehörte (ihr „state“ fehlte oder passte nicht), und sie wurde ignoriert. Falls Sie keine andere Anmeldung begonnen haben, versucht möglicherweise jemand, sich einzumischen.</translation>
    </message>
    <message>
        <location filename="../src/auth/loopback/callback.cpp" line="+85"/>
        <source>The sign-in response came from a different identity provider than the one Fabrikam asked. Sign-in was stopped for your safety.</source>
        <translation>Die Anmeldeantwort kam von einem anderen Identitätsanbieter als dem, den Fabrikam angefragt hat. Die Anmeldung wurde zu Ihrer Sicherheit abgebrochen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The sign-in response did not say which identity provider sent it. Sign-in was stopped for your safety.</source>
        <translation>Die Anmeldeantwort gab nicht an, welcher Identitätsanbieter sie gesendet hat. Die Anmeldung wurde zu Ihrer Sicherheit abgebrochen.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Sign-in did not complete: %1</source>
        <translation>Die Anmeldung wurde nicht abgeschlossen: %1</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Bank::Api</name>
    <message>
        <location filename="../src/bank/fabrikamapiclient.cpp" line="+61"/>
        <source>You are not signed in. Please sign in again.</source>
        <translation>Sie sind nicht angemeldet. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+203"/>
        <source>Choose one of your accounts.</source>
        <translation>Wählen Sie eines Ihrer Konten.</translation>
    </message>
    <message>
        <location filename="../src/bank/apierror.cpp" line="+16"/>
        <source>Fabrikam is temporarily unavailable. Nothing was changed; try again in a moment.</source>
        <translation>Fabrikam ist vorübergehend nicht verfügbar. Es wurde nichts geändert; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fabrikam is temporarily unavailable. Nothing was transferred; try again in a moment.</source>
        <translation>Fabrikam ist vorübergehend nicht verfügbar. Es wurde nichts überwiesen; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fabrikam did not confirm the transfer, so it is not known whether it was made. Check your transfers, or try again: the app repeats it with the same Idempotency-Key, so it cannot happen twice.</source>
        <translation>Fabrikam hat die Überweisung nicht bestätigt, daher ist nicht bekannt, ob sie ausgeführt wurde. Prüfen Sie Ihre Überweisungen oder versuchen Sie es erneut: Die App wiederholt sie mit demselben Idempotency-Key, sie kann also nicht doppelt ausgeführt werden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fabrikam did not answer in time, so it is not known whether the transfer was made. Trying again is safe: the app repeats it with the same Idempotency-Key, so it cannot happen twice.</source>
        <translation>Fabrikam hat nicht rechtzeitig geantwortet, daher ist nicht bekannt, ob die Überweisung ausgeführt wurde. Ein neuer Versuch ist sicher: Die App wiederholt sie mit demselben Idempotency-Key, sie kann also nicht doppelt ausgeführt werden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fabrikam did not answer in time. Nothing was changed; try again in a moment.</source>
        <translation>Fabrikam hat nicht rechtzeitig geantwortet. Es wurde nichts geändert; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fabrikam cannot be reached. Check your internet connection and try again.</source>
        <translation>Fabrikam ist nicht erreichbar. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fabrikam cannot be reached, so nothing was transferred. Check your internet connection and try again.</source>
        <translation>Fabrikam ist nicht erreichbar, daher wurde nichts überwiesen. Prüfen Sie Ihre Internetverbindung und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fabrikam did not accept your sign-in (it expired or was already used). Please confirm again.</source>
        <translation>Fabrikam hat Ihre Anmeldung nicht angenommen (sie ist abgelaufen oder wurde schon verwendet). Bitte bestätigen Sie erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This needs an extra confirmation that it is you.</source>
        <translation>Dafür ist eine zusätzliche Bestätigung nötig, dass Sie es sind.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>For your security, confirm that it is you with your second factor to see this.</source>
        <translation>Bestätigen Sie zu Ihrer Sicherheit mit Ihrem zweiten Faktor, dass Sie es sind, um dies zu sehen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fabrikam refused the request.</source>
        <translation>Fabrikam hat die Anfrage abgelehnt.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fabrikam sent an answer the app cannot read. Please try again later or contact support.</source>
        <translation>Fabrikam hat eine Antwort gesendet, die die App nicht lesen kann. Bitte versuchen Sie es später erneut oder wenden Sie sich an den Support.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fabrikam sent an answer the app cannot read, so it is not known whether the transfer was made. Check your transfers before trying again; a retry uses the same Idempotency-Key.</source>
        <translation>Fabrikam hat eine Antwort gesendet, die die App nicht lesen kann, daher ist nicht bekannt, ob die Überweisung ausgeführt wurde. Prüfen Sie Ihre Überweisungen, bevor Sie es erneut versuchen; ein neuer Versuch verwendet denselben Idempotency-Key.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Bank::Money</name>
    <message>
        <location filename="../src/bank/money.cpp" line="+19"/>
        <source>Enter the amount as digits with at most two decimals, e.g. 12.50.</source>
        <translation>Geben Sie den Betrag als Ziffern mit höchstens zwei Nachkommastellen ein, z. B. 12.50.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This currency is not supported.</source>
        <translation>Diese Währung wird nicht unterstützt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The amount is too large.</source>
        <translation>Der Betrag ist zu hoch.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amounts in different currencies cannot be added.</source>
        <translation>Beträge in verschiedenen Währungen können nicht addiert werden.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Bank::Parsers</name>
    <message>
        <location filename="../src/bank/parsers.cpp" line="+22"/>
        <source>Fabrikam sent an answer the app cannot read. Please try again later or contact support.</source>
        <translation>Fabrikam hat eine Antwort gesendet, die die App nicht lesen kann. Bitte versuchen Sie es später erneut oder wenden Sie sich an den Support.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Bank::Transfer</name>
    <message>
        <location filename="../src/bank/transfer.cpp" line="+68"/>
        <source>Choose an account to send from and to.</source>
        <translation>Wählen Sie das Absender- und das Empfängerkonto.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Choose two different accounts to send from and to.</source>
        <translation>Wählen Sie zwei verschiedene Konten als Absender und Empfänger.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Enter an amount greater than zero.</source>
        <translation>Geben Sie einen Betrag größer als null ein.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The memo must not contain line breaks, tabs or other control characters.</source>
        <translation>Der Verwendungszweck darf keine Zeilenumbrüche, Tabulatoren oder andere Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The memo is longer than 140 characters.</source>
        <translation>Der Verwendungszweck ist länger als 140 Zeichen.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The saved Idempotency-Key of this transfer is unusable.</source>
        <translation>Der gespeicherte Idempotency-Key dieser Überweisung ist unbrauchbar.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Cli</name>
    <message>
        <location filename="../src/cli/cli.cpp" line="+74"/>
        <source>Usage: fabrikam-cli COMMAND [options]

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
  statements --account ID    show an account&apos;s statement (needs a recent MFA: verifies first)
  logout                     revoke the session, forget it, and show the provider&apos;s sign-out link

Options
  --profile NAME             a saved profile (&lt;config&gt;/profiles/NAME.json); default: sandbox
  --issuer URL --client-id ID --audience AUD --resource URI --api-base-url URL
  --base-scopes &quot;S1 S2&quot; --step-up-scope S --mfa-acr URI --sensitive-max-age SECONDS
  --redirect-port PORT       profile keys as flags (0 = a free port for every sign-in)
  --timeout SECONDS          how long to wait for the browser step (default 300)
  --json                     machine-readable output on stdout
  --trace FILE               append a redacted JSON-lines timeline of the flow to FILE
  -h, --help                 this text;  -v, --version

The browser: the program named by BROWSER when set (its one argument is the URL), otherwise the
system&apos;s default browser. The sign-in link is always printed too, to open by hand.

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
  75  transfer: Fabrikam&apos;s answer was lost, so it is not known whether the money moved; run the
      same command again (it reuses the Idempotency-Key, so the money cannot move twice)
</source>
        <translation>Aufruf: fabrikam-cli BEFEHL [Optionen]

Fabrikam Desktop im Terminal: dieselben Abläufe für Anmeldung, Step-up und API wie in der App, für den
Support und für Skripte. Ohne Profiloptionen spricht es mit der lokalen Sandbox (scripts/sandbox start).

Befehle
  login                      Anmeldung über den Browser (Passwort); die Sitzung wird im
                             Schlüsselbund des Systems aufbewahrt (ohne nutzbaren Schlüsselbund:
                             nur für diesen Aufruf)
  whoami                     wer angemeldet ist (Exit-Code 2, wenn niemand angemeldet ist)
  accounts                   die Konten auflisten (Basis-Token, read:accounts)
  transfer --from ID --to ID --amount DEZ [--currency W] [--memo TEXT]
                             Geld überweisen: bestätigt im Browser, dass Sie es sind (MFA-Step-up
                             für transfer:funds); das erweiterte Token wird einmal verwendet und verworfen
  statements --account ID    den Kontoauszug eines Kontos anzeigen (braucht eine aktuelle MFA: bestätigt zuerst)
  logout                     die Sitzung widerrufen, vergessen und den Abmeldelink des Anbieters anzeigen

Optionen
  --profile NAME             ein gespeichertes Profil (&lt;config&gt;/profiles/NAME.json); Standard: sandbox
  --issuer URL --client-id ID --audience AUD --resource URI --api-base-url URL
  --base-scopes &quot;S1 S2&quot; --step-up-scope S --mfa-acr URI --sensitive-max-age SEKUNDEN
  --redirect-port PORT       Profilschlüssel als Optionen (0 = bei jeder Anmeldung ein freier Port)
  --timeout SEKUNDEN         wie lange auf den Browserschritt gewartet wird (Standard 300)
  --json                     maschinenlesbare Ausgabe auf stdout
  --trace DATEI              eine unkenntlich gemachte JSON-Lines-Zeitleiste des Ablaufs an DATEI anhängen
  -h, --help                 dieser Text;  -v, --version

Der Browser: das Programm aus BROWSER, falls gesetzt (sein einziges Argument ist die URL), sonst der
Standardbrowser des Systems. Der Anmeldelink wird immer auch ausgegeben, um ihn selbst zu öffnen.

Exit-Codes
  0   Erfolg
  2   nicht angemeldet (auch wenn der Schlüsselbund nicht gelesen werden kann: keine gespeicherte
      Sitzung verfügbar)
  64  Aufruf: die Befehlszeile oder das Profil
  65  Authentifizierung abgelehnt: verweigert, MFA unmöglich oder fehlgeschlagen, Token-Prüfungen
      fehlgeschlagen, oder „Cancel“ auf der Anmeldeseite gedrückt (der Anbieter antwortet
      access_denied)
  66  die Fabrikam-API hat die Anfrage abgelehnt oder nicht ausgeführt; ihr Grund wird angezeigt
      (z. B. unzureichende Deckung)
  67  Schlüsselbundfehler: logout konnte die gespeicherte Sitzung nicht entfernen (sie ist noch
      da: logout erneut ausführen, sobald der Schlüsselbund funktioniert), oder eine Sitzung
      konnte aus einem anderen Grund als einem nicht verfügbaren oder gesperrten Schlüsselbund
      nicht gespeichert werden (z. B. zu groß). Ein nicht verfügbarer oder gesperrter
      Schlüsselbund allein ist kein Fehler: login behält die Sitzung nur für diesen Aufruf
  68  abgebrochen oder Zeitüberschreitung: der Browserschritt dauerte länger als --timeout, oder
      Strg+C / SIGTERM (ein zweites Signal beendet sofort)
  69  der Anmeldedienst oder die API ist nicht erreichbar oder nicht verfügbar
  70  interner Fehler
  75  Überweisung: die Antwort von Fabrikam ging verloren, daher ist nicht bekannt, ob das Geld
      bewegt wurde; denselben Befehl erneut ausführen (er verwendet denselben Idempotency-Key,
      so kann das Geld nicht doppelt bewegt werden)
</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Name a command (see --help).</source>
        <translation>Geben Sie einen Befehl an (siehe --help).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One command at a time (see --help).</source>
        <translation>Nur ein Befehl auf einmal (siehe --help).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unknown command &quot;%1&quot; (see --help).</source>
        <translation>Unbekannter Befehl „%1“ (siehe --help).</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>--timeout takes a number of seconds from 1 to 3600.</source>
        <translation>--timeout erwartet eine Anzahl Sekunden von 1 bis 3600.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>transfer needs --from, --to and --amount.</source>
        <translation>transfer benötigt --from, --to und --amount.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>statements needs --account.</source>
        <translation>statements benötigt --account.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Cli::Cli</name>
    <message>
        <location line="+18"/>
        <source>Fabrikam needs to confirm it is really you before moving money.</source>
        <translation>Fabrikam muss bestätigen, dass wirklich Sie es sind, bevor Geld überwiesen wird.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Continue in your browser. If no browser window appeared, open this link:</source>
        <translation>Fahren Sie in Ihrem Browser fort. Falls kein Browserfenster erschienen ist, öffnen Sie diesen Link:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Could not start a browser. Open this link to continue:</source>
        <translation>Es konnte kein Browser gestartet werden. Öffnen Sie diesen Link, um fortzufahren:</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The session is kept for this run only.</source>
        <translation>Die Sitzung wird nur für diesen Aufruf behalten.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>fabrikam-cli: %1</source>
        <translation>fabrikam-cli: %1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Cannot write the trace file %1: %2</source>
        <translation>Die Trace-Datei %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Cancelled by %1.</source>
        <translation>Abgebrochen durch %1.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Signed in as %1 (%2).</source>
        <translation>Angemeldet als %1 (%2).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This sign-in will not be remembered after this run.</source>
        <translation>Diese Anmeldung wird nach diesem Aufruf nicht gespeichert.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Not signed in: the keychain cannot be read, so no saved session is available. Run: fabrikam-cli login</source>
        <translation>Nicht angemeldet: Der Schlüsselbund kann nicht gelesen werden, daher ist keine gespeicherte Sitzung verfügbar. Führen Sie aus: fabrikam-cli login</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Not signed in. Run: fabrikam-cli login</source>
        <translation>Nicht angemeldet. Führen Sie aus: fabrikam-cli login</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 &lt;%2&gt;
  subject   %3
  issuer    %4
  signed in %5 (%6)</source>
        <translation>%1 &lt;%2&gt;
  Subjekt     %3
  Issuer      %4
  angemeldet  %5 (%6)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>  scopes    %1
  profile   %2</source>
        <translation>  Scopes      %1
  Profil      %2</translation>
    </message>
    <message>
        <location line="-160"/>
        <source>Fabrikam needs a recent second factor for this. Verify it is you in your browser.</source>
        <translation>Fabrikam benötigt dafür einen kürzlich bestätigten zweiten Faktor. Bestätigen Sie in Ihrem Browser, dass Sie es sind.</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Fabrikam needs one more permission (%1). Confirm it in your browser.</source>
        <translation>Fabrikam benötigt eine weitere Berechtigung (%1). Bestätigen Sie sie in Ihrem Browser.</translation>
    </message>
    <message>
        <location line="+215"/>
        <source>An earlier run of this transfer ended without an answer from Fabrikam. Repeating it with the same Idempotency-Key %1, so it cannot happen twice.</source>
        <translation>Ein früherer Lauf dieser Überweisung endete ohne Antwort von Fabrikam. Sie wird mit demselben Idempotency-Key %1 wiederholt und kann so nicht doppelt ausgeführt werden.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Fabrikam may have made this transfer. To find out, run the same command again: it repeats the transfer with Idempotency-Key %1, so the money cannot move twice.</source>
        <translation>Fabrikam hat diese Überweisung möglicherweise ausgeführt. Um es herauszufinden, führen Sie denselben Befehl noch einmal aus: Er wiederholt die Überweisung mit dem Idempotency-Key %1, so kann das Geld nicht doppelt bewegt werden.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fabrikam may have made this transfer, and the note that lets the same command repeat it (Idempotency-Key %1) could not be saved in %2. Check your balances (fabrikam-cli accounts) before you try again: another run would be a new transfer.</source>
        <translation>Fabrikam hat diese Überweisung möglicherweise ausgeführt, und die Notiz, mit der derselbe Befehl sie wiederholen kann (Idempotency-Key %1), konnte nicht in %2 gespeichert werden. Prüfen Sie Ihre Kontostände (fabrikam-cli accounts), bevor Sie es erneut versuchen: ein weiterer Aufruf wäre eine neue Überweisung.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Fabrikam already had this transfer and made it only once: %1 from %2 to %3 (transfer %4).</source>
        <translation>Fabrikam hatte diese Überweisung bereits und hat sie nur einmal ausgeführt: %1 von %2 an %3 (Überweisung %4).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Transferred %1 from %2 to %3 (transfer %4).</source>
        <translation>%1 von %2 an %3 überwiesen (Überweisung %4).</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1 (%2), balance %3
</source>
        <translation>%1 (%2), Kontostand %3
</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Signed out. The session was revoked and removed from the keychain.</source>
        <translation>Abgemeldet. Die Sitzung wurde widerrufen und aus dem Schlüsselbund entfernt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signed out. The session was removed from the keychain; the sign-in service offers no way to revoke it, so it ends when it expires.</source>
        <translation>Abgemeldet. Die Sitzung wurde aus dem Schlüsselbund entfernt; der Anmeldedienst bietet keine Möglichkeit, sie zu widerrufen, daher endet sie mit ihrem Ablauf.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>To end the provider&apos;s browser session as well, open:
  %1</source>
        <translation>Um auch die Browsersitzung beim Anbieter zu beenden, öffnen Sie:
  %1</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Nobody was signed in.</source>
        <translation>Es war niemand angemeldet.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Client::Profile</name>
    <message>
        <location filename="../src/client/profile.cpp" line="+96"/>
        <source>account_hint must be &quot;id_token_hint&quot; or &quot;login_hint&quot;.</source>
        <translation>account_hint muss &quot;id_token_hint&quot; oder &quot;login_hint&quot; sein.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>sensitive_max_age must be a number of seconds from 0 to 86400.</source>
        <translation>sensitive_max_age muss eine Anzahl Sekunden von 0 bis 86400 sein.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>redirect_port must be a port number (0 picks a free one).</source>
        <translation>redirect_port muss eine Portnummer sein (0 wählt einen freien Port).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unknown profile setting &quot;%1&quot;.</source>
        <translation>Unbekannte Profileinstellung „%1“.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The issuer must be an https address (http only on 127.0.0.1): &quot;%1&quot;.</source>
        <translation>Der Issuer muss eine https-Adresse sein (http nur auf 127.0.0.1): „%1“.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The profile needs a client id.</source>
        <translation>Das Profil benötigt eine Client-ID.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The API address must be https (http only on 127.0.0.1): &quot;%1&quot;.</source>
        <translation>Die API-Adresse muss https verwenden (http nur auf 127.0.0.1): „%1“.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The base scopes must include openid.</source>
        <translation>Die Basis-Scopes müssen openid enthalten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The step-up scope must be set and must not be a base scope.</source>
        <translation>Der Step-up-Scope muss gesetzt sein und darf kein Basis-Scope sein.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&quot;%1&quot; is not a profile name (letters, digits, . _ -).</source>
        <translation>„%1“ ist kein Profilname (Buchstaben, Ziffern, . _ -).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>There is no profile &quot;%1&quot; (looked in %2).</source>
        <translation>Es gibt kein Profil „%1“ (gesucht in %2).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The profile file %1 cannot be read.</source>
        <translation>Die Profildatei %1 kann nicht gelesen werden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The profile file %1 is not a JSON object.</source>
        <translation>Die Profildatei %1 ist kein JSON-Objekt.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Client::TransferCoordinator</name>
    <message>
        <location filename="../src/client/transfercoordinator.cpp" line="+76"/>
        <source>You have no account &quot;%1&quot; to send from.</source>
        <translation>Sie haben kein Konto „%1“, von dem Sie überweisen können.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>You have no account &quot;%1&quot; to send from. Yours are: %2.</source>
        <translation>Sie haben kein Konto „%1“, von dem Sie überweisen können. Ihre Konten: %2.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Enter the amount to transfer.</source>
        <translation>Geben Sie den zu überweisenden Betrag ein.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Vault</name>
    <message>
        <location filename="../src/vault/sessionlock.cpp" line="+39"/>
        <source>Another Fabrikam program (%1) is renewing this sign-in and has not finished after %2 seconds. Try again in a moment; if it keeps happening, close the other program.</source>
        <translation>Ein anderes Fabrikam-Programm (%1) erneuert gerade diese Anmeldung und ist nach %2 Sekunden nicht fertig. Versuchen Sie es gleich noch einmal; wenn das immer wieder geschieht, schließen Sie das andere Programm.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Fabrikam cannot create its lock file in %1. Check that the folder exists and can be written.</source>
        <translation>Fabrikam kann seine Sperrdatei in %1 nicht anlegen. Prüfen Sie, ob der Ordner existiert und beschreibbar ist.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Vault::KeychainStore</name>
    <message>
        <location filename="../src/vault/keychainstore.cpp" line="+69"/>
        <source>The system keychain is not available, so Fabrikam cannot restore your sign-in. Please sign in again.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar, daher kann Fabrikam Ihre Anmeldung nicht wiederherstellen. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The system keychain is not available, so Fabrikam could not forget your saved sign-in. Please sign out again once the keychain is available.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar, daher konnte Fabrikam Ihre gespeicherte Anmeldung nicht löschen. Bitte melden Sie sich erneut ab, sobald der Schlüsselbund verfügbar ist.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The system keychain is not available, so Fabrikam cannot remember your sign-in. You will need to sign in again next time.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar, daher kann sich Fabrikam Ihre Anmeldung nicht merken. Sie müssen sich beim nächsten Mal erneut anmelden.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No saved sign-in was found.</source>
        <translation>Es wurde keine gespeicherte Anmeldung gefunden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fabrikam was not allowed to use the system keychain. Unlock it or allow access, then try again. Until then you will need to sign in each time you start Fabrikam.</source>
        <translation>Fabrikam durfte den Schlüsselbund des Systems nicht verwenden. Entsperren Sie ihn oder erlauben Sie den Zugriff und versuchen Sie es dann erneut. Bis dahin müssen Sie sich bei jedem Start von Fabrikam anmelden.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>The system keychain is locked, so Fabrikam cannot read your saved sign-in. Unlock it (log in to your desktop session again, or unlock it in your keyring manager), then try again.</source>
        <translation>Der Schlüsselbund des Systems ist gesperrt, daher kann Fabrikam Ihre gespeicherte Anmeldung nicht lesen. Entsperren Sie ihn (melden Sie sich erneut an Ihrer Desktop-Sitzung an oder entsperren Sie ihn in Ihrer Schlüsselbundverwaltung) und versuchen Sie es dann erneut.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Vault::MemoryStore</name>
    <message>
        <location filename="../src/vault/memorystore.cpp" line="+43"/>
        <source>No saved sign-in was found.</source>
        <translation>Es wurde keine gespeicherte Anmeldung gefunden.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Vault::SecretStore</name>
    <message>
        <location filename="../src/vault/secretstore.cpp" line="+21"/>
        <source>Fabrikam stopped using the keychain.</source>
        <translation>Fabrikam hat die Verwendung des Schlüsselbunds beendet.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Fabrikam tried to use the keychain with an empty entry name. This is a bug.</source>
        <translation>Fabrikam hat versucht, den Schlüsselbund mit einem leeren Eintragsnamen zu verwenden. Das ist ein Fehler im Programm.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>The system keychain did not answer in time, so Fabrikam cannot use your saved sign-in right now.</source>
        <translation>Der Schlüsselbund des Systems hat nicht rechtzeitig geantwortet, daher kann Fabrikam Ihre gespeicherte Anmeldung gerade nicht verwenden.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Your sign-in is too large for the system keychain, so Fabrikam cannot remember it. You will need to sign in again next time.</source>
        <translation>Ihre Anmeldung ist zu groß für den Schlüsselbund des Systems, daher kann Fabrikam sie sich nicht merken. Sie müssen sich beim nächsten Mal erneut anmelden.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>The system keychain is not available, so Fabrikam cannot remember your sign-in. You will need to sign in again next time.</source>
        <translation>Der Schlüsselbund des Systems ist nicht verfügbar, daher kann sich Fabrikam Ihre Anmeldung nicht merken. Sie müssen sich beim nächsten Mal erneut anmelden.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Vault::SessionRecord</name>
    <message>
        <location filename="../src/vault/sessionrecord.cpp" line="+25"/>
        <source>Your saved sign-in could not be read. Please sign in again.</source>
        <translation>Ihre gespeicherte Anmeldung konnte nicht gelesen werden. Bitte melden Sie sich erneut an.</translation>
    </message>
</context>
<context>
    <name>Fabrikam::Vault::TokenVault</name>
    <message>
        <location filename="../src/vault/tokenvault.cpp" line="+27"/>
        <source>Fabrikam could not save your sign-in because it is incomplete. This is a bug.</source>
        <translation>Fabrikam konnte Ihre Anmeldung nicht speichern, weil sie unvollständig ist. Das ist ein Fehler im Programm.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Fabrikam stopped using the keychain.</source>
        <translation>Fabrikam hat die Verwendung des Schlüsselbunds beendet.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your saved sign-in could not be read. Please sign in again.</source>
        <translation>Ihre gespeicherte Anmeldung konnte nicht gelesen werden. Bitte melden Sie sich erneut an.</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>The system keychain did not answer in time, so Fabrikam cannot use your saved sign-in right now.</source>
        <translation>Der Schlüsselbund des Systems hat nicht rechtzeitig geantwortet, daher kann Fabrikam Ihre gespeicherte Anmeldung gerade nicht verwenden.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Fabrikam refused to save a token that must never be stored. This is a bug.</source>
        <translation>Fabrikam hat sich geweigert, ein Token zu speichern, das niemals gespeichert werden darf. Das ist ein Fehler im Programm.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Your sign-in is too large for the system keychain, so Fabrikam cannot remember it. You will need to sign in again next time.</source>
        <translation>Ihre Anmeldung ist zu groß für den Schlüsselbund des Systems, daher kann Fabrikam sie sich nicht merken. Sie müssen sich beim nächsten Mal erneut anmelden.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.ui" line="+9"/>
        <location line="+47"/>
        <source>Fabrikam Desktop</source>
        <translation>Fabrikam Desktop</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Your sign-in will not be remembered on this computer.</source>
        <translation>Ihre Anmeldung wird auf diesem Computer nicht gespeichert.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Fabrikam logo</source>
        <translation>Fabrikam-Logo</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sign in with your Fabrikam account. Your web browser opens to confirm it&apos;s you, then you come back here.</source>
        <translation>Melden Sie sich mit Ihrem Fabrikam-Konto an. Ihr Webbrowser öffnet sich, um zu bestätigen, dass Sie es sind; danach kehren Sie hierher zurück.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Sign in…</source>
        <translation>&amp;Anmelden …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opens your web browser to sign in to Fabrikam</source>
        <translation>Öffnet Ihren Webbrowser zur Anmeldung bei Fabrikam</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Continue in your browser</source>
        <translation>Fahren Sie in Ihrem Browser fort</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Fabrikam opened your web browser to sign you in. If no browser window appeared, copy the link into a browser or open it again.</source>
        <translation>Fabrikam hat Ihren Webbrowser zur Anmeldung geöffnet. Falls kein Browserfenster erschienen ist, kopieren Sie den Link in einen Browser oder öffnen Sie ihn erneut.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Waiting for the browser</source>
        <translation>Warten auf den Browser</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Copy link</source>
        <translation>Link k&amp;opieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies the sign-in link to the clipboard</source>
        <translation>Kopiert den Anmeldelink in die Zwischenablage</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Open again</source>
        <translation>Erneut ö&amp;ffnen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opens the sign-in page in your browser again</source>
        <translation>Öffnet die Anmeldeseite erneut in Ihrem Browser</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Your accounts</source>
        <translation>Ihre Konten</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+186"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location line="-181"/>
        <location line="+184"/>
        <source>Transfer &amp;money…</source>
        <translation>Geld &amp;überweisen …</translation>
    </message>
    <message>
        <location line="-177"/>
        <source>Accounts</source>
        <translation>Konten</translation>
    </message>
    <message>
        <location line="+23"/>
        <location line="+4"/>
        <source>Recent transfers</source>
        <translation>Letzte Überweisungen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Statements</source>
        <translation>Kontoauszüge</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A&amp;ccount:</source>
        <translation>K&amp;onto:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Statement account</source>
        <translation>Konto für den Kontoauszug</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Show &amp;statement</source>
        <translation>Kontoau&amp;szug anzeigen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Statements are protected. Confirm it&apos;s you with your second factor to view them.</source>
        <translation>Kontoauszüge sind geschützt. Bestätigen Sie mit Ihrem zweiten Faktor, dass Sie es sind, um sie anzuzeigen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Verify to view</source>
        <translation>Zum Anzeigen &amp;bestätigen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirms it&apos;s you in your browser, then shows the statement</source>
        <translation>Bestätigt in Ihrem Browser, dass Sie es sind, und zeigt dann den Kontoauszug</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Statement</source>
        <translation>Kontoauszug</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Account</source>
        <translation>&amp;Konto</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Tools</source>
        <translation>&amp;Extras</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sign &amp;out</source>
        <translation>Ab&amp;melden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Diagnostics</source>
        <translation>&amp;Diagnose</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;About Fabrikam Desktop</source>
        <translation>Ü&amp;ber Fabrikam Desktop</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../ui/settingsdialog.ui" line="+12"/>
        <source>Connection Profile</source>
        <translation>Verbindungsprofil</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Profile:</source>
        <translation>&amp;Profil:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Pick a saved profile, or type a new name to save the fields below under it.</source>
        <translation>Wählen Sie ein gespeichertes Profil oder geben Sie einen neuen Namen ein, um die Felder unten darunter zu speichern.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Identity provider</source>
        <translation>Identitätsanbieter</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Issuer:</source>
        <translation>&amp;Issuer:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>https://login.example.com/</source>
        <translation>https://login.example.com/</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Client ID:</source>
        <translation>&amp;Client-ID:</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Audience:</source>
        <translation>&amp;Audience:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The API identifier (Auth0&apos;s audience parameter). Leave empty if the provider uses a resource indicator.</source>
        <translation>Die Kennung der API (Parameter „audience“ bei Auth0). Leer lassen, wenn der Anbieter einen Resource Indicator verwendet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Resource:</source>
        <translation>&amp;Ressource:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>RFC 8707 resource indicator; optional.</source>
        <translation>Resource Indicator nach RFC 8707; optional.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Redirect p&amp;ort:</source>
        <translation>&amp;Weiterleitungsport:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Port of the loopback redirect http://127.0.0.1:PORT/callback. 0 picks any free port.</source>
        <translation>Port der Loopback-Weiterleitung http://127.0.0.1:PORT/callback. 0 wählt einen beliebigen freien Port.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any free port</source>
        <translation>Beliebiger freier Port</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Fabrikam API and step-up</source>
        <translation>Fabrikam-API und Step-up</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>API a&amp;ddress:</source>
        <translation>API-A&amp;dresse:</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Step-&amp;up scope:</source>
        <translation>Step-&amp;up-Scope:</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>&amp;Fill in Auth0 template</source>
        <translation>Auth0-Vorlage ei&amp;ntragen</translation>
    </message>
    <message>
        <location line="-112"/>
        <source>https://api.fabrikam.example</source>
        <translation>https://api.fabrikam.example</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Base scopes:</source>
        <translation>&amp;Basis-Scopes:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Scopes of the sign-in, separated by spaces; must include openid.</source>
        <translation>Scopes der Anmeldung, durch Leerzeichen getrennt; müssen openid enthalten.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The high-value scope a transfer needs; asked for separately, with MFA.</source>
        <translation>Der besonders geschützte Scope, den eine Überweisung benötigt; wird separat und mit MFA angefordert.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;MFA ACR:</source>
        <translation>&amp;MFA-ACR:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The acr_values the app asks for when it needs multi-factor authentication.</source>
        <translation>Die acr_values, die die App anfordert, wenn sie eine Mehr-Faktor-Authentifizierung benötigt.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>MFA &amp;valid for:</source>
        <translation>MFA &amp;gültig für:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>How long a multi-factor sign-in unlocks statements and account details (max_age).</source>
        <translation>Wie lange eine Anmeldung mit mehreren Faktoren Kontoauszüge und Kontodetails freischaltet (max_age).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> s</source>
        <translation> s</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Auth0 tenant</source>
        <translation>Auth0-Tenant</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Tenant domain:</source>
        <translation>&amp;Tenant-Domain:</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>tenant.eu.auth0.com</source>
        <translation>tenant.eu.auth0.com</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Sets the issuer and a fixed redirect port for your Auth0 tenant; keep your application&apos;s client ID and API audience.</source>
        <translation>Setzt den Issuer und einen festen Weiterleitungsport für Ihren Auth0-Tenant; Client-ID und API-Audience Ihrer Anwendung bleiben erhalten.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>&amp;Save</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>SupportBundle</name>
    <message>
        <location filename="../src/app/supportbundle.cpp" line="+23"/>
        <source>Windows Credential Manager (QtKeychain)</source>
        <translation>Windows-Anmeldeinformationsverwaltung (QtKeychain)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>macOS Keychain (QtKeychain)</source>
        <translation>macOS-Schlüsselbund (QtKeychain)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Secret Service over D-Bus, e.g. GNOME Keyring or KWallet (QtKeychain); no plaintext fallback</source>
        <translation>Secret Service über D-Bus, z. B. GNOME Keyring oder KWallet (QtKeychain); keine Speicherung im Klartext als Ausweichlösung</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Fabrikam Desktop</source>
        <translation>Fabrikam Desktop</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qt (runtime)</source>
        <translation>Qt (Laufzeit)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qt (built with)</source>
        <translation>Qt (erstellt mit)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qt build</source>
        <translation>Qt-Build</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>OpenSSL</source>
        <translation>OpenSSL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Operating system</source>
        <translation>Betriebssystem</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Kernel</source>
        <translation>Kernel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keychain</source>
        <translation>Schlüsselbund</translation>
    </message>
    <message>
        <location line="+87"/>
        <location line="+8"/>
        <source>The support bundle cannot be written to %1: %2</source>
        <translation>Das Support-Paket kann nicht nach %1 geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>TransferDialog</name>
    <message>
        <location filename="../ui/transferdialog.ui" line="+9"/>
        <source>Transfer money</source>
        <translation>Geld überweisen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>From account</source>
        <translation>Absenderkonto</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;To:</source>
        <translation>&amp;An:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>To account</source>
        <translation>Empfängerkonto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One of your accounts, or another account&apos;s id</source>
        <translation>Eines Ihrer Konten oder die Kennung eines anderen Kontos</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Amount:</source>
        <translation>&amp;Betrag:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>0.00</source>
        <translation>0.00</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Memo:</source>
        <translation>Verwendungs&amp;zweck:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Optional</source>
        <translation>Optional</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Memo</source>
        <translation>Verwendungszweck</translation>
    </message>
    <message>
        <location line="+19"/>
        <location line="+98"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="-92"/>
        <source>&amp;Review…</source>
        <translation>&amp;Prüfen …</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Please check the transfer</source>
        <translation>Bitte prüfen Sie die Überweisung</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;Back</source>
        <translation>&amp;Zurück</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Confirm transfer</source>
        <translation>Überweisung &amp;bestätigen</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Fabrikam needs to confirm it&apos;s really you — continue in your browser.</source>
        <translation>Fabrikam muss bestätigen, dass wirklich Sie es sind – fahren Sie in Ihrem Browser fort.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Waiting for the browser</source>
        <translation>Warten auf den Browser</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Copy link</source>
        <translation>Link &amp;kopieren</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Try &amp;again</source>
        <translation>&amp;Erneut versuchen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../src/app/main.cpp" line="+54"/>
        <source>Fabrikam Desktop: banking with sign-in and step-up confirmation through your web browser.</source>
        <translation>Fabrikam Desktop: Banking mit Anmeldung und Step-up-Bestätigung über Ihren Webbrowser.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Use the saved profile NAME (default: the profile saved last in the settings, else sandbox).</source>
        <translation>Das gespeicherte Profil NAME verwenden (Standard: das zuletzt in den Einstellungen gespeicherte Profil, sonst sandbox).</translation>
    </message>
</context>
</TS>
