// The admin API, as the console calls it: every call carries the token as a bearer header.
const KEY = 'taxbridge.admin-token';

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const token = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

let onUnauthorized = () => {};

/** Called when the API stops accepting the stored token (401). */
export function whenUnauthorized(handler) {
  onUnauthorized = handler;
}

/**
 * Calls the admin API. Resolves to the parsed JSON (null for 204), rejects with an ApiError carrying
 * the HTTP status and the API's own message.
 */
export async function call(method, path, body, bearer = token.get()) {
  const headers = { Accept: 'application/json' };
  if (bearer) {
    headers.Authorization = `Bearer ${bearer}`;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    });
  } catch (unreachable) {
    throw new ApiError(0, 'The bridge did not answer.');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (notJson) {
      json = null;
    }
  }
  if (!response.ok) {
    const message = json && json.message ? json.message : `${response.status} ${response.statusText}`;
    const error = new ApiError(response.status, message);
    if (response.status === 401 && bearer === token.get()) {
      onUnauthorized(error);
    }
    throw error;
  }
  return json;
}

export const get = (path) => call('GET', path);
export const post = (path, body) => call('POST', path, body);
export const del = (path) => call('DELETE', path);

export const enc = encodeURIComponent;
