// The documented /api/v1 endpoints, and how a failed call is told apart.

const TIMEOUT_MS = 15000;

/** The server could not be reached (refused, reset, timed out): the UI says "API unreachable". */
export class Unreachable extends Error {}

/** The server answered with an error: its message ({"error": "..."}) is shown. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function get(path, params = {}, signal) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== '' && value != null) query.set(key, value);
  }
  const text = query.toString();
  const url = `/api/v1/${path}${text ? `?${text}` : ''}`;
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  let response;
  try {
    response = await fetch(url, {
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      headers: { Accept: 'application/json' },
    });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new Unreachable(e.name === 'TimeoutError' ? `no answer within ${TIMEOUT_MS / 1000} s` : e.message);
  }
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw new ApiError(response.status, `${url}: not JSON (HTTP ${response.status})`);
  }
  if (!response.ok) {
    throw new ApiError(response.status, body?.error ?? `HTTP ${response.status}`);
  }
  return body;
}

/** A regex matching exactly {@code text} (for the API's include parameter). */
export function exactly(text) {
  return `^${text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')}$`;
}
