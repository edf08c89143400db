import { TEST_ADMIN_TOKEN } from './test-security';

/** What a drill needs to know about one answer of an app. */
export type Reply = Readonly<{
  status: number;
  contentType: string;
  retryAfter: string | null;
  /** The parsed JSON body, or null when the body is not JSON. */
  body: unknown;
  text: string;
}>;

export type RequestOptions = Readonly<{
  /** Sent as JSON (Content-Type: application/json) unless `raw` is given. */
  json?: unknown;
  /** Sent as is, with `contentType` (hostile bodies: invalid UTF-8, wrong types). */
  raw?: string | Uint8Array;
  contentType?: string;
  headers?: Readonly<Record<string, string>>;
}>;

export type AppClient = Readonly<{
  url: string;
  request: (method: string, path: string, options?: RequestOptions) => Promise<Reply>;
  post: (path: string, json: unknown, headers?: Readonly<Record<string, string>>) => Promise<Reply>;
  get: (path: string) => Promise<Reply>;
}>;

/**
 * Every request a drill (or the benchmark) sends to an app goes through the client of that app, made
 * here (Node's fetch keeps connections alive), with a bearer token (the test admin's unless another
 * is given): headers every request needs are set in this one place.
 */
export function appClient(url: string, token = TEST_ADMIN_TOKEN): AppClient {
  const request = async (method: string, path: string, options: RequestOptions = {}): Promise<Reply> => {
    const body = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
    const contentType = options.contentType ?? (options.json === undefined ? undefined : 'application/json');
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(contentType ? { 'Content-Type': contentType } : {}), ...options.headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      // Not JSON: the drills check the content type and the status.
    }
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      retryAfter: response.headers.get('retry-after'),
      body: parsed,
      text,
    };
  };
  return {
    url,
    request,
    post: (path, json, headers) => request('POST', path, { json, ...(headers ? { headers } : {}) }),
    get: (path) => request('GET', path),
  };
}
