import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, RENDERER_SECURITY_HEADERS } from '../../../src/shared/csp';

/**
 * Electron's security checklist, asserted over the source itself (the behaviour of each hook is tested in
 * security.test.ts, window.test.ts, protocol.test.ts, ipc.test.ts and preload.test.ts): no code anywhere may
 * loosen a webPreference, open a second kind of window, load a page other than window.ts's, talk over IPC
 * without the sender check, or call shell.openExternal outside its one guarded helper; and the CSP allows no
 * inline or evaluated script and no remote content, in the shared header and in the built page's meta tag.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
const SCANNED = ['electron', 'src'];
const EXTENSIONS = /\.(ts|tsx|mts|cts|js|mjs|cjs|vue)$/;

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else if (EXTENSIONS.test(name)) out.push(full);
  }
  return out;
}

const SOURCES = SCANNED.flatMap((d) => filesUnder(join(ROOT, d))).map((file) => ({ file: relative(ROOT, file).replace(/\\/g, '/'), text: readFileSync(file, 'utf8') }));

/** Source with comments removed, so a sentence about a setting is not mistaken for the setting. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:\\'"`])\/\/.*$/gm, '$1');
}

/** [file, count] for every source file where the pattern occurs in code. */
function occurrences(pattern: RegExp): [string, number][] {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  return SOURCES.map(({ file, text }) => [file, code(text).match(global)?.length ?? 0] as [string, number]).filter(([, n]) => n > 0);
}

describe('the source keeps the checklist', () => {
  it('scans a real tree', () => {
    expect(SOURCES.length).toBeGreaterThan(50);
    expect(SOURCES.map((s) => s.file)).toEqual(expect.arrayContaining(['electron/main/security.ts', 'electron/main/window.ts', 'electron/preload/index.ts']));
  });

  it('calls shell.openExternal only inside openExternalSafely, once', () => {
    expect(occurrences(/openExternal\s*\(/)).toEqual([['electron/main/security.ts', 1]]);
    const security = code(readFileSync(join(ROOT, 'electron/main/security.ts'), 'utf8'));
    const helper = security.slice(security.indexOf('export async function openExternalSafely'));
    expect(helper).toMatch(/^export async function openExternalSafely[\s\S]*?u\.protocol !== 'https:'[\s\S]*?shell\.openExternal\(u\.href\)/);
    // Nobody reaches shell by another name (destructured, aliased or through the electron module object).
    expect(occurrences(/\bshell\s*\[|\bopenExternal\b(?!\s*\()|\bshell\s+as\b/).filter(([f]) => f !== 'electron/main/security.ts')).toEqual([]);
    expect(occurrences(/\bimport\s*\{[^}]*\bshell\b[^}]*\}\s*from\s*'electron'/)).toEqual([['electron/main/security.ts', 1]]);
  });

  it('loosens no webPreference anywhere', () => {
    for (const pattern of [
      /nodeIntegration(InWorker|InSubFrames)?\s*:\s*true/,
      /contextIsolation\s*:\s*false/,
      /sandbox\s*:\s*false/,
      /webSecurity\s*:\s*false/,
      /allowRunningInsecureContent\s*:\s*true/,
      /experimentalFeatures\s*:\s*true/,
      /webviewTag\s*:\s*true/,
      /enableBlinkFeatures/,
      /enableRemoteModule/,
      /@electron\/remote/,
      /disable-web-security|ignore-certificate-errors|allow-running-insecure-content/,
      /setCertificateVerifyProc|certificate-error/,
      /<webview\b/i,
    ]) {
      expect(occurrences(pattern), String(pattern)).toEqual([]);
    }
  });

  it('creates windows and loads pages only in window.ts, which spells out every webPreference', () => {
    expect(occurrences(/new\s+BrowserWindow\s*\(/)).toEqual([['electron/main/window.ts', 1]]);
    expect(occurrences(/\.(loadURL|loadFile)\s*\(/)).toEqual([['electron/main/window.ts', 1]]);
    expect(occurrences(/\bBrowserView\b|\bWebContentsView\b|\.webContents\.(executeJavaScript|insertCSS)\b/)).toEqual([]);
  });

  it('talks over IPC only with invoke/handle, and every file that handles a channel checks the sender', () => {
    expect(occurrences(/ipcMain\.(on|once|handleOnce)\s*\(|ipcRenderer\.(send|sendSync|on|once|postMessage)\s*\(|\.sendToFrame\s*\(/)).toEqual([]);
    const handling = occurrences(/ipcMain\.handle\s*\(/).map(([f]) => f);
    expect(handling).toEqual(expect.arrayContaining(['electron/main/ipc.ts', 'electron/main/printing.ts']));
    for (const file of handling) {
      const text = code(SOURCES.find((s) => s.file === file)!.text);
      expect(text, file).toMatch(/senderUrl\(event\)|handleIpcCall\(/);
      expect(text, file).toMatch(/isTrusted\(url\)|handleIpcCall\(handlers, method, event, raw, isTrusted\)/);
    }
    // Only the preload touches ipcRenderer, and it never hands the object itself to the page.
    expect(occurrences(/\bipcRenderer\b/).map(([f]) => f)).toEqual(['electron/preload/index.ts']);
    expect(code(readFileSync(join(ROOT, 'electron/preload/index.ts'), 'utf8'))).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/);
  });

  it('loads no remote content: no http(s) URL is fetched, imported or loaded by the renderer or the shell', () => {
    const remote = /(?:fetch|import|loadURL|src\s*=|href\s*=|url\()\s*\(?\s*['"`]https?:\/\/(?!127\.0\.0\.1|localhost)/;
    expect(occurrences(remote)).toEqual([]);
    expect(occurrences(/new\s+(WebSocket|EventSource)\s*\(/)).toEqual([]);
  });
});

/** Directive name → sources. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

function expectStrictPolicy(policy: string, where: string): void {
  const d = directives(policy);
  expect(d.get('default-src'), where).toEqual(["'self'"]);
  expect(d.get('script-src'), where).toEqual(["'self'"]);
  expect(d.get('object-src'), where).toEqual(["'none'"]);
  expect(d.get('base-uri'), where).toEqual(["'none'"]);
  expect(d.get('connect-src'), where).toEqual(["'self'"]);
  expect(policy, where).not.toMatch(/'unsafe-eval'|'wasm-unsafe-eval'|'unsafe-hashes'|'strict-dynamic'/);
  for (const [name, sources] of d) {
    // No remote origin anywhere: no scheme-wide, wildcard or host source (data:/blob: stay for images and fonts).
    for (const source of sources) expect(source, `${where}: ${name}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:)$/);
    if (sources.includes("'unsafe-inline'")) expect(name, `${where}: unsafe-inline outside styles`).toBe('style-src');
  }
}

describe('Content Security Policy', () => {
  it('the shared policy allows no inline or evaluated script and no remote content', () => {
    expectStrictPolicy(CONTENT_SECURITY_POLICY, 'CONTENT_SECURITY_POLICY');
    expect(directives(CONTENT_SECURITY_POLICY).get('frame-ancestors')).toEqual(["'none'"]);
    expect(RENDERER_SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(RENDERER_SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
  });

  const built = join(ROOT, 'dist/renderer/index.html');
  it.skipIf(!existsSync(built))('the built page (npm run build:web) has the same strict meta CSP, no inline script and no remote URL', () => {
    const html = readFileSync(built, 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
    expect(meta, 'the page carries its CSP in a meta tag too').not.toBeNull();
    expectStrictPolicy(meta![1]!, 'index.html meta');
    for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/gi) ?? []) {
      expect(script, 'every script is an external file of our own').toMatch(/^<script\b[^>]*\bsrc="\.?\/assets\/[^"]+\.js"[^>]*><\/script>$/);
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/(?:src|href)="(?:https?:)?\/\//i);
  });
});
