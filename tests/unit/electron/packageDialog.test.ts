import { existsSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_PACKAGE_FILE_BYTES, registerPackageDialog, type PackageDialogDeps } from '../../../electron/main/packageDialog';
import { SHELL_CHANNELS } from '../../../src/shared/ipc';
import { importInto, introduce, makeOffice, type TestOffice } from '../../helpers/offices';

/** 导出数据包 / 导入数据包 in Electron: the path comes from the main process's dialogs, never from the page. */

type Handler = (event: unknown, raw?: unknown) => Promise<unknown>;
let town: TestOffice;
let county: TestOffice;
let deps: PackageDialogDeps;
const handlers = new Map<string, Handler>();
const frame = (url: string) => ({ senderFrame: { url, parent: null } });
const call = (channel: string, raw?: unknown, url = 'app://ledger/index.html') => handlers.get(channel)!(frame(url), raw);

beforeEach(() => {
  town = makeOffice('红旗镇');
  county = makeOffice('青山县');
  introduce(town, county);
  town.must('savePerson', { name: '张三', gender: '男' });
  deps = {
    showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: join(town.dir, '给县里.ledgerpkg') })),
    showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [join(town.dir, '给县里.ledgerpkg')] })),
    defaultFolder: () => town.dir,
  };
  const ipc = { handle: (channel: string, fn: Handler) => handlers.set(channel, fn) };
  expect(registerPackageDialog(ipc as never, (url) => url?.startsWith('app://ledger/') ?? false, town.api, deps)).toEqual([SHELL_CHANNELS.exportPackage, SHELL_CHANNELS.openPackage]);
});
afterEach(() => {
  town.cleanup();
  county.cleanup();
  handlers.clear();
});

describe('package dialogs', () => {
  it('refuse unknown pages before any dialog', async () => {
    for (const channel of [SHELL_CHANNELS.exportPackage, SHELL_CHANNELS.openPackage]) {
      expect(await call(channel, { to: null, passphrase: '123456' }, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await handlers.get(channel)!({ senderFrame: { url: 'app://ledger/', parent: {} } }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
    expect(deps.showOpenDialog).not.toHaveBeenCalled();
  });

  it('writes a verified package where the clerk chose, named for the destination; it imports at the other office', async () => {
    const answer = (await call(SHELL_CHANNELS.exportPackage, { to: county.officeId, passphrase: null })) as { ok: true; data: { path: string; opCount: number; to: { name: string } } };
    expect(answer).toMatchObject({ ok: true, data: { path: join(town.dir, '给县里.ledgerpkg'), to: { name: '青山县' } } });
    expect(answer.data.opCount).toBeGreaterThan(0);
    expect(deps.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: expect.stringMatching(/红旗镇_致_青山县_\d{4}-\d{2}-\d{2}\.ledgerpkg$/) }));
    const summary = importInto(county, readFileSync(answer.data.path));
    expect(summary.created).toBeGreaterThan(0);
    expect(county.db.prepare("SELECT count(*) FROM people WHERE name = '张三'").pluck().get()).toBe(1);
  });

  it('never lets the page name the folder, checks the passphrase before the dialog, and writes nothing when cancelled', async () => {
    expect(await call(SHELL_CHANNELS.exportPackage, { to: null, passphrase: '123456', folder: '/etc' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await call(SHELL_CHANNELS.exportPackage, { to: null, passphrase: '123' })).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: '密码至少6个字符' } });
    expect(await call(SHELL_CHANNELS.exportPackage, 'x')).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
    deps.showSaveDialog = vi.fn(async () => ({ canceled: true }));
    expect(await call(SHELL_CHANNELS.exportPackage, { to: county.officeId, passphrase: null })).toEqual({ ok: true, data: null });
    expect(existsSync(join(town.dir, '给县里.ledgerpkg'))).toBe(false);
    expect(town.db.prepare('SELECT count(*) FROM sync_exports').pluck().get()).toBe(0);
  });

  it('reads the chosen package as bytes; a cancelled dialog or an oversized file gives nothing', async () => {
    writeFileSync(join(town.dir, '给县里.ledgerpkg'), Buffer.from([1, 2, 3, 250]));
    expect(await call(SHELL_CHANNELS.openPackage, { path: '/etc/passwd' })).toEqual({ ok: true, data: { fileName: '给县里.ledgerpkg', dataBase64: Buffer.from([1, 2, 3, 250]).toString('base64') } });
    expect(deps.showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ properties: ['openFile'], filters: [{ name: '数据包', extensions: ['ledgerpkg'] }] }));
    truncateSync(join(town.dir, '给县里.ledgerpkg'), MAX_PACKAGE_FILE_BYTES + 1);
    expect(await call(SHELL_CHANNELS.openPackage, {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/过大/) } });
    deps.showOpenDialog = vi.fn(async () => ({ canceled: true, filePaths: [] }));
    expect(await call(SHELL_CHANNELS.openPackage, {})).toEqual({ ok: true, data: null });
    deps.showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: [join(town.dir, 'missing.ledgerpkg')] }));
    expect(await call(SHELL_CHANNELS.openPackage, {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/无法读取/) } });
  });
});
