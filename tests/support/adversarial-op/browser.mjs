#!/usr/bin/env node
// The "browser" for the adversarial OpenID Provider: the app runs BROWSER with the authorization
// URL as its one argument (DESIGN.md section 4). The provider asks for no login, so this only
// follows redirects, like a browser would, until a page is shown - normally the app's loopback
// callback page. Node built-ins only; it never leaves 127.0.0.1.
//
// Environment: ADVERSARIAL_BROWSER_LOG  append one JSON line per run:
//   {"url": <host and path only>, "hops": [{"status", "host", "path"}], "page": {status, text}}
// Never logs query strings (they carry codes and states). Exit 0 when a page was reached.
import http from 'node:http';
import { appendFileSync } from 'node:fs';

const MAX_HOPS = 6;
const TIMEOUT_MS = 20_000;

function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/html' } }, (res) => {
      const chunks = [];
      let size = 0;
      res.on('data', (c) => {
        size += c.length;
        if (size <= 64 * 1024) chunks.push(c);
      });
      res.on('end', () => resolve({
        status: res.statusCode, location: res.headers.location, body: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', reject);
    });
    req.setTimeout(TIMEOUT_MS, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

const text = (html) => html.replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' ')
  .replace(/\s+/g, ' ').trim().slice(0, 300);

async function main() {
  let url = new URL(process.argv[2] ?? '');
  const run = { url: `${url.host}${url.pathname}`, hops: [], page: null };
  try {
    for (let hop = 0; hop <= MAX_HOPS; hop++) {
      if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1') {
        run.page = { status: 0, text: `refused to leave loopback for ${url.protocol}//${url.host}` };
        break;
      }
      const r = await get(url);
      run.hops.push({ status: r.status, host: url.host, path: url.pathname });
      if (r.status >= 300 && r.status < 400 && r.location) {
        url = new URL(r.location, url);
        continue;
      }
      run.page = { status: r.status, text: text(r.body) };
      break;
    }
  } catch (e) {
    run.page = { status: 0, text: String(e?.message ?? e) };
  }
  if (process.env.ADVERSARIAL_BROWSER_LOG) {
    appendFileSync(process.env.ADVERSARIAL_BROWSER_LOG, JSON.stringify(run) + '\n');
  }
  return run.page?.status > 0;
}

main().then((ok) => process.exit(ok ? 0 : 1), () => process.exit(1));
