import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { MAX_IMPORT_FILE_BYTES, type LedgerHandlers } from '../shared/contract';
import { contentTypeForExtension } from '../shared/contentTypes';
import { RENDERER_SECURITY_HEADERS } from '../shared/csp';
import { fail, type Result } from '../shared/result';
import { dispatch } from '../core/dispatch';

/**
 * The browser host: serves the built renderer and answers the same contract as Electron's IPC, over
 * HTTP on 127.0.0.1 only. Requests from other origins or Host names (DNS rebinding) are refused.
 */

export interface HostOptions {
  handlers: LedgerHandlers;
  /** Directory holding the built renderer (index.html). */
  staticDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Largest request body accepted; the default fits the biggest import file the contract allows, base64-encoded. */
  maxBodyBytes?: number;
  log?: (error: unknown) => void;
}

export interface RunningHost {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A 64 MiB spreadsheet as base64 in JSON, with room for the envelope. */
const DEFAULT_MAX_BODY_BYTES = Math.ceil((MAX_IMPORT_FILE_BYTES * 4) / 3) + 1024 * 1024;
const API_PREFIX = '/api/';

const SECURITY_HEADERS = {
  ...RENDERER_SECURITY_HEADERS,
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Plain-text answers (refusals, not found) carry the same security headers as everything else. */
function sendText(res: ServerResponse, status: number, text = '', extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra }).end(text);
}

/**
 * The path of a request target, or null when it is not an origin-form path ("/…"). Parsed against a fixed
 * base, so a target such as "//" or "//other.host/x" is a path here, never a host (it threw before).
 */
function requestPath(target: string | undefined): string | null {
  if (!target?.startsWith('/')) return null;
  try {
    return new URL(`http://127.0.0.1${target}`).pathname;
  } catch {
    return null;
  }
}

function sendJson(res: ServerResponse, status: number, body: Result<unknown>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/** Reads a body up to the limit; past it, the rest is drained and discarded so the client still gets a 413. */
function readBody(req: IncomingMessage, maxBytes: number): Promise<string | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => resolveBody(size > maxBytes ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Host names a page on this machine may use; anything else is a rebinding attempt or a mistake. */
function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

async function handleApi(req: IncomingMessage, res: ServerResponse, method: string, options: HostOptions, port: number): Promise<void> {
  if (req.method !== 'POST') {
    sendText(res, 405, '', { Allow: 'POST' });
    return;
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts(port).has(origin.replace(/^http:\/\//, ''))) {
    sendJson(res, 403, fail('FORBIDDEN', '拒绝来自其他网站的请求'));
    return;
  }
  // A JSON content type cannot be sent cross-origin without a preflight, which this server never grants.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    sendJson(res, 415, fail('VALIDATION', '请求必须是 JSON'));
    return;
  }
  const body = await readBody(req, options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  if (body === null) {
    sendJson(res, 413, fail('VALIDATION', '请求内容过大'));
    return;
  }
  let input: unknown;
  try {
    input = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    sendJson(res, 400, fail('VALIDATION', '请求内容不是有效的 JSON'));
    return;
  }
  sendJson(res, 200, await dispatch(options.handlers, method, input, options.log));
}

async function handleStatic(req: IncomingMessage, res: ServerResponse, pathname: string, staticDir: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendText(res, 405, '', { Allow: 'GET, HEAD' });
    return;
  }
  const root = resolve(staticDir);
  let relative: string;
  try {
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    sendText(res, 400, '请求的地址不正确');
    return;
  }
  const file = resolve(root, `.${relative}`);
  if (file !== root && !file.startsWith(root + sep)) {
    sendText(res, 403);
    return;
  }
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    if (relative === '/index.html') {
      sendText(res, 500, '界面尚未构建：请先运行 npm run build:web（npm run host 会自动构建）。');
      return;
    }
    sendText(res, 404, '未找到');
    return;
  }
  const type = contentTypeForExtension(extname(file));
  const cache = extname(file) === '.html' ? 'no-store' : 'public, max-age=31536000, immutable';
  res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': info.size, 'Cache-Control': cache });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
}

export function startHost(options: HostOptions): Promise<RunningHost> {
  let port = 0;
  const server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts(port).has(host)) {
      sendText(res, 421, '仅允许通过 127.0.0.1 或 localhost 访问');
      return;
    }
    const pathname = requestPath(req.url);
    if (pathname === null) {
      sendText(res, 400, '请求的地址不正确');
      return;
    }
    const work = pathname.startsWith(API_PREFIX)
      ? handleApi(req, res, pathname.slice(API_PREFIX.length), options, port)
      : handleStatic(req, res, pathname, options.staticDir);
    work.catch((error: unknown) => {
      (options.log ?? console.error)(error);
      if (!res.headersSent) sendJson(res, 500, fail('INTERNAL', '本地服务出错'));
      else res.destroy();
    });
  });
  return new Promise((resolveHost, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      port = (server.address() as AddressInfo).port;
      resolveHost({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
