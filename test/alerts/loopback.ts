import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  body: any;
}

/**
 * One loopback server (127.0.0.1, port 0) speaking the three alert APIs:
 * - Slack incoming webhooks at /services/...: `200 ok`, `400 invalid_payload` without `text`;
 * - PagerDuty Events API v2 at /v2/enqueue: `202 {status: "success", dedup_key}`, `400` for an
 *   event that lacks routing_key, a known event_action or payload.summary/source/severity;
 * - a generic JSON webhook at /hook: `200`.
 * `failNext[path]` answers that many requests on a path with 500 first.
 */
export async function startAlertServer(): Promise<{ url: string; received: Received[]; failNext: Record<string, number>; close(): Promise<void> }> {
  const received: Received[] = [];
  const failNext: Record<string, number> = {};
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = req.url ?? '/';
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400).end('invalid_payload');
        return;
      }
      const key = path.startsWith('/services/') ? '/services' : path;
      if (failNext[key]) {
        failNext[key]--;
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`internal error for ${path}`);
        return;
      }
      received.push({ path, body });
      if (req.method !== 'POST' || req.headers['content-type'] !== 'application/json') {
        res.writeHead(400).end('expected a JSON POST');
      } else if (path.startsWith('/services/')) {
        if (typeof body.text !== 'string' || !body.text) res.writeHead(400).end('invalid_payload');
        else res.writeHead(200, { 'content-type': 'text/html' }).end('ok');
      } else if (path === '/v2/enqueue') {
        const p = body.payload ?? {};
        const valid = typeof body.routing_key === 'string' && body.routing_key.length === 32 && ['trigger', 'acknowledge', 'resolve'].includes(body.event_action) && typeof p.summary === 'string' && p.summary.length <= 1024 && typeof p.source === 'string' && ['critical', 'error', 'warning', 'info'].includes(p.severity) && (body.dedup_key === undefined || (typeof body.dedup_key === 'string' && body.dedup_key.length <= 255));
        if (!valid) res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'invalid event', message: 'Event object is invalid', errors: ['invalid'] }));
        else res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: body.dedup_key }));
      } else if (path === '/hook') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      } else res.writeHead(404).end('no_service');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, failNext, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
