// Defaults shared by the sandbox's command line and its composition; importing this file is cheap
// (it does not load the provider).
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const SANDBOX_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_PORTS = Object.freeze({ idp: 8700, api: 8701, admin: 8702 });
export const API_AUDIENCE = 'https://api.fabrikam.example';
export const HOST = '127.0.0.1';
