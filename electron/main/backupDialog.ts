import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { z } from 'zod';
import { dispatch } from '../../src/core/dispatch';
import { MAX_BACKUP_FILE_BYTES, type BackupToResult } from '../../src/shared/backupContract';
import type { LedgerHandlers } from '../../src/shared/contract';
import { SHELL_CHANNELS } from '../../src/shared/ipc';
import { fail, ok, type Result } from '../../src/shared/result';
import { senderUrl, type IpcRegistrar, type TrustCheck } from './ipc';

/**
 * 备份到U盘 and 从文件恢复: the main process asks where with a save or open dialog and touches the file. The window
 * never names a path itself; it only asks for the dialog. Same sender check as every other channel.
 */

export interface BackupDialogDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  defaultFolder(): string;
  /** 台账备份_<单位>_<日期>.sqlite, from the open ledger. */
  defaultName(): string;
}

const FORBIDDEN_MESSAGE = '拒绝来自未知页面的请求';
/** The window asks for the dialog and nothing else: no path, no folder. */
const noInput = z.strictObject({});

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

/**
 * 从文件恢复: the open dialog, then the chosen file's bytes for previewBackupFile and restoreBackupFile, which check
 * it (integrity, ledger tables, schema version) before anything is shown or changed.
 */
export async function openChosenBackup(deps: BackupDialogDeps, raw: unknown): Promise<Result<{ fileName: string; dataBase64: string } | null>> {
  if (!noInput.safeParse(raw ?? {}).success) return fail('VALIDATION', '选择备份文件的请求不正确：文件只能在对话框中选择');
  const choice = await deps.showOpenDialog({
    title: '选择要恢复的备份文件',
    defaultPath: deps.defaultFolder(),
    properties: ['openFile'],
    filters: [
      { name: '台账备份', extensions: ['sqlite', 'db'] },
      { name: '所有文件', extensions: ['*'] },
    ],
  });
  const file = choice.filePaths[0];
  if (choice.canceled || !file) return ok(null);
  const fileName = path.basename(file);
  try {
    if (statSync(file).size > MAX_BACKUP_FILE_BYTES) return fail('VALIDATION', `“${fileName}”过大（超过 400 MB），不是本程序的台账备份。当前数据没有改动。`);
    return ok({ fileName, dataBase64: readFileSync(file).toString('base64') });
  } catch (error) {
    return fail('VALIDATION', `无法读取“${fileName}”：${(error as Error).message}`);
  }
}

export function registerBackupDialog(ipcMain: IpcRegistrar, isTrusted: TrustCheck, handlers: LedgerHandlers, deps: BackupDialogDeps): string[] {
  ipcMain.handle(SHELL_CHANNELS.backupTo, (event: Pick<IpcMainInvokeEvent, 'senderFrame'>) => {
    const url = senderUrl(event);
    if (url === undefined || !isTrusted(url)) return Promise.resolve(fail('FORBIDDEN', FORBIDDEN_MESSAGE));
    return backupToChosenFile(handlers, deps);
  });
  ipcMain.handle(SHELL_CHANNELS.openBackupFile, (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, raw: unknown) => {
    const url = senderUrl(event);
    if (url === undefined || !isTrusted(url)) return Promise.resolve(fail('FORBIDDEN', FORBIDDEN_MESSAGE));
    return openChosenBackup(deps, raw);
  });
  return [SHELL_CHANNELS.backupTo, SHELL_CHANNELS.openBackupFile];
}
