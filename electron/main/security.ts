import { shell, type App, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../../src/shared/csp';
import { APP_HOST, APP_SCHEME } from './protocol';

/**
 * Electron's security checklist in one place: the window may only show our own pages, open nothing,
 * attach nothing, be granted no permission, and load no remote content.
 */

function parse(url: string | undefined | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for app://ledger pages and, in development, pages of the exact dev-server origin. */
export function isTrustedOrigin(url: string | undefined | null, devServerUrl?: string): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol === `${APP_SCHEME}:`) return u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === '';
  const dev = parse(devServerUrl);
  if (!dev || (dev.protocol !== 'http:' && dev.protocol !== 'https:')) return false;
  return u.origin === dev.origin && u.username === '' && u.password === '';
}

/**
 * Whether the renderer may fetch a URL over the network. Only the dev server (its page and its HMR
 * websocket) is reachable; app:// never leaves this handler because it is not a network scheme.
 */
export function isAllowedNetworkRequest(url: string, devServerUrl?: string): boolean {
  const u = parse(url);
  const dev = parse(devServerUrl);
  if (!u || !dev) return false;
  const scheme = u.protocol === 'ws:' ? 'http:' : u.protocol === 'wss:' ? 'https:' : u.protocol;
  return scheme === dev.protocol && u.host === dev.host;
}

/** Sets our CSP on a response, replacing any header the server sent under any capitalisation. */
export function withCsp(headers: Record<string, string[]> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  return out;
}

/** Locks down every web contents the app creates (windows, and any frame or popup that slips through). */
export function lockDownWebContents(contents: WebContents, devServerUrl?: string): void {
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (!isTrustedOrigin(event.url, devServerUrl)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-frame-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export type SecurityApp = Pick<App, 'on'>;
export type SecuritySession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived' | 'onBeforeRequest'>;
};

/** Call once, after 'ready' (the default session exists only then) and before the first window. */
export function installSecurity(app: SecurityApp, session: SecuritySession, devServerUrl?: string): void {
  app.on('web-contents-created', (_event, contents) => lockDownWebContents(contents, devServerUrl));

  // The ledger needs no camera, location, notifications, clipboard reads or devices.
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);

  // No remote content: the only network peer is the dev server during development.
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (details, callback) => {
    callback({ cancel: !isAllowedNetworkRequest(details.url, devServerUrl) });
  });

  // The dev server sends no CSP of its own; app:// responses already carry it, this makes it uniform.
  session.webRequest.onHeadersReceived((details, callback) => {
    if (isTrustedOrigin(details.url, devServerUrl)) callback({ responseHeaders: withCsp(details.responseHeaders) });
    else callback({});
  });
}

/**
 * The one way to open something outside the app: only https links, handed to the system browser.
 * Anything else (file:, smb:, javascript:, custom schemes that launch programs) is refused.
 */
export async function openExternalSafely(url: string): Promise<boolean> {
  const u = parse(url);
  if (!u || u.protocol !== 'https:' || u.username !== '' || u.password !== '') return false;
  await shell.openExternal(u.href);
  return true;
}
