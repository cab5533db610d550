#!/usr/bin/env node
// fabrikam-totp: the code a demo user's authenticator app would show now — for people trying the
// demo and for support staff. It reads alice's secret from the seed and an enrolled user's (bob after
// enrollment) from the sandbox's data folder, and skips codes the provider has already accepted
// (each code is accepted once, RFC 6238 §5.2).
//   fabrikam-totp USER [--data DIR] [--json]      fabrikam-totp --secret BASE32
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { SANDBOX_ROOT } from '../src/defaults.js';
import { NoCodeError, nextCode, userFactor } from '../src/idp/codes.js';

function fail(message, code = 1) {
  process.stderr.write(`fabrikam-totp: ${message}\n`);
  process.exit(code);
}

let values;
let positionals;
try {
  ({ values, positionals } = parseArgs({
    allowPositionals: true,
    options: { data: { type: 'string' }, secret: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (e) {
  fail(e.message, 64);
}
if (values.help || (positionals.length !== 1 && !values.secret)) {
  process.stdout.write('Usage: fabrikam-totp USER [--data DIR] [--json]\n       fabrikam-totp --secret BASE32\n');
  process.exit(values.help ? 0 : 64);
}

const dataDir = resolve(values.data ?? process.env.FABRIKAM_SANDBOX_DATA ?? join(SANDBOX_ROOT, 'data'));
try {
  const factor = values.secret ? { secret: values.secret } : await userFactor(positionals[0], dataDir);
  const { code, step, validForSeconds } = await nextCode(factor);
  if (values.json) console.log(JSON.stringify({ code, step, validForSeconds }));
  else console.log(`${code}   (accepted for about ${validForSeconds} s)`);
} catch (e) {
  if (e instanceof NoCodeError) fail(e.message, e.exitCode);
  throw e;
}
