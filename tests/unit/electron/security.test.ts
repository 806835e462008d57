import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WebContents } from 'electron';
import {
  installSecurity,
  isAllowedNetworkRequest,
  isTrustedOrigin,
  lockDownWebContents,
  openExternalSafely,
  withCsp,
  type SecurityApp,
  type SecuritySession,
} from '../../../electron/main/security';
import { CONTENT_SECURITY_POLICY } from '../../../src/shared/csp';
import { disposeElectron, fakes, FakeWebContents, navigationEvent, resetElectron } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule);
afterAll(disposeElectron);

const DEV = 'http://127.0.0.1:5173/';

/** Installs the hooks on fresh fakes and returns a web contents created after that. */
function installed(devServerUrl?: string): FakeWebContents {
  const f = fakes();
  installSecurity(f.app as unknown as SecurityApp, f.session as unknown as SecuritySession, devServerUrl);
  const contents = new FakeWebContents();
  f.app.emit('web-contents-created', {}, contents);
  return contents;
}

describe('trusted origins', () => {
  it('trusts only app://ledger, and the exact dev-server origin when one is set', () => {
    expect(isTrustedOrigin('app://ledger/index.html')).toBe(true);
    expect(isTrustedOrigin('app://ledger/#/people?page=2')).toBe(true);
    expect(isTrustedOrigin('app://ledger')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://ledger.evil.example/',
      'app://ledger:1/',
      'app://x@ledger/',
      'https://evil.example/',
      'http://127.0.0.1:5173/',
      'file:///C:/Windows/',
      'about:blank',
      'devtools://devtools/bundled/inspector.html',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      '',
      'garbage',
      undefined,
      null,
    ]) {
      expect(isTrustedOrigin(url), String(url)).toBe(false);
    }
  });

  it('in development also trusts the dev server, and nothing that merely resembles it', () => {
    expect(isTrustedOrigin('http://127.0.0.1:5173/', DEV)).toBe(true);
    expect(isTrustedOrigin('http://127.0.0.1:5173/src/main.ts', DEV)).toBe(true);
    expect(isTrustedOrigin('app://ledger/index.html', DEV)).toBe(true);
    for (const url of ['http://127.0.0.1:5174/', 'https://127.0.0.1:5173/', 'http://localhost:5173/', 'http://127.0.0.1.evil.example:5173/', 'http://a:b@127.0.0.1:5173/', 'ws://127.0.0.1:5173/']) {
      expect(isTrustedOrigin(url, DEV), url).toBe(false);
    }
    expect(isTrustedOrigin('file:///x', 'file:///x')).toBe(false);
  });

  it('lets the renderer reach the network only for the dev server and its HMR socket', () => {
    expect(isAllowedNetworkRequest('https://evil.example/x.js')).toBe(false);
    expect(isAllowedNetworkRequest('http://127.0.0.1:5173/src/main.ts')).toBe(false);
    expect(isAllowedNetworkRequest('http://127.0.0.1:5173/src/main.ts', DEV)).toBe(true);
    expect(isAllowedNetworkRequest('ws://127.0.0.1:5173/', DEV)).toBe(true);
    expect(isAllowedNetworkRequest('wss://127.0.0.1:5173/', DEV)).toBe(false);
    expect(isAllowedNetworkRequest('http://127.0.0.1:8080/', DEV)).toBe(false);
    expect(isAllowedNetworkRequest('https://cdn.example/vue.js', DEV)).toBe(false);
  });
});

describe('web contents lockdown', () => {
  beforeEach(() => {
    resetElectron();
  });

  it('prevents navigation and redirects to foreign pages, allows our own', () => {
    const contents = installed();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      const foreign = navigationEvent('https://evil.example/phish');
      contents.emit(event, foreign);
      expect(foreign.defaultPrevented, event).toBe(true);
      const file = navigationEvent('file:///etc/passwd');
      contents.emit(event, file);
      expect(file.defaultPrevented, event).toBe(true);
      const own = navigationEvent('app://ledger/index.html#/people');
      contents.emit(event, own);
      expect(own.defaultPrevented, event).toBe(false);
    }
  });

  it('in development allows the dev server and still blocks everything else', () => {
    const contents = installed(DEV);
    const dev = navigationEvent('http://127.0.0.1:5173/');
    contents.emit('will-navigate', dev);
    expect(dev.defaultPrevented).toBe(false);
    const other = navigationEvent('http://127.0.0.1:8080/');
    contents.emit('will-navigate', other);
    expect(other.defaultPrevented).toBe(true);
  });

  it('denies window.open and webview attachment', () => {
    const contents = installed();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://ledger/index.html' })).toEqual({ action: 'deny' });
    const attach = navigationEvent('');
    contents.emit('will-attach-webview', attach, {}, { src: 'https://evil.example/' });
    expect(attach.defaultPrevented).toBe(true);
  });

  it('lockDownWebContents works on its own too', () => {
    const contents = new FakeWebContents();
    lockDownWebContents(contents as unknown as WebContents);
    const foreign = navigationEvent('https://evil.example/');
    contents.emit('will-navigate', foreign);
    expect(foreign.defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'x' })).toEqual({ action: 'deny' });
  });
});

describe('session policy', () => {
  beforeEach(() => {
    resetElectron();
  });

  it('answers every permission request and check with no', () => {
    installed();
    const { session } = fakes();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'unknown']) {
      const callback = vi.fn();
      session.permissionRequestHandler!({}, permission, callback, {});
      expect(callback, permission).toHaveBeenCalledExactlyOnceWith(false);
      expect(session.permissionCheckHandler!({}, permission, 'app://ledger', {}), permission).toBe(false);
    }
  });

  it('cancels requests to remote hosts; lets the dev server through in development', () => {
    installed(DEV);
    const { session } = fakes();
    expect(session.requestFilter!.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*']));
    const answer = (url: string) => {
      let response: { cancel?: boolean } | undefined;
      session.requestListener!({ url }, (r) => (response = r));
      return response;
    };
    expect(answer('https://evil.example/track.gif')).toEqual({ cancel: true });
    expect(answer('http://127.0.0.1:5173/@vite/client')).toEqual({ cancel: false });
  });

  it('sets the shared CSP on our responses, replacing whatever the server sent', () => {
    installed(DEV);
    const { session } = fakes();
    const headersFor = (url: string, responseHeaders: Record<string, string[]>) => {
      let response: { responseHeaders?: Record<string, string[]> } | undefined;
      session.headersListener!({ url, responseHeaders }, (r) => (response = r));
      return response!;
    };
    const dev = headersFor('http://127.0.0.1:5173/', { 'content-security-policy': ["script-src 'unsafe-inline'"], 'Content-Type': ['text/html'] });
    expect(dev.responseHeaders).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    const app = headersFor('app://ledger/index.html', {});
    expect(app.responseHeaders!['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(headersFor('https://evil.example/', {})).toEqual({});
    expect(withCsp(undefined)).toEqual({ 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] });
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  });
});

describe('openExternalSafely', () => {
  beforeEach(() => {
    resetElectron();
  });

  it('hands https links to the system browser', async () => {
    await expect(openExternalSafely('https://www.12371.cn/')).resolves.toBe(true);
    expect(fakes().shell.openExternal).toHaveBeenCalledExactlyOnceWith('https://www.12371.cn/');
  });

  it('refuses every other scheme, credentials and garbage', async () => {
    for (const url of ['http://example.com/', 'file:///C:/Windows/System32/calc.exe', 'smb://server/share', 'javascript:alert(1)', 'ms-msdt:/id', 'https://user:pw@example.com/', 'app://ledger/', '', 'not a url']) {
      await expect(openExternalSafely(url), url).resolves.toBe(false);
    }
    expect(fakes().shell.openExternal).not.toHaveBeenCalled();
  });
});
