import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A small HTTP server on 127.0.0.1 (port 0) for tests that talk to a REST API: routes with
 * `:params`, a log of every request, and injected failures (429, 5xx) to exercise retries.
 * fake-github.ts and fake-gitlab.ts build on it; add routes with `route()` for other endpoints.
 */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: unknown;
  params: Record<string, string>;
}

export interface FakeResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
}

interface Fault {
  remaining: number;
  status: number;
  headers?: Record<string, string>;
  when: (request: FakeRequest) => boolean;
}

export class FakeServer {
  readonly requests: FakeRequest[] = [];
  private readonly routes: Route[] = [];
  private readonly faults: Fault[] = [];
  private server?: Server;
  url = '';

  /** `path` may hold `:name` segments; the first route that matches method and path answers. */
  route(method: string, path: string, handler: Handler): this {
    const keys: string[] = [];
    const pattern = new RegExp('^' + path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, key: string) => (keys.push(key), '([^/]+)')) + '$');
    this.routes.push({ method: method.toUpperCase(), pattern, keys, handler });
    return this;
  }

  /** The next `count` requests matching `when` are answered `status` (then the routes answer again). */
  failNext(count: number, status: number, when: (request: FakeRequest) => boolean = () => true, headers?: Record<string, string>): this {
    this.faults.push({ remaining: count, status, when, headers });
    return this;
  }

  /** Requests that reached a route or a fault, as `METHOD /path`. */
  calls(method?: string): string[] {
    return this.requests.filter((r) => !method || r.method === method).map((r) => `${r.method} ${r.path}`);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = text;
        }
        const request: FakeRequest = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: req.headers, body, params: {} };
        this.requests.push(request);
        const answer = await this.answer(request, url.pathname);
        res.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private async answer(request: FakeRequest, rawPath: string): Promise<FakeResponse> {
    const fault = this.faults.find((f) => f.remaining > 0 && f.when(request));
    if (fault) {
      fault.remaining--;
      return { status: fault.status, body: { message: `injected ${fault.status}` }, headers: fault.headers };
    }
    for (const route of this.routes) {
      if (route.method !== request.method) continue;
      // Match on the raw path so that an encoded `/` (GitLab's project paths) stays one segment.
      const match = route.pattern.exec(rawPath);
      if (!match) continue;
      request.params = Object.fromEntries(route.keys.map((k, i) => [k, decodeURIComponent(match[i + 1])]));
      try {
        return await route.handler(request);
      } catch (error) {
        return { status: 500, body: { message: (error as Error).message } };
      }
    }
    return { status: 404, body: { message: 'Not Found' } };
  }
}

/** One page of `items` and the headers GitHub (Link) or GitLab (X-Next-Page) send with it. */
export function page<T>(items: T[], request: FakeRequest, style: 'github' | 'gitlab', baseUrl: string): FakeResponse {
  const perPage = Math.min(100, Number(request.query.get('per_page') ?? 30) || 30);
  const current = Math.max(1, Number(request.query.get('page') ?? 1) || 1);
  const slice = items.slice((current - 1) * perPage, current * perPage);
  const hasNext = current * perPage < items.length;
  const headers: Record<string, string> = {};
  if (hasNext && style === 'github') {
    const next = new URL(request.path, baseUrl);
    request.query.forEach((v, k) => next.searchParams.set(k, v));
    next.searchParams.set('page', String(current + 1));
    headers.link = `<${next.toString()}>; rel="next"`;
  }
  if (hasNext && style === 'gitlab') headers['x-next-page'] = String(current + 1);
  return { body: slice, headers };
}
