import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { app, dialog, ipcMain, session, type BrowserWindow } from 'electron';
import { createLedgerApi } from '../../src/core/api';
import { runStartupBackups, scheduleDailyBackups } from '../../src/core/backup/backup';
import { fullBackupName } from '../../src/core/backup/handlers';
import { UnknownSchemaError } from '../../src/core/db/migrate';
import { openDatabase } from '../../src/core/db/open';
import { registerBackupDialog } from './backupDialog';
import { registerIpc } from './ipc';
import { registerPrinting } from './printing';
import { NativeBindingMissingError, nativeBindingPath } from './nativeBinding';
import { registerPackageDialog } from './packageDialog';
import { handleAppProtocol, registerAppScheme } from './protocol';
import { installSecurity, isTrustedOrigin } from './security';
import { createMainWindow } from './window';

/**
 * The app's lifecycle, kept out of index.ts so tests can drive it with a mocked 'electron'. Order matters:
 * single-instance lock first (two processes writing one SQLite file is how ledgers get corrupted), the
 * privileged scheme before 'ready', then the database; only a fully opened database gets a window.
 */

export const DB_FILE_NAME = 'ledger.sqlite';
const OPEN_FAILED_TITLE = '无法打开台账数据';

export interface StartOptions {
  /** Directory holding package.json, dist/ and dist-electron/ (app.asar when packaged). */
  appRoot: string;
  env?: Record<string, string | undefined>;
  /** Where to load better_sqlite3.node from; undefined means better-sqlite3's own lookup (tests). */
  nativeBinding?: () => string | undefined;
}

export interface AppHandle {
  /** False when another instance already runs and this one is quitting. */
  started: boolean;
  /** Settles once the window is created or the start was abandoned. */
  ready: Promise<void>;
}

export function ledgerFile(env: Record<string, string | undefined>, userDataDir: string): string {
  const fromEnv = env.LEDGER_DB?.trim();
  return fromEnv ? path.resolve(fromEnv) : path.join(userDataDir, DB_FILE_NAME);
}

/**
 * The dev server is trusted with the IPC API, so only a loopback http URL counts, and never in a packaged
 * app: an environment variable must not be able to point the installed app at a remote page.
 */
export function devServerUrlFrom(env: Record<string, string | undefined>, isPackaged: boolean): string | undefined {
  const raw = env.VITE_DEV_SERVER_URL?.trim();
  if (isPackaged || !raw) return undefined;
  try {
    const url = new URL(raw);
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    return url.protocol === 'http:' && loopback ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : '';
}

/** Why the file could not be opened and what to do, or null when only the technical message can say. */
function reasonFor(error: unknown): string | null {
  const code = errorCode(error);
  if (code === 'ERR_DLOPEN_FAILED') return '数据库组件与本程序不匹配或已损坏。安装版请重新安装；开发环境请删除 native 文件夹后重新运行 node scripts/electron-native.mjs。';
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return '该文件不是台账数据文件，或已经损坏。请从备份恢复，或联系技术支持。';
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') return '该文件正被其他程序占用（例如另一台电脑上打开的台账程序或备份软件）。请关闭占用它的程序后重试。';
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_PERM' || code === 'SQLITE_READONLY' || code === 'SQLITE_AUTH' || code.startsWith('SQLITE_IOERR')) {
    return '无法读写该文件。请检查文件是否存在、是否有写入权限，以及U盘或网络盘是否已断开。';
  }
  if (error instanceof TypeError && /directory does not exist/i.test(error.message)) return '文件所在的文件夹不存在，请检查路径。';
  return null;
}

/** A Chinese explanation a clerk can act on, naming the file. */
export function describeOpenError(file: string, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  // These errors' own messages already say, in Chinese, what happened and what to do.
  const selfExplaining = error instanceof UnknownSchemaError || error instanceof NativeBindingMissingError;
  const body = selfExplaining ? detail : `${reasonFor(error) ?? '打开时出错。'}\n\n技术信息：${detail}`;
  return `无法打开台账数据文件：\n${file}\n\n${body}\n\n为保护数据，程序将退出。`;
}

function defaultNativeBinding(appRoot: string): string {
  return nativeBindingPath({
    isPackaged: app.isPackaged,
    resourcesPath: process.resourcesPath,
    projectDir: appRoot,
    electronVersion: process.versions.electron ?? 'unknown',
    platform: process.platform,
    arch: process.arch,
  });
}

export function startApp(options: StartOptions): AppHandle {
  const env = options.env ?? process.env;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return { started: false, ready: Promise.resolve() };
  }
  registerAppScheme();

  let win: BrowserWindow | null = null;
  let db: Database | null = null;

  app.on('second-instance', () => {
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());
  app.on('will-quit', () => {
    db?.close();
    db = null;
  });

  const ready = app.whenReady().then(() => {
    const file = ledgerFile(env, app.getPath('userData'));
    let handlers;
    try {
      if (!env.LEDGER_DB?.trim()) mkdirSync(path.dirname(file), { recursive: true });
      const nativeBinding = options.nativeBinding ? options.nativeBinding() : defaultNativeBinding(options.appRoot);
      db = openDatabase(file, nativeBinding ? { nativeBinding } : {});
      handlers = createLedgerApi(db, { backup: nativeBinding ? { nativeBinding } : {} });
    } catch (error) {
      console.error(error);
      db?.close();
      db = null;
      dialog.showErrorBox(OPEN_FAILED_TITLE, describeOpenError(file, error));
      app.quit();
      return;
    }
    const devServerUrl = devServerUrlFrom(env, app.isPackaged);
    installSecurity(app, session.defaultSession, devServerUrl);
    handleAppProtocol(path.join(options.appRoot, 'dist', 'renderer'));
    const trusted = (url: string | undefined) => isTrustedOrigin(url, devServerUrl);
    registerIpc(ipcMain, handlers, trusted);
    registerPrinting(ipcMain, trusted, {
      showSaveDialog: (dialogOptions) => (win ? dialog.showSaveDialog(win, dialogOptions) : dialog.showSaveDialog(dialogOptions)),
      defaultFolder: () => app.getPath('documents'),
    });
    const ledgerDb = db;
    registerBackupDialog(ipcMain, trusted, handlers, {
      showSaveDialog: (dialogOptions) => (win ? dialog.showSaveDialog(win, dialogOptions) : dialog.showSaveDialog(dialogOptions)),
      showOpenDialog: (dialogOptions) => (win ? dialog.showOpenDialog(win, dialogOptions) : dialog.showOpenDialog(dialogOptions)),
      defaultFolder: () => app.getPath('documents'),
      defaultName: () => fullBackupName(ledgerDb, new Date()),
    });
    registerPackageDialog(ipcMain, trusted, handlers, {
      showSaveDialog: (dialogOptions) => (win ? dialog.showSaveDialog(win, dialogOptions) : dialog.showSaveDialog(dialogOptions)),
      showOpenDialog: (dialogOptions) => (win ? dialog.showOpenDialog(win, dialogOptions) : dialog.showOpenDialog(dialogOptions)),
      defaultFolder: () => app.getPath('documents'),
    });
    win = createMainWindow(path.join(options.appRoot, 'dist-electron', 'preload.cjs'), devServerUrl);
    win.on('closed', () => {
      win = null;
    });
    // Once per start (启动时, and 每日 if today has none), after the window is up; a refusal only logs.
    runStartupBackups(ledgerDb);
    const stopDaily = scheduleDailyBackups(ledgerDb);
    app.on('will-quit', stopDaily);
  });
  return { started: true, ready };
}
