import { mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHost, type RunningHost } from '../../../src/host/server';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp';
import { countRows, openTempLedger, type TempLedger } from '../../helpers/ledger';

/** The browser host over real HTTP on loopback, against a real SQLite file. */

let ledger: TempLedger;
let host: RunningHost;
let staticDir: string;

beforeEach(async () => {
  ledger = openTempLedger();
  staticDir = join(ledger.dir, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(ledger.dir, 'secret.txt'), 'secret');
  host = await startHost({ handlers: ledger.api, staticDir, port: 0, log: () => {} });
});

afterEach(async () => {
  await host.close();
  ledger.cleanup();
});

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http rather than fetch, so Host and Origin can be set the way an attacker's page would. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: { Host: `127.0.0.1:${host.port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

function callApi(method: string, input: unknown, headers: Record<string, string> = {}) {
  return send(`/api/${method}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(input) });
}

describe('browser host', () => {
  it('listens on 127.0.0.1 only', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}`);
  });

  it('answers the contract and writes to the database file', async () => {
    const res = await callApi('savePerson', { name: '张三', idNumber: '110101198001010010' }, { Origin: host.url });
    expect(res.status).toBe(200);
    const body = JSON.parse(res.body);
    expect(body.ok).toBe(true);
    expect(body.data).toMatchObject({ name: '张三', gender: '男', birthDate: '1980-01-01' });
    expect(countRows(ledger.db, 'people')).toBe(1);
  });

  it('returns typed validation errors with the same Chinese messages as every other transport', async () => {
    const res = await callApi('savePerson', { name: '张三', idNumber: '110101198001010011' });
    const body = JSON.parse(res.body);
    expect(body).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(body.error.message).toContain('校验位');
    expect(countRows(ledger.db, 'people')).toBe(0);
  });

  it('refuses other origins, and writes nothing', async () => {
    const res = await callApi('savePerson', { name: '张三' }, { Origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(countRows(ledger.db, 'people')).toBe(0);
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const res = await callApi('listPeople', {}, { Host: `evil.example:${host.port}` });
    expect(res.status).toBe(421);
    const page = await send('/', { headers: { Host: 'evil.example' } });
    expect(page.status).toBe(421);
  });

  it('refuses non-JSON posts, which a cross-site form could send without a preflight', async () => {
    const res = await send('/api/savePerson', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name=x' });
    expect(res.status).toBe(415);
    expect(countRows(ledger.db, 'people')).toBe(0);
  });

  it('answers malformed JSON, unknown methods and GET on the API with typed errors', async () => {
    const bad = await send('/api/listPeople', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const unknown = await callApi('dropTables', {});
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect((await send('/api/listPeople')).status).toBe(405);
  });

  it('refuses bodies over the size limit', async () => {
    const small = await startHost({ handlers: ledger.api, staticDir, port: 0, maxBodyBytes: 64 * 1024, log: () => {} });
    try {
      const res = await new Promise<number>((resolve, reject) => {
        const req = request(
          { host: '127.0.0.1', port: small.port, path: '/api/savePerson', method: 'POST', headers: { Host: `127.0.0.1:${small.port}`, 'Content-Type': 'application/json' } },
          (r) => {
            r.resume();
            resolve(r.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ name: '张三', note: 'x'.repeat(100 * 1024) }));
      });
      expect(res).toBe(413);
      expect(countRows(ledger.db, 'people')).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('serves the renderer with the CSP and security headers', async () => {
    const res = await send('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-type']).toContain('text/html');
    const js = await send('/assets/app.js');
    expect(js.headers['content-type']).toContain('javascript');
  });

  it('never serves files outside the renderer directory', async () => {
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
      const res = await send(path);
      expect(res.body).not.toContain('secret');
      expect([403, 404]).toContain(res.status);
    }
  });
});
