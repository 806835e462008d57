import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { registerBackupDialog, type BackupDialogDeps } from '../../../electron/main/backupDialog';
import { SHELL_CHANNELS } from '../../../src/shared/ipc';
import { openTempLedger, type TempLedger } from '../../helpers/ledger';

/** 备份到U盘 in Electron: the folder comes from the main process's save dialog, never from the page. */

let ledger: TempLedger;
let deps: BackupDialogDeps;
let handler: (event: unknown, raw?: unknown) => Promise<unknown>;
const frame = (url: string) => ({ senderFrame: { url, parent: null } });

beforeEach(() => {
  ledger = openTempLedger();
  deps = { showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: join(ledger.dir, 'U盘备份.sqlite') })), defaultFolder: () => ledger.dir, defaultName: () => '台账备份.sqlite' };
  const ipc = { handle: (_channel: string, fn: typeof handler) => (handler = fn) };
  expect(registerBackupDialog(ipc as never, (url) => url?.startsWith('app://ledger/') ?? false, ledger.api, deps)).toEqual([SHELL_CHANNELS.backupTo]);
});
afterEach(() => ledger.cleanup());

describe('backup dialog', () => {
  it('refuses unknown pages before any dialog', async () => {
    expect(await handler(frame('https://evil.example/'))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
  });

  it('writes a verified backup where the clerk chose; a cancelled dialog writes nothing', async () => {
    expect(await handler(frame('app://ledger/index.html'), { folder: '/etc' })).toEqual({ ok: true, data: { path: join(ledger.dir, 'U盘备份.sqlite') } });
    expect(deps.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: join(ledger.dir, '台账备份.sqlite') }));
    expect(existsSync(join(ledger.dir, 'U盘备份.sqlite'))).toBe(true);
    deps.showSaveDialog = vi.fn(async () => ({ canceled: true }));
    expect(await handler(frame('app://ledger/'))).toEqual({ ok: true, data: { path: null } });
  });
});
