import path from 'node:path';
import type { IpcMainInvokeEvent, SaveDialogOptions } from 'electron';
import { dispatch } from '../../src/core/dispatch';
import type { BackupToResult } from '../../src/shared/backupContract';
import type { LedgerHandlers } from '../../src/shared/contract';
import { SHELL_CHANNELS } from '../../src/shared/ipc';
import { fail, ok, type Result } from '../../src/shared/result';
import { senderUrl, type IpcRegistrar, type TrustCheck } from './ipc';

/**
 * 备份到U盘: the main process asks where with a save dialog and writes a verified backup there. The window
 * never names a path itself; it only asks for the dialog. Same sender check as every other channel.
 */

export interface BackupDialogDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  defaultFolder(): string;
  /** 台账备份_<单位>_<日期>.sqlite, from the open ledger. */
  defaultName(): string;
}

export async function backupToChosenFile(handlers: LedgerHandlers, deps: BackupDialogDeps): Promise<Result<{ path: string | null }>> {
  const choice = await deps.showSaveDialog({
    title: '备份到U盘或其他位置',
    defaultPath: path.join(deps.defaultFolder(), deps.defaultName()),
    filters: [{ name: '台账备份', extensions: ['sqlite'] }],
  });
  if (choice.canceled || !choice.filePath) return ok({ path: null });
  const answer = (await dispatch(handlers, 'backupTo', { folder: path.dirname(choice.filePath), fileName: path.basename(choice.filePath) })) as Result<BackupToResult>;
  return answer.ok ? ok({ path: answer.data.path }) : answer;
}

export function registerBackupDialog(ipcMain: IpcRegistrar, isTrusted: TrustCheck, handlers: LedgerHandlers, deps: BackupDialogDeps): string[] {
  ipcMain.handle(SHELL_CHANNELS.backupTo, (event: Pick<IpcMainInvokeEvent, 'senderFrame'>) => {
    const url = senderUrl(event);
    if (url === undefined || !isTrusted(url)) return Promise.resolve(fail('FORBIDDEN', '拒绝来自未知页面的请求'));
    return backupToChosenFile(handlers, deps);
  });
  return [SHELL_CHANNELS.backupTo];
}
