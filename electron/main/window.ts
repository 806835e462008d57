import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './protocol';

export const WINDOW_TITLE = '乡镇党建台账';

/**
 * The renderer is an untrusted web page with one door out: the preload's narrow `window.ledger` API.
 * Every setting is spelled out so a future Electron default change cannot loosen it.
 */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    title: WINDOW_TITLE,
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    // Shown on 'ready-to-show' so a slow office PC does not flash an empty white window.
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: preloadPath,
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
    },
  };
}

/** The page to load: the Vite dev server during `npm start`, else the bundled renderer over app://. */
export function entryUrl(devServerUrl: string | undefined): string {
  return devServerUrl ? devServerUrl : APP_ENTRY_URL;
}

export function createMainWindow(preloadPath: string, devServerUrl: string | undefined): BrowserWindow {
  const win = new BrowserWindow(windowOptions(preloadPath));
  win.once('ready-to-show', () => win.show());
  // A failed load (dev server not running yet) leaves the window blank; log it rather than crash.
  win.loadURL(entryUrl(devServerUrl)).catch((error: unknown) => console.error('页面加载失败 / page load failed', error));
  return win;
}
