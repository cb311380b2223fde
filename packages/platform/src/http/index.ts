/**
 * A small JSON REST client for GitHub's and GitLab's APIs: the base URL comes from the
 * environment the runner sets (GITHUB_API_URL, CI_API_V4_URL), so tests point it at a loopback
 * server and production code takes the same path. Retries 429 and 5xx with backoff.
 */
export interface RestClientOptions {
  baseUrl: string;
  /** Headers sent with every request (authorization, accept, API version). */
  headers: Record<string, string>;
  /** Attempts for a request answered 429 or 5xx, or not answered at all. */
  attempts?: number;
  /** First backoff in ms, doubled each retry; a Retry-After header wins when shorter than 60 s. */
  backoffMs?: number;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly body: string,
  ) {
    super(`${method} ${path} answered ${status}: ${body.slice(0, 200)}`);
  }
}

export interface RestClient {
  request<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** Follows `Link: rel="next"` (GitHub) and `X-Next-Page` (GitLab) to the end. */
  paginate<T = unknown>(path: string): Promise<T[]>;
}

export function restClient(options: RestClientOptions): RestClient {
  const attempts = options.attempts ?? 4;
  const backoffMs = options.backoffMs ?? 500;
  const base = options.baseUrl.replace(/\/$/, '');

  async function send(method: string, url: string, body: unknown): Promise<Response> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        const response = await fetch(url, {
          method,
          headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (response.status !== 429 && response.status < 500) return response;
        lastError = new HttpError(response.status, method, url.slice(base.length), await response.text());
        if (attempt < attempts) await sleep(retryDelay(response, backoffMs * 2 ** (attempt - 1)));
      } catch (error) {
        lastError = error;
        if (attempt < attempts) await sleep(backoffMs * 2 ** (attempt - 1));
      }
    }
    throw lastError;
  }

  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path.startsWith('http') ? path : base + path, body);
    const text = await response.text();
    if (!response.ok) throw new HttpError(response.status, method, path, text);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async function paginate<T>(path: string): Promise<T[]> {
    const all: T[] = [];
    let url: string | undefined = path.startsWith('http') ? path : base + path;
    for (let page = 0; url && page < 100; page++) {
      const response = await send('GET', url, undefined);
      const text = await response.text();
      if (!response.ok) throw new HttpError(response.status, 'GET', url.slice(base.length), text);
      all.push(...(JSON.parse(text) as T[]));
      url = nextPage(response, url);
    }
    return all;
  }

  return { request, paginate };
}

function nextPage(response: Response, current: string): string | undefined {
  const link = response.headers.get('link');
  const next = link?.split(',').find((part) => /rel="next"/.test(part))?.match(/<([^>]+)>/)?.[1];
  if (next) return next;
  const gitlabNext = response.headers.get('x-next-page');
  if (gitlabNext) {
    const url = new URL(current);
    url.searchParams.set('page', gitlabNext);
    return url.toString();
  }
  return undefined;
}

function retryDelay(response: Response, fallback: number): number {
  const header = Number(response.headers.get('retry-after'));
  return Number.isFinite(header) && header > 0 && header < 60 ? header * 1000 : fallback;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** GitHub's REST API as the runner describes it: GITHUB_API_URL (GHES too) and a token. */
export function githubRest(token: string, baseUrl = process.env.GITHUB_API_URL ?? 'https://api.github.com', extra: Partial<RestClientOptions> = {}): RestClient {
  return restClient({
    baseUrl,
    headers: { authorization: `Bearer ${token}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'agentship' },
    ...extra,
  });
}

/** GitLab's REST API v4 as a job describes it: CI_API_V4_URL and a token (project access token or job token). */
export function gitlabRest(token: string, baseUrl = process.env.CI_API_V4_URL ?? 'https://gitlab.com/api/v4', extra: Partial<RestClientOptions> & { jobToken?: boolean } = {}): RestClient {
  return restClient({
    baseUrl,
    headers: extra.jobToken ? { 'job-token': token } : { 'private-token': token },
    ...extra,
  });
}
