import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { contentTypeForExtension } from '../../src/shared/contentTypes';
import { RENDERER_SECURITY_HEADERS } from '../../src/shared/csp';

/**
 * The renderer is served from app://ledger/ rather than file://, so it gets a real origin (the IPC sender
 * check and CSP 'self' rely on it) and can read nothing outside dist/renderer.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'ledger';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

export function contentTypeFor(file: string): string {
  return contentTypeForExtension(path.extname(file));
}

/** Headers every app:// response carries, errors included. */
export function securityHeaders(contentType: string): Record<string, string> {
  return { ...RENDERER_SECURITY_HEADERS, 'Content-Type': contentType };
}

/**
 * Maps an app:// URL to a file inside rendererDir, or null when the URL must be refused: another scheme
 * or host, a malformed escape, a backslash or NUL (Windows path tricks), or anything resolving outside.
 */
export function resolveRendererPath(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') return null;
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\\') || pathname.includes('\0')) return null;
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${pathname}`);
  return file.startsWith(root + path.sep) ? file : null;
}

function textResponse(status: number, body: string): Response {
  return new Response(body, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/** Answers one app:// request; exported so tests can call it without a running protocol. */
export async function serveRendererFile(request: { url: string; method: string }, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method Not Allowed');
  const file = resolveRendererPath(request.url, rendererDir);
  if (file === null) return textResponse(403, 'Forbidden');
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    return textResponse(404, 'Not Found');
  }
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: securityHeaders(contentTypeFor(file)) });
}

/** Must run before app 'ready': privileges can only be granted then. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false, stream: true } },
  ]);
}

/** After 'ready': serve the built renderer. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveRendererFile(request, rendererDir));
}
