// RFC 9457 problem details. `code` is a stable machine-readable extension member the desktop client
// maps to its own sentences; `detail` is a clear English explanation for logs and support staff.
export const PROBLEM_BASE = 'https://api.fabrikam.example/problems/';

const TITLES = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function problem(status, code, detail, extra = {}) {
  return {
    type: PROBLEM_BASE + code.replaceAll('_', '-'),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...extra,
  };
}
