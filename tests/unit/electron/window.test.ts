import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { disposeElectron, FakeBrowserWindow, resetElectron } from './fakeElectron';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule);
afterAll(disposeElectron);

const { createMainWindow, entryUrl, windowOptions, WINDOW_TITLE } = await import('../../../electron/main/window');

describe('main window', () => {
  beforeEach(() => {
    resetElectron();
  });

  it('isolates the renderer: sandbox, context isolation, no Node, no webview, web security on', () => {
    const options = windowOptions('/app/dist-electron/preload.cjs');
    expect(options.webPreferences).toEqual({
      preload: '/app/dist-electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: false,
    });
    expect(options.title).toBe('乡镇党建台账');
    expect(WINDOW_TITLE).toBe('乡镇党建台账');
    expect(options.show).toBe(false);
    expect(options.width).toBeGreaterThanOrEqual(1024);
  });

  it('loads the bundled renderer over app:// unless a dev server is given', () => {
    expect(entryUrl(undefined)).toBe('app://ledger/index.html');
    expect(entryUrl('')).toBe('app://ledger/index.html');
    expect(entryUrl('http://127.0.0.1:5173/')).toBe('http://127.0.0.1:5173/');
  });

  it('creates a hidden window with the preload and shows it once ready to show', () => {
    createMainWindow('/app/dist-electron/preload.cjs', undefined);
    const [win] = FakeBrowserWindow.instances;
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    expect(win!.options).toEqual(windowOptions('/app/dist-electron/preload.cjs'));
    expect(win!.loadedUrl).toBe('app://ledger/index.html');
    expect(win!.visible).toBe(false);
    win!.emit('ready-to-show');
    expect(win!.visible).toBe(true);
  });

  it('loads the dev server page during development', () => {
    createMainWindow('/p.cjs', 'http://127.0.0.1:5173/');
    expect(FakeBrowserWindow.instances[0]!.loadedUrl).toBe('http://127.0.0.1:5173/');
  });
});
