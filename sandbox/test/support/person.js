// A scripted person playing the browser against the sandbox's OpenID Provider, with plain fetch.
//
//   import { Person } from './support/person.js';
//   const alice = new Person('alice');
//   let r = await alice.authorize(authorizationUrl);   // GET, follow redirects to a page or the callback
//   r.kind                  // 'login' | 'mfa' | 'enroll' | 'logout' | 'signed-out' | 'error' | 'other' | 'callback'
//   r = await alice.submit({ username: 'alice', password: '…' });   // fill the page's form and POST
//   r = await alice.submit({ otp: '123456' });
//   r = await alice.cancel();                          // press "Cancel" (form id="cancel")
//   alice.callback          // { url, params: { code, state, iss, error, error_description, … } } or null
//
// The last page is `person.page`:
//   { kind, status, url, html, text, error, forms: [{ id, action, method, fields: { name: value } }] }
//   - kind: from <main data-page="…">, else guessed from field names (password → login, otp → mfa)
//   - error: the text of the first role="alert" element (null if none)
//   - page.find(id): the text content of the element with that id (e.g. 'totp-secret')
// Every navigation returns { kind, page, callback } (callback only when kind === 'callback').
//
// Behaviour:
//   - one cookie jar per Person (host + path scoped; Max-Age/Expires honoured; no Secure/SameSite logic)
//   - redirects are followed by hand; a relative Location is resolved against the current URL
//   - navigation stops at a redirect to a loopback (127.0.0.1, [::1], localhost) URL whose path is
//     /callback, without requesting it (nothing needs to listen there); its query becomes `callback`
//   - submit(fields, { form }) picks the form with that id (or that parsed form object), else the
//     first form that has every given field name (else the first non-Cancel form); starts from the
//     form's own inputs (hidden ones included), overrides them by name, and posts
//     application/x-www-form-urlencoded to the action resolved against the page URL
//   - person.navigate(url, { method, body, headers }) is the raw step; person.clearCookies() forgets
//     the session (a new browser profile); person.cookieHeader(url) shows what would be sent
//   - the pages' kinds: login, mfa, enroll (sandbox IdP), logout, signed-out, error, other
//   - `person.trail` lists every URL requested (for failure messages), `person.requests` counts them
// Nothing here prints tokens or codes.

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
const MAX_REDIRECTS = 25;

function decodeEntities(s) {
  return String(s)
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&');
}

function attrs(tag) {
  const out = {};
  const re = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  const inner = tag.replace(/^<\s*[a-zA-Z0-9]+/, '').replace(/\/?>$/, '');
  let m;
  while ((m = re.exec(inner))) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '');
  }
  return out;
}

function stripTags(html) {
  return decodeEntities(String(html).replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ').trim();
}

/** Parses <form> elements: id, action, method and the inputs/selects/textareas by name. */
export function parseForms(html) {
  const forms = [];
  const formRe = /<form\b[^>]*>([\s\S]*?)<\/form>/gi;
  let m;
  while ((m = formRe.exec(html))) {
    const a = attrs(m[0].slice(0, m[0].indexOf('>') + 1));
    const body = m[1];
    const fields = {};
    const fieldNames = [];
    for (const [tag] of body.matchAll(/<input\b[^>]*>/gi)) {
      const ia = attrs(tag);
      if (!ia.name) continue;
      const type = (ia.type ?? 'text').toLowerCase();
      if (['submit', 'button', 'image', 'reset'].includes(type)) continue;
      if (['checkbox', 'radio'].includes(type) && !('checked' in ia)) {
        fieldNames.push(ia.name);
        continue;
      }
      fields[ia.name] = ia.value ?? '';
      fieldNames.push(ia.name);
    }
    for (const [, tag, text] of body.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/gi)) {
      const ta = attrs(tag);
      if (ta.name) { fields[ta.name] = decodeEntities(text); fieldNames.push(ta.name); }
    }
    const buttons = [...body.matchAll(/(<button\b[^>]*>)([\s\S]*?)<\/button>/gi)].map(([, tag, text]) => ({ ...attrs(tag), text: stripTags(text) }));
    forms.push({
      id: a.id ?? null,
      action: a.action ?? '',
      method: (a.method ?? 'get').toLowerCase(),
      fields,
      fieldNames,
      buttons,
    });
  }
  return forms;
}

function pageKind(html, forms) {
  const declared = /<main\b[^>]*\bdata-page="([^"]+)"/i.exec(html)?.[1];
  if (declared) return declared;
  const names = new Set(forms.flatMap((f) => f.fieldNames));
  if (names.has('password')) return 'login';
  if (names.has('otp')) return 'mfa';
  return 'other';
}

export function isLoopbackCallback(url) {
  return LOOPBACK_HOSTS.has(url.hostname) && url.pathname === '/callback';
}

export class Person {
  constructor(name = 'person', { fetch: fetchImpl = globalThis.fetch } = {}) {
    this.name = name;
    this.fetch = fetchImpl;
    this.jar = new Map(); // host -> Map(name -> { value, path, expires })
    this.page = null;
    this.callback = null;
    this.trail = [];
    this.requests = 0;
  }

  // ---- cookies -------------------------------------------------------------------------------

  #store(url, setCookies) {
    for (const line of setCookies) {
      const [pair, ...attrParts] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq < 1) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let path = '/';
      let expires = Infinity;
      for (const part of attrParts) {
        const [k, ...rest] = part.split('=');
        const key = k.trim().toLowerCase();
        const v = rest.join('=').trim();
        if (key === 'path' && v.startsWith('/')) path = v;
        if (key === 'max-age') expires = Date.now() + Number(v) * 1000;
        if (key === 'expires' && expires === Infinity) {
          const t = Date.parse(v);
          if (!Number.isNaN(t)) expires = t;
        }
      }
      const host = url.host;
      if (!this.jar.has(host)) this.jar.set(host, new Map());
      const key = `${path}\n${name}`;
      if (expires <= Date.now()) this.jar.get(host).delete(key);
      else this.jar.get(host).set(key, { name, value, path, expires });
    }
  }

  cookieHeader(url) {
    const cookies = this.jar.get(url.host);
    if (!cookies) return '';
    const now = Date.now();
    const out = [];
    for (const [key, c] of cookies) {
      if (c.expires <= now) { cookies.delete(key); continue; }
      const p = c.path.endsWith('/') ? c.path : `${c.path}/`;
      if (url.pathname === c.path || url.pathname.startsWith(p) || c.path === '/') out.push(`${c.name}=${c.value}`);
    }
    return out.join('; ');
  }

  /** The cookie jar as plain JSON (a browser profile on disk; Infinity = session cookie). */
  exportCookies() {
    return [...this.jar].map(([host, cookies]) => [host, [...cookies.values()].map((c) => ({ ...c, expires: c.expires === Infinity ? null : c.expires }))]);
  }

  /** Restores a jar made by exportCookies (the same browser profile, a later process). */
  importCookies(data) {
    this.jar = new Map((data ?? []).map(([host, cookies]) => [host, new Map(cookies.map((c) => [`${c.path}\n${c.name}`, { ...c, expires: c.expires ?? Infinity }]))]));
  }

  /** Forgets every cookie (a new browser profile). */
  clearCookies() {
    this.jar.clear();
  }

  // ---- navigation ----------------------------------------------------------------------------

  async #request(url, { method = 'GET', body, headers = {} } = {}) {
    const cookie = this.cookieHeader(url);
    this.trail.push(`${method} ${url.href.replace(/([?&](?:code|code_verifier|id_token_hint|refresh_token)=)[^&]*/g, '$1…')}`);
    this.requests += 1;
    const res = await this.fetch(url, {
      method,
      body,
      redirect: 'manual',
      headers: { accept: 'text/html,application/xhtml+xml', ...(cookie ? { cookie } : {}), ...headers },
    });
    this.#store(url, res.headers.getSetCookie?.() ?? []);
    return res;
  }

  /** Requests `url` and follows redirects until a page or a loopback callback. */
  async navigate(url, init = {}) {
    let current = new URL(url);
    let { method = 'GET', body, headers } = init;
    this.callback = null;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
      if (isLoopbackCallback(current) && hop > 0) {
        this.callback = { url: current.href, params: Object.fromEntries(current.searchParams) };
        this.page = null;
        return { kind: 'callback', callback: this.callback, page: null };
      }
      const res = await this.#request(current, { method, body, headers });
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.arrayBuffer();
        current = new URL(location, current); // relative Location: resolve against the current URL
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method !== 'GET')) {
          method = 'GET';
          body = undefined;
          headers = undefined;
        }
        continue;
      }
      const html = await res.text();
      const forms = parseForms(html);
      const alertHtml = /<([a-z0-9]+)\b[^>]*role="alert"[^>]*>([\s\S]*?)<\/\1>/i.exec(html)?.[2];
      this.page = {
        kind: pageKind(html, forms),
        status: res.status,
        url: current.href,
        contentType: res.headers.get('content-type') ?? '',
        html,
        text: stripTags(html.replace(/<(style|script)\b[\s\S]*?<\/\1>/gi, '')),
        error: alertHtml === undefined ? null : stripTags(alertHtml),
        forms,
        find(id) {
          const m = new RegExp(`<([a-z0-9]+)\\b[^>]*\\bid="${id.replace(/[^\w-]/g, '')}"[^>]*>([\\s\\S]*?)</\\1>`, 'i').exec(html);
          return m ? stripTags(m[2]) : null;
        },
      };
      return { kind: this.page.kind, page: this.page, callback: null };
    }
    throw new Error(`${this.name}: too many redirects:\n${this.trail.slice(-MAX_REDIRECTS).join('\n')}`);
  }

  /** Opens an authorization (or any) URL in "the browser". */
  authorize(url) {
    return this.navigate(url);
  }

  /** Fills the current page's form by field name and submits it. */
  async submit(fields = {}, { form: formOrId } = {}) {
    if (!this.page) throw new Error(`${this.name}: no page to submit (callback: ${JSON.stringify(this.callback?.params ?? null)})`);
    const names = Object.keys(fields);
    const { forms } = this.page;
    const formId = typeof formOrId === 'string' ? formOrId : undefined;
    const form = (formOrId && typeof formOrId === 'object' ? formOrId : null)
      ?? (formId && forms.find((f) => f.id === formId))
      ?? (!formId && forms.find((f) => names.length && names.every((n) => f.fieldNames.includes(n))))
      ?? (!formId && forms.find((f) => f.id !== 'cancel'))
      ?? null;
    if (!form) throw new Error(`${this.name}: no form${formId ? ` "${formId}"` : ''} on the ${this.page.kind} page ${this.page.url}`);
    const values = { ...form.fields, ...fields };
    const action = new URL(form.action || this.page.url, this.page.url);
    if (form.method === 'get') {
      for (const [k, v] of Object.entries(values)) action.searchParams.set(k, v);
      return this.navigate(action);
    }
    return this.navigate(action, {
      method: 'POST',
      body: new URLSearchParams(values).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  }

  /** Presses the page's Cancel button. */
  cancel() {
    const form = this.page?.forms.find((f) => f.id === 'cancel' || f.buttons.some((b) => /^cancel$/i.test(b.text)));
    if (!form) throw new Error(`${this.name}: no Cancel button on the ${this.page?.kind} page`);
    return this.submit({}, { form });
  }
}

export default Person;
