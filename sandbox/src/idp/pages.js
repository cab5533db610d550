// The provider's own pages: plain HTML5, no JavaScript, no outside resources (the package's default
// pages import Google Fonts). Every value that comes from a request is escaped.

export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f6f8;color:#1b1f24;line-height:1.5}
header{background:#123a63;color:#fff;padding:.75rem 1.5rem}
header h1{margin:0;font-size:1.4rem;letter-spacing:.02em}
main{max-width:26rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:6px;box-shadow:0 1px 3px rgba(0,0,0,.2)}
h2{margin-top:0;font-size:1.25rem}
label{display:block;font-weight:600;margin-top:1rem}
input{font-size:1rem;padding:.5rem;width:100%;box-sizing:border-box;border:1px solid #6b7785;border-radius:4px}
input:focus,button:focus{outline:3px solid #f0a500;outline-offset:2px}
button{font-size:1rem;padding:.55rem 1.2rem;margin-top:1.25rem;border-radius:4px;border:1px solid #123a63;background:#123a63;color:#fff;cursor:pointer}
button.secondary{background:#fff;color:#123a63}
.actions{display:flex;gap:.75rem;align-items:flex-end}
[role=alert]{background:#fdecea;border-left:4px solid #b3261e;padding:.5rem .75rem;color:#5f1410}
code{font-size:1.05rem;word-break:break-all;background:#eef1f4;padding:.15rem .3rem}
.qr img{display:block;width:200px;height:200px;margin:.5rem 0;image-rendering:pixelated}
`;

export const CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

export function layout({ title, page, body }) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${esc(title)} – Fabrikam</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>Fabrikam</h1></header>
<main data-page="${esc(page)}">
<h2>${esc(title)}</h2>
${body}
</main>
</body>
</html>
`;
}

function alert(error) {
  return error ? `<p role="alert" id="form-error">${esc(error)}</p>\n` : '';
}

function cancelForm(uid) {
  return `<form id="cancel" method="post" action="/interaction/${esc(uid)}/abort">
<button type="submit" class="secondary" name="cancel" value="1">Cancel</button>
</form>`;
}

export function loginPage({ uid, username = '', error, clientName }) {
  return layout({
    title: 'Sign in',
    page: 'login',
    body: `<p>Sign in to continue to ${esc(clientName || 'Fabrikam')}.</p>
${alert(error)}<form id="login" method="post" action="/interaction/${esc(uid)}/login">
<label for="username">Username</label>
<input id="username" name="username" type="text" autocomplete="username" autocapitalize="none" spellcheck="false" required value="${esc(username)}"${username ? '' : ' autofocus'}${error ? ' aria-describedby="form-error"' : ''}>
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required${username ? ' autofocus' : ''}>
<button type="submit">Sign in</button>
</form>
${cancelForm(uid)}`,
  });
}

const REASON_TEXT = {
  scope: 'Moving money needs a second factor.',
  acr_values: 'This part of Fabrikam needs a second factor.',
  claims_acr: 'This part of Fabrikam needs a second factor.',
  max_age: 'Your last sign-in is too old for this action; please confirm it is you.',
};

function reasonText(reasons = []) {
  const text = [...new Set(reasons.map((r) => REASON_TEXT[r]).filter(Boolean))][0];
  return text ? `<p>${esc(text)}</p>\n` : '';
}

function otpField() {
  return `<label for="otp">6-digit code</label>
<input id="otp" name="otp" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxlength="6" required autofocus aria-describedby="otp-help">
<p id="otp-help">Open your authenticator app and enter the code shown for Fabrikam.</p>`;
}

export function mfaPage({ uid, username, error, reasons }) {
  return layout({
    title: 'Verify it is you',
    page: 'mfa',
    body: `${reasonText(reasons)}<p>Signed in as <strong>${esc(username)}</strong>.</p>
${alert(error)}<form id="mfa" method="post" action="/interaction/${esc(uid)}/mfa">
${otpField()}
<button type="submit">Verify</button>
</form>
${cancelForm(uid)}`,
  });
}

/**
 * Why the enrollment page shows, and what the person may expect after it. reasons: the step-up's
 * (policy.js; empty at sign-in); transferWait: "24 hours" (a new factor confirms transfers only
 * after that long) or null (at once).
 */
function enrollIntro(reasons = [], transferWait = null) {
  const waitNote = transferWait
    ? `For your security, a new second factor can confirm transfers only ${transferWait} after you set it up.`
    : '';
  if (reasons.includes('scope')) {
    return [
      'Moving money needs a second factor, and you have not set one up yet.',
      transferWait ? `${waitNote} This transfer will not go through now.` : 'Set one up now, then confirm the transfer with a code from it.',
    ];
  }
  if (reasons.length) {
    return ['This part of Fabrikam needs a second factor, and you have not set one up yet.', 'Set one up now, then confirm with a code from it.'];
  }
  return ['Protect your account: with two-step verification, moving money needs a code from your phone as well as your password.', waitNote];
}

export function enrollPage({ uid, username, secret, qrDataUrl, error, reasons = [], transferWait = null }) {
  const intro = enrollIntro(reasons, transferWait).filter(Boolean).map((t) => `<p>${esc(t)}</p>\n`).join('');
  // "Not now" only at sign-in: a step-up cannot go on without a factor (Cancel ends it).
  const later = reasons.length ? '' : `<form id="skip" method="post" action="/interaction/${esc(uid)}/skip">
<button type="submit" class="secondary" name="skip" value="1">Not now</button>
</form>
`;
  return layout({
    title: 'Set up two-step verification',
    page: 'enroll',
    body: `${intro}<p>Signed in as <strong>${esc(username)}</strong>. Add Fabrikam to your authenticator app, then enter the code it shows.</p>
<ol>
<li>Scan this QR code with your authenticator app:
<div class="qr"><img src="${esc(qrDataUrl)}" alt="QR code that adds Fabrikam (${esc(username)}) to an authenticator app"></div></li>
<li>Or type this key into the app: <code id="totp-secret">${esc(secret)}</code><br>(time-based, SHA-1, 6 digits, 30 seconds)</li>
</ol>
${alert(error)}<form id="enroll" method="post" action="/interaction/${esc(uid)}/enroll">
${otpField()}
<button type="submit">Finish setup</button>
</form>
<div class="actions">
${later}${cancelForm(uid)}
</div>`,
  });
}

export function messagePage({ title, message, page = 'message', alertRole = false }) {
  return layout({
    title,
    page,
    body: alertRole ? `<p role="alert">${esc(message)}</p>` : `<p>${esc(message)}</p>`,
  });
}

export function logoutPage({ action, xsrf, clientName }) {
  const hidden = `<input type="hidden" name="xsrf" value="${esc(xsrf)}">`;
  return layout({
    title: 'Sign out',
    page: 'logout',
    body: `<p>Do you want to sign out of Fabrikam${clientName ? ` (${esc(clientName)})` : ''}?</p>
<div class="actions">
<form id="logout" method="post" action="${esc(action)}">${hidden}<input type="hidden" name="logout" value="yes">
<button type="submit">Sign out</button>
</form>
<form id="stay" method="post" action="${esc(action)}">${hidden}
<button type="submit" class="secondary">Stay signed in</button>
</form>
</div>`,
  });
}

export function errorPage({ error, description }) {
  return layout({
    title: 'Something went wrong',
    page: 'error',
    body: `<p role="alert">${esc(description || 'The request could not be completed.')}</p>
<p>Error code: <code>${esc(error || 'server_error')}</code></p>
<p>Close this window and try again from the Fabrikam app.</p>`,
  });
}
