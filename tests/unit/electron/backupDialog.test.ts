import { existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerBackupDialog, type BackupDialogDeps } from '../../../electron/main/backupDialog';
import { MAX_BACKUP_FILE_BYTES } from '../../../src/shared/backupContract';
import { SHELL_CHANNELS } from '../../../src/shared/ipc';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';

/** 备份到U盘 and 从文件恢复 in Electron: the path comes from the main process's dialogs, never from the page. */

type Handler = (event: unknown, raw?: unknown) => Promise<unknown>;
let ledger: TempLedger;
let deps: BackupDialogDeps;
const handlers = new Map<string, Handler>();
const frame = (url: string) => ({ senderFrame: { url, parent: null } });
const call = (channel: string, raw?: unknown, url = 'app://ledger/index.html') => handlers.get(channel)!(frame(url), raw);

beforeEach(() => {
  ledger = openTempLedger();
  deps = {
    showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: join(ledger.dir, 'U盘备份.sqlite') })),
    showOpenDialog: vi.fn(async () => ({ canceled: false, filePaths: [join(ledger.dir, 'U盘备份.sqlite')] })),
    defaultFolder: () => ledger.dir,
    defaultName: () => '台账备份.sqlite',
  };
  const ipc = { handle: (channel: string, fn: Handler) => handlers.set(channel, fn) };
  expect(registerBackupDialog(ipc as never, (url) => url?.startsWith('app://ledger/') ?? false, ledger.api, deps)).toEqual([SHELL_CHANNELS.backupTo, SHELL_CHANNELS.openBackupFile]);
});
afterEach(() => {
  ledger.cleanup();
  handlers.clear();
});

describe('backup dialog', () => {
  it('refuses unknown pages and frames before any dialog', async () => {
    for (const channel of [SHELL_CHANNELS.backupTo, SHELL_CHANNELS.openBackupFile]) {
      expect(await call(channel, {}, 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await handlers.get(channel)!({ senderFrame: { url: 'app://ledger/', parent: {} } }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      expect(await handlers.get(channel)!({ senderFrame: null }, {})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    }
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
    expect(deps.showOpenDialog).not.toHaveBeenCalled();
  });

  it('writes a verified backup where the clerk chose; a cancelled dialog writes nothing', async () => {
    expect(await call(SHELL_CHANNELS.backupTo, { folder: '/etc' })).toEqual({ ok: true, data: { path: join(ledger.dir, 'U盘备份.sqlite') } });
    expect(deps.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: join(ledger.dir, '台账备份.sqlite') }));
    expect(existsSync(join(ledger.dir, 'U盘备份.sqlite'))).toBe(true);
    deps.showSaveDialog = vi.fn(async () => ({ canceled: true }));
    expect(await call(SHELL_CHANNELS.backupTo, {})).toEqual({ ok: true, data: { path: null } });
  });
});

describe('restore from a chosen file', () => {
  it('reads the chosen backup as bytes, which preview and restore it through the contract (恢复前 first)', async () => {
    ledger.must('savePerson', { name: '张三', gender: '男' });
    await call(SHELL_CHANNELS.backupTo, {});
    ledger.must('savePerson', { name: '李四', gender: '女' });

    const opened = (await call(SHELL_CHANNELS.openBackupFile, {})) as { ok: true; data: { fileName: string; dataBase64: string } };
    expect(opened).toEqual({ ok: true, data: { fileName: 'U盘备份.sqlite', dataBase64: readFileSync(join(ledger.dir, 'U盘备份.sqlite')).toString('base64') } });
    expect(deps.showOpenDialog).toHaveBeenCalledWith(
      expect.objectContaining({ defaultPath: ledger.dir, properties: ['openFile'], filters: expect.arrayContaining([{ name: '台账备份', extensions: ['sqlite', 'db'] }]) }),
    );
    expect(ledger.must('previewBackupFile', opened.data)).toMatchObject({ id: 'U盘备份.sqlite', ok: true, counts: { people: 1 } });
    expect(await ledger.api.restoreBackupFile(opened.data)).toMatchObject({ ok: true, data: { safetyBackup: { kind: 'before-restore', counts: { people: 2 } } } });
    expect(ledger.db.prepare('SELECT name FROM people WHERE deleted_at IS NULL').pluck().all()).toEqual(['张三']);
  });

  it('never lets the page name the file: any input but {} is refused before the dialog', async () => {
    for (const raw of [{ path: '/etc/passwd' }, { fileName: 'x.sqlite' }, 'x', 42, []]) {
      expect(await call(SHELL_CHANNELS.openBackupFile, raw), JSON.stringify(raw)).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/对话框/) } });
    }
    expect(deps.showOpenDialog).not.toHaveBeenCalled();
    // The preload passes what the page gave; a missing input is the same as {}.
    deps.showOpenDialog = vi.fn(async () => ({ canceled: true, filePaths: [] }));
    expect(await call(SHELL_CHANNELS.openBackupFile, undefined)).toEqual({ ok: true, data: null });
  });

  it('a cancelled dialog gives nothing; an oversized or unreadable file is refused, named', async () => {
    deps.showOpenDialog = vi.fn(async () => ({ canceled: true, filePaths: [] }));
    expect(await call(SHELL_CHANNELS.openBackupFile, {})).toEqual({ ok: true, data: null });
    const big = join(ledger.dir, '大文件.sqlite');
    writeFileSync(big, '');
    truncateSync(big, MAX_BACKUP_FILE_BYTES + 1);
    deps.showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: [big] }));
    expect(await call(SHELL_CHANNELS.openBackupFile, {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/“大文件\.sqlite”过大/) } });
    const folder = join(ledger.dir, '文件夹.sqlite');
    mkdirSync(folder);
    deps.showOpenDialog = vi.fn(async () => ({ canceled: false, filePaths: [folder] }));
    expect(await call(SHELL_CHANNELS.openBackupFile, {})).toMatchObject({ ok: false, error: { code: 'VALIDATION', message: expect.stringMatching(/无法读取“文件夹\.sqlite”/) } });
  });
});
