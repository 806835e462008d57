import type { Database } from 'better-sqlite3';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { handleIpcCall, registerIpc, senderUrl, type IpcRegistrar } from '../../../electron/main/ipc';
import { isTrustedOrigin } from '../../../electron/main/security';
import { createLedgerApi } from '../../../src/core/api';
import { openDatabase } from '../../../src/core/db/open';
import { METHODS, ipcChannel as contractIpcChannel, type LedgerHandlers } from '../../../src/shared/contract';
import { IPC_CHANNEL_PREFIX, ipcChannel } from '../../../src/shared/ipc';
import { disposeElectron, FakeIpcMain } from './fakeElectron';
import { peopleOnDisk, tempDir } from './ledger';

// security.ts imports `shell`; no Electron binary exists here.
vi.mock('electron', async () => (await import('./fakeElectron')).electronModule);
afterAll(disposeElectron);

const APP_PAGE = { url: 'app://ledger/index.html#/people', parent: null };
const EVIL_PAGE = { url: 'https://evil.example/', parent: null };

let temp: ReturnType<typeof tempDir>;
let file: string;
let db: Database;
let handlers: LedgerHandlers;
let ipcMain: FakeIpcMain;

beforeEach(() => {
  temp = tempDir();
  file = path.join(temp.dir, 'ledger.sqlite');
  db = openDatabase(file);
  handlers = createLedgerApi(db);
  ipcMain = new FakeIpcMain();
  registerIpc(ipcMain as IpcRegistrar, handlers, (url) => isTrustedOrigin(url));
});

afterEach(() => {
  db.close();
  temp.cleanup();
});

describe('IPC registration', () => {
  it('registers exactly one handler per contract method, on the contract channel', () => {
    const channels = METHODS.map((m) => ipcChannel(m));
    expect([...ipcMain.handlers.keys()].sort()).toEqual([...channels].sort());
    expect(new Set(channels).size).toBe(METHODS.length);
    for (const m of METHODS) {
      expect(ipcChannel(m)).toBe(`${IPC_CHANNEL_PREFIX}${m}`);
      expect(contractIpcChannel(m)).toBe(ipcChannel(m));
    }
  });

  it('returns the channel names and refuses to register them twice', () => {
    const other = new FakeIpcMain();
    const channels = registerIpc(other as IpcRegistrar, handlers, () => true);
    expect(channels).toEqual(METHODS.map((m) => ipcChannel(m)));
    expect(() => registerIpc(other as IpcRegistrar, handlers, () => true)).toThrow(/registered twice/);
    // The refused second attempt registered nothing new.
    expect(other.handlers.size).toBe(METHODS.length);
  });
});

describe('IPC sender check', () => {
  it('refuses a call from a foreign page and leaves the database unchanged', async () => {
    const before = peopleOnDisk(file);
    const result = await ipcMain.invoke(ipcChannel('savePerson'), { name: '王伟', gender: '男' }, EVIL_PAGE);
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '拒绝来自未知页面的请求' } });
    expect(peopleOnDisk(file)).toEqual(before);
    expect(await ipcMain.invoke(ipcChannel('setOffice'), { name: '被篡改' }, EVIL_PAGE)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(handlers.getOffice({})).toMatchObject({ ok: true, data: { name: expect.not.stringContaining('被篡改') } });
  });

  it('refuses calls without a sender frame, from a sub-frame, or from a destroyed frame', async () => {
    const channel = ipcChannel('savePerson');
    const input = { name: '王伟', gender: '男' };
    expect(await ipcMain.invoke(channel, input, null)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ipcMain.invoke(channel, input, { url: 'app://ledger/index.html', parent: { url: 'app://ledger/' } })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const destroyed = {
      parent: null,
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(await ipcMain.invoke(channel, input, destroyed)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    for (const url of ['app://evil/index.html', 'file:///C:/ledger/index.html', 'http://127.0.0.1:5173/', 'about:blank', '']) {
      expect(await ipcMain.invoke(channel, input, { url, parent: null }), url).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(peopleOnDisk(file)).toEqual([]);
  });

  it('a trusted page saving a person writes it to the SQLite file', async () => {
    const result = (await ipcMain.invoke(ipcChannel('savePerson'), { name: '李秀英', gender: '女', unit: '红旗村' }, APP_PAGE)) as { ok: boolean; data: { id: string; name: string } };
    expect(result).toMatchObject({ ok: true, data: { name: '李秀英', gender: '女', unit: '红旗村' } });
    expect(peopleOnDisk(file)).toEqual([{ name: '李秀英' }]);
    const fetched = await ipcMain.invoke(ipcChannel('getPerson'), { id: result.data.id }, APP_PAGE);
    expect(fetched).toMatchObject({ ok: true, data: { id: result.data.id, name: '李秀英' } });
    expect(await ipcMain.invoke(ipcChannel('listPeople'), {}, APP_PAGE)).toMatchObject({ ok: true, data: { total: 1 } });
  });

  it('invalid input from a trusted page gets VALIDATION and changes nothing', async () => {
    for (const input of [{ name: 42 }, { name: '王伟', gender: '男', isAdmin: true }, 'DROP TABLE people', { id: 'not-a-uuid' }]) {
      const result = await ipcMain.invoke(ipcChannel('savePerson'), input, APP_PAGE);
      expect(result, JSON.stringify(input)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    }
    expect(await ipcMain.invoke(ipcChannel('getPerson'), { id: 'x' }, APP_PAGE)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(peopleOnDisk(file)).toEqual([]);
  });

  it('the trust check sees the top frame URL only', () => {
    const isTrusted = vi.fn(() => true);
    handleIpcCall(handlers, 'getOffice', { senderFrame: APP_PAGE as never }, {}, isTrusted);
    expect(isTrusted).toHaveBeenCalledExactlyOnceWith(APP_PAGE.url);
    expect(senderUrl({ senderFrame: null })).toBeUndefined();
  });
});
