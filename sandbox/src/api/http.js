// Small node:http helpers: JSON and problem responses, bounded body reading.
export const MAX_BODY_BYTES = 16 * 1024;

export class HttpError extends Error {
  constructor(problem, headers = {}) {
    super(problem.detail);
    this.problem = problem;
    this.headers = headers;
  }
}

export function send(res, status, body, { contentType = 'application/json', headers = {} } = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': `${contentType}; charset=utf-8`,
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export function sendProblem(res, problem, headers = {}) {
  send(res, problem.status, problem, { contentType: 'application/problem+json', headers });
}

/**
 * Reads the whole body up to `limit` bytes. Resolves { tooLarge: true } as soon as the limit is
 * passed (by Content-Length or by counting) without buffering the rest.
 */
export function readBody(req, limit = MAX_BODY_BYTES) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ tooLarge: true });
      return;
    }
    const chunks = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        resolve({ tooLarge: true });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve({ buffer: Buffer.concat(chunks) });
    });
    req.on('error', (e) => {
      if (done) return;
      done = true;
      reject(e);
    });
  });
}
