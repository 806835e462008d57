import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NativeBindingMissingError } from '../../../electron/main/nativeBinding';
import { describeOpenError, devServerUrlFrom, ledgerFile, startApp } from '../../../electron/main/startup';
import { openDatabase } from '../../../src/core/db/open';
import { METHODS } from '../../../src/shared/contract';
import { ipcChannel, SHELL_CHANNELS } from '../../../src/shared/ipc';
import { disposeElectron, FakeBrowserWindow, fakes, resetElectron } from './fakeElectron';
import { peopleOnDisk } from './ledger';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule);
afterAll(disposeElectron);

const APP_ROOT = '/opt/ledger/resources/app.asar';
/** Tests run on Node's own better-sqlite3 build: no Electron build to point at. */
const nodeBinding = () => undefined;

beforeEach(() => {
  resetElectron();
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterEach(() => {
  // Close whatever the app opened, so the temp dir can be removed on every OS.
  fakes().app.emit('will-quit');
  vi.restoreAllMocks();
});

/** Starts the app with a ledger at `file` and lets Electron become ready. */
async function start(env: Record<string, string | undefined>) {
  const handle = startApp({ appRoot: APP_ROOT, env, nativeBinding: nodeBinding });
  fakes().app.becomeReady();
  await handle.ready;
  return handle;
}

describe('single instance', () => {
  it('quits at once when another instance holds the lock, touching nothing else', async () => {
    const f = fakes();
    f.app.lock = false;
    const handle = startApp({ appRoot: APP_ROOT, env: {}, nativeBinding: nodeBinding });
    await handle.ready;
    expect(handle.started).toBe(false);
    expect(f.app.quit).toHaveBeenCalledTimes(1);
    expect(f.app.whenReady).not.toHaveBeenCalled();
    expect(f.protocol.registerSchemesAsPrivileged).not.toHaveBeenCalled();
    expect(f.ipcMain.handlers.size).toBe(0);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(existsSync(path.join(f.app.userData, 'ledger.sqlite'))).toBe(false);
  });

  it('a second launch brings the existing window back', async () => {
    await start({});
    const win = FakeBrowserWindow.instances[0]!;
    win.minimized = true;
    fakes().app.emit('second-instance', {}, [], '/');
    expect(win.minimized).toBe(false);
    expect(win.visible).toBe(true);
    expect(win.focused).toBe(true);
  });
});

describe('normal start', () => {
  it('registers the app:// scheme before ready, then opens the ledger, IPC and the window', async () => {
    const f = fakes();
    const handle = startApp({ appRoot: APP_ROOT, env: {}, nativeBinding: nodeBinding });
    expect(handle.started).toBe(true);
    expect(f.protocol.registerSchemesAsPrivileged).toHaveBeenCalledTimes(1);
    expect(f.ipcMain.handlers.size).toBe(0);
    expect(FakeBrowserWindow.instances).toHaveLength(0);

    f.app.becomeReady();
    await handle.ready;
    const file = path.join(f.app.userData, 'ledger.sqlite');
    expect(existsSync(file)).toBe(true);
    expect([...f.ipcMain.handlers.keys()].sort()).toEqual([...METHODS.map((m) => ipcChannel(m)), ...Object.values(SHELL_CHANNELS)].sort());
    expect(f.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    expect(f.session.permissionRequestHandler).not.toBeNull();
    expect(FakeBrowserWindow.instances).toHaveLength(1);
    const win = FakeBrowserWindow.instances[0]!;
    expect(win.loadedUrl).toBe('app://ledger/index.html');
    expect((win.options.webPreferences as { preload: string }).preload).toBe(path.join(APP_ROOT, 'dist-electron', 'preload.cjs'));
    expect(f.dialog.showErrorBox).not.toHaveBeenCalled();
  });

  it('uses LEDGER_DB when set, and the renderer can write to it through IPC', async () => {
    const file = path.join(fakes().tempDir, '台账 测试.sqlite');
    await start({ LEDGER_DB: file });
    const saved = await fakes().ipcMain.invoke(ipcChannel('savePerson'), { name: '赵敏', gender: '女' });
    expect(saved).toMatchObject({ ok: true, data: { name: '赵敏' } });
    expect(peopleOnDisk(file)).toEqual([{ name: '赵敏' }]);
    expect(existsSync(path.join(fakes().app.userData, 'ledger.sqlite'))).toBe(false);
  });

  it('closes the database on will-quit', async () => {
    await start({});
    const { ipcMain, app } = fakes();
    expect(await ipcMain.invoke(ipcChannel('getOffice'), {})).toMatchObject({ ok: true });
    app.emit('will-quit');
    // Handlers stay registered but the connection is gone: a late call gets a Result, not a crash.
    expect(await ipcMain.invoke(ipcChannel('getOffice'), {})).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('quits when the last window closes', async () => {
    await start({});
    fakes().app.emit('window-all-closed');
    expect(fakes().app.quit).toHaveBeenCalled();
  });

  it('loads the dev server only when unpackaged and only from loopback', async () => {
    await start({ VITE_DEV_SERVER_URL: 'http://127.0.0.1:5173/' });
    expect(FakeBrowserWindow.instances[0]!.loadedUrl).toBe('http://127.0.0.1:5173/');
    const dev = await fakes().ipcMain.invoke(ipcChannel('getOffice'), {}, { url: 'http://127.0.0.1:5173/', parent: null });
    expect(dev).toMatchObject({ ok: true });

    fakes().app.emit('will-quit');
    resetElectron();
    fakes().app.isPackaged = true;
    await start({ VITE_DEV_SERVER_URL: 'http://127.0.0.1:5173/' });
    expect(FakeBrowserWindow.instances[0]!.loadedUrl).toBe('app://ledger/index.html');
    const refused = await fakes().ipcMain.invoke(ipcChannel('getOffice'), {}, { url: 'http://127.0.0.1:5173/', parent: null });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('automatic backups', () => {
  const backups = (kind: string) => {
    const dir = path.join(fakes().app.userData, 'backups');
    return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(`${kind}_`)).sort() : [];
  };

  afterEach(() => {
    vi.useRealTimers();
  });

  it('a start makes the 启动时 and the day\'s 每日 backup beside the ledger, and starts the hourly daily check until will-quit', async () => {
    // Only the interval and the clock are faked: SQLite, fs and promises run for real.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date(2026, 10, 22, 22, 30, 0));
    await start({});
    expect(backups('启动时')).toEqual(['启动时_2026-11-22_223000.sqlite']);
    expect(backups('每日')).toEqual(['每日_2026-11-22_223000.sqlite']);
    expect(vi.getTimerCount()).toBe(1);

    // Left running overnight: the first hourly check after midnight makes the next day's one.
    vi.advanceTimersByTime(3600_000);
    expect(backups('每日')).toEqual(['每日_2026-11-22_223000.sqlite']);
    vi.advanceTimersByTime(3600_000);
    expect(backups('每日')).toEqual(['每日_2026-11-22_223000.sqlite', '每日_2026-11-23_003000.sqlite']);

    fakes().app.emit('will-quit');
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(48 * 3600_000);
    expect(backups('每日')).toHaveLength(2);
    expect(backups('启动时')).toHaveLength(1);
  });

  it('a ledger that cannot be opened gets no backup and no schedule', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const file = path.join(fakes().tempDir, 'no-such-folder', 'ledger.sqlite');
    await start({ LEDGER_DB: file });
    expect(fakes().dialog.showErrorBox).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(0);
    expect(existsSync(path.join(fakes().tempDir, 'no-such-folder'))).toBe(false);
  });
});

describe('restore from a chosen backup file', () => {
  it('the main process asks with an open dialog on the window; the bytes are previewed and restored through IPC', async () => {
    await start({});
    const { ipcMain, dialog, app, tempDir } = fakes();
    await ipcMain.invoke(ipcChannel('setOffice'), { name: '红旗镇' });
    await ipcMain.invoke(ipcChannel('savePerson'), { name: '张三', gender: '男' });
    const made = (await ipcMain.invoke(ipcChannel('backupNow'), {})) as { ok: true; data: { id: string } };
    const usb = path.join(tempDir, 'U盘');
    mkdirSync(usb);
    copyFileSync(path.join(app.userData, 'backups', made.data.id), path.join(usb, '红旗镇备份.sqlite'));
    await ipcMain.invoke(ipcChannel('savePerson'), { name: '李四', gender: '女' });

    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [path.join(usb, '红旗镇备份.sqlite')] });
    const opened = (await ipcMain.invoke(SHELL_CHANNELS.openBackupFile, {})) as { ok: true; data: { fileName: string; dataBase64: string } };
    expect(opened).toMatchObject({ ok: true, data: { fileName: '红旗镇备份.sqlite' } });
    expect(dialog.showOpenDialog).toHaveBeenCalledWith(FakeBrowserWindow.instances[0], expect.objectContaining({ properties: ['openFile'] }));
    // A foreign page gets neither the dialog nor the restore.
    expect(await ipcMain.invoke(SHELL_CHANNELS.openBackupFile, {}, { url: 'https://evil.example/', parent: null })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ipcMain.invoke(ipcChannel('restoreBackupFile'), opened.data, { url: 'https://evil.example/', parent: null })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dialog.showOpenDialog).toHaveBeenCalledTimes(1);

    expect(await ipcMain.invoke(ipcChannel('previewBackupFile'), opened.data)).toMatchObject({ ok: true, data: { officeName: '红旗镇', counts: { people: 1 } } });
    expect(await ipcMain.invoke(ipcChannel('restoreBackupFile'), opened.data)).toMatchObject({ ok: true, data: { safetyBackup: { kind: 'before-restore', counts: { people: 2 } } } });
    expect(peopleOnDisk(path.join(app.userData, 'ledger.sqlite'))).toEqual([{ name: '张三' }]);

    // A file that is not a ledger is refused, named, and nothing changes.
    writeFileSync(path.join(usb, '照片.jpg'), Buffer.alloc(5000, 0xff));
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [path.join(usb, '照片.jpg')] });
    const photo = (await ipcMain.invoke(SHELL_CHANNELS.openBackupFile, {})) as { ok: true; data: { fileName: string; dataBase64: string } };
    expect(await ipcMain.invoke(ipcChannel('restoreBackupFile'), photo.data)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/^“照片\.jpg”不能用于恢复.*当前数据没有改动。$/) } });
    expect(peopleOnDisk(path.join(app.userData, 'ledger.sqlite'))).toEqual([{ name: '张三' }]);
  });
});

describe('a ledger that cannot be opened', () => {
  function expectRefusedStart(file: string, ...phrases: string[]) {
    const f = fakes();
    expect(f.dialog.showErrorBox).toHaveBeenCalledTimes(1);
    const [title, message] = f.dialog.showErrorBox.mock.calls[0] as [string, string];
    expect(title).toBe('无法打开台账数据');
    expect(message).toContain(file);
    for (const phrase of phrases) expect(message).toContain(phrase);
    expect(f.app.quit).toHaveBeenCalled();
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(f.ipcMain.handlers.size).toBe(0);
  }

  it('a database from a newer program: explains, quits, opens no window', async () => {
    const file = path.join(fakes().tempDir, 'newer.sqlite');
    const db = openDatabase(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(9999, 'from_the_future', new Date().toISOString());
    db.close();
    await start({ LEDGER_DB: file });
    expectRefusedStart(file, '结构版本', '请升级程序');
    // Nothing was migrated or removed: the future row is still there.
    const check = new BetterSqlite3(file, { readonly: true });
    expect(check.prepare('SELECT COUNT(*) AS n FROM schema_migrations WHERE version = 9999').get()).toEqual({ n: 1 });
    check.close();
  });

  it('a file that is not a database: explains, quits, leaves the file as it was', async () => {
    const file = path.join(fakes().tempDir, '花名册.xlsx');
    const content = Buffer.from('PK\u0003\u0004 this is a spreadsheet, not a ledger'.repeat(50));
    writeFileSync(file, content);
    await start({ LEDGER_DB: file });
    expectRefusedStart(file, '不是台账数据文件');
    expect(readFileSync(file).equals(content)).toBe(true);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('a folder that does not exist: explains and quits', async () => {
    const file = path.join(fakes().tempDir, 'no-such-folder', 'ledger.sqlite');
    await start({ LEDGER_DB: file });
    expectRefusedStart(file, '文件夹不存在');
  });

  it('a missing Electron build of better-sqlite3: shows its message and quits', async () => {
    const handle = startApp({
      appRoot: APP_ROOT,
      env: {},
      nativeBinding: () => {
        throw new NativeBindingMissingError('缺少适用于 Electron 的数据库组件。请先运行 node scripts/electron-native.mjs');
      },
    });
    fakes().app.becomeReady();
    await handle.ready;
    expectRefusedStart(path.join(fakes().app.userData, 'ledger.sqlite'), 'node scripts/electron-native.mjs');
  });
});

describe('startup helpers', () => {
  it('ledgerFile: LEDGER_DB wins, resolved to an absolute path; else userData/ledger.sqlite', () => {
    expect(ledgerFile({}, '/home/u/.config/乡镇党建台账')).toBe(path.join('/home/u/.config/乡镇党建台账', 'ledger.sqlite'));
    expect(ledgerFile({ LEDGER_DB: '  ' }, '/data')).toBe(path.join('/data', 'ledger.sqlite'));
    expect(ledgerFile({ LEDGER_DB: '/mnt/usb/台账.sqlite' }, '/data')).toBe(path.resolve('/mnt/usb/台账.sqlite'));
    expect(path.isAbsolute(ledgerFile({ LEDGER_DB: 'rel.sqlite' }, '/data'))).toBe(true);
  });

  it('devServerUrlFrom: loopback http only, never when packaged', () => {
    expect(devServerUrlFrom({ VITE_DEV_SERVER_URL: 'http://127.0.0.1:5173/' }, false)).toBe('http://127.0.0.1:5173/');
    expect(devServerUrlFrom({ VITE_DEV_SERVER_URL: 'http://localhost:5173' }, false)).toBe('http://localhost:5173/');
    expect(devServerUrlFrom({ VITE_DEV_SERVER_URL: 'http://[::1]:5173/' }, false)).toBe('http://[::1]:5173/');
    expect(devServerUrlFrom({ VITE_DEV_SERVER_URL: 'http://127.0.0.1:5173/' }, true)).toBeUndefined();
    for (const url of ['https://evil.example/', 'http://192.168.1.10:5173/', 'http://127.0.0.1.evil.example/', 'file:///x', 'garbage', '']) {
      expect(devServerUrlFrom({ VITE_DEV_SERVER_URL: url }, false), url).toBeUndefined();
    }
    expect(devServerUrlFrom({}, false)).toBeUndefined();
  });

  it('describeOpenError: a reason a clerk can act on for locked and unreadable files', () => {
    const busy = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(describeOpenError('D:\\台账\\ledger.sqlite', busy)).toMatch(/D:\\台账\\ledger\.sqlite[\s\S]*占用[\s\S]*database is locked[\s\S]*程序将退出/);
    const denied = Object.assign(new Error('unable to open database file'), { code: 'SQLITE_CANTOPEN' });
    expect(describeOpenError('/x.sqlite', denied)).toContain('写入权限');
    expect(describeOpenError('/x.sqlite', Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_READ' }))).toContain('U盘');
    expect(describeOpenError('/x.sqlite', 'weird')).toContain('技术信息：weird');
    const wrongAbi = Object.assign(new Error('was compiled against a different Node.js version using NODE_MODULE_VERSION 115'), { code: 'ERR_DLOPEN_FAILED' });
    expect(describeOpenError('/x.sqlite', wrongAbi)).toContain('重新安装');
    const missing = new NativeBindingMissingError('安装不完整：缺少数据库组件，请重新安装本程序。');
    expect(describeOpenError('/x.sqlite', missing)).not.toContain('技术信息');
  });
});
