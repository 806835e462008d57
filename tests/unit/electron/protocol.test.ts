import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  contentTypeFor,
  handleAppProtocol,
  registerAppScheme,
  resolveRendererPath,
  serveRendererFile,
} from '../../../electron/main/protocol';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp';
import { disposeElectron, fakes, resetElectron } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule);
afterAll(disposeElectron);

/** dist/renderer with an index and an asset, plus a secret next to it that must stay unreachable. */
function makeRendererDir(): { root: string; renderer: string } {
  const root = fakes().tempDir;
  const renderer = path.join(root, 'dist', 'renderer');
  mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>乡镇党建台账</title>');
  writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(path.join(renderer, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(path.join(root, 'dist', 'secret.txt'), 'not for the renderer');
  writeFileSync(path.join(root, 'ledger.sqlite'), 'database');
  return { root, renderer };
}

const TRAVERSALS = [
  'app://ledger/../secret.txt',
  'app://ledger/%2e%2e/secret.txt',
  'app://ledger/%2E%2E/%2E%2E/ledger.sqlite',
  'app://ledger/..%2fsecret.txt',
  'app://ledger/assets/..%2f..%2fsecret.txt',
  'app://ledger/%2e%2e%2f%2e%2e%2fledger.sqlite',
  'app://ledger/..%5c..%5cledger.sqlite',
  'app://ledger/assets%5c..%5c..%5csecret.txt',
  'app://ledger/index.html%00.js',
  'app://ledger/%E0%A4%A',
];

describe('app:// path resolution', () => {
  beforeEach(() => {
    resetElectron();
  });

  it('maps the root and assets into the renderer directory', () => {
    const dir = '/srv/app/dist/renderer';
    expect(resolveRendererPath('app://ledger/', dir)).toBe(path.resolve(dir, 'index.html'));
    expect(resolveRendererPath('app://ledger', dir)).toBe(path.resolve(dir, 'index.html'));
    expect(resolveRendererPath(APP_ENTRY_URL, dir)).toBe(path.resolve(dir, 'index.html'));
    expect(resolveRendererPath('app://ledger/assets/index-abc.js?v=1#x', dir)).toBe(path.resolve(dir, 'assets', 'index-abc.js'));
    expect(resolveRendererPath('app://ledger/assets/%E5%9B%BE.png', dir)).toBe(path.resolve(dir, 'assets', '图.png'));
  });

  it('refuses every path that would leave the renderer directory', () => {
    const dir = '/srv/app/dist/renderer';
    for (const url of TRAVERSALS) {
      const file = resolveRendererPath(url, dir);
      // Either refused outright, or (URL normalisation already removed the dots) still inside the dir.
      if (file !== null) expect(file.startsWith(dir + path.sep), url).toBe(true);
    }
    expect(resolveRendererPath('app://ledger/..%2f..%2fetc/passwd', dir)).toBeNull();
    // The URL parser itself folds %2e%2e segments, so these stay inside the directory.
    expect(resolveRendererPath('app://ledger/%2e%2e/%2e%2e/etc/passwd', dir)).toBe(path.resolve(dir, 'etc', 'passwd'));
    expect(resolveRendererPath('app://ledger/..%5c..%5cwindows', dir)).toBeNull();
    expect(resolveRendererPath('app://ledger/a%00b', dir)).toBeNull();
  });

  it('refuses other hosts, ports, credentials and schemes', () => {
    const dir = '/srv/app/dist/renderer';
    for (const url of [
      'app://evil/index.html',
      'app://ledger.evil.example/index.html',
      'app://ledger:8080/index.html',
      'app://user:pw@ledger/index.html',
      'https://ledger/index.html',
      'file:///srv/app/dist/renderer/index.html',
      'not a url',
      '',
    ]) {
      expect(resolveRendererPath(url, dir), url).toBeNull();
    }
  });

  it('knows the content types a Vite build produces', () => {
    expect(contentTypeFor('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeFor('a.JS')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeFor('a.css')).toBe('text/css; charset=utf-8');
    expect(contentTypeFor('a.woff2')).toBe('font/woff2');
    expect(contentTypeFor('a.svg')).toBe('image/svg+xml');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});

describe('app:// responses', () => {
  beforeEach(() => {
    resetElectron();
  });

  it('serves files with their content type and the shared CSP', async () => {
    const { renderer } = makeRendererDir();
    const page = await serveRendererFile({ url: 'app://ledger/index.html', method: 'GET' }, renderer);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('乡镇党建台账');

    const script = await serveRendererFile({ url: 'app://ledger/assets/index-abc.js', method: 'GET' }, renderer);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
  });

  it('never serves anything outside the renderer directory, and errors carry the CSP too', async () => {
    const { renderer } = makeRendererDir();
    for (const url of [...TRAVERSALS, 'app://evil/index.html']) {
      const response = await serveRendererFile({ url, method: 'GET' }, renderer);
      expect(response.status, url).not.toBe(200);
      expect(response.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
      const body = await response.text();
      expect(body, url).not.toContain('not for the renderer');
      expect(body, url).not.toContain('database');
    }
    const missing = await serveRendererFile({ url: 'app://ledger/nope.js', method: 'GET' }, renderer);
    expect(missing.status).toBe(404);
    const directory = await serveRendererFile({ url: 'app://ledger/assets', method: 'GET' }, renderer);
    expect(directory.status).toBe(404);
    const post = await serveRendererFile({ url: 'app://ledger/index.html', method: 'POST' }, renderer);
    expect(post.status).toBe(405);
  });

  it('the CSP allows no inline or evaluated script', () => {
    const scriptSrc = CONTENT_SECURITY_POLICY.split(';')
      .map((d) => d.trim())
      .find((d) => d.startsWith('script-src'));
    expect(scriptSrc).toBe("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*'unsafe-(inline|eval)'/);
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
  });

  it('registers app as a standard, secure scheme and serves it through protocol.handle', async () => {
    registerAppScheme();
    const schemes = fakes().protocol.registerSchemesAsPrivileged.mock.calls[0]![0] as { scheme: string; privileges: Record<string, boolean> }[];
    expect(schemes).toHaveLength(1);
    expect(schemes[0]!.scheme).toBe('app');
    expect(schemes[0]!.privileges).toMatchObject({ standard: true, secure: true });
    expect(schemes[0]!.privileges.bypassCSP).toBeFalsy();

    const { renderer } = makeRendererDir();
    handleAppProtocol(renderer);
    const handler = fakes().protocol.handlers.get('app')!;
    const response = await handler({ url: 'app://ledger/', method: 'GET' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await handler({ url: 'app://ledger/%2e%2e/secret.txt', method: 'GET' })).status).not.toBe(200);
  });
});
