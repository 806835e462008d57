import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { IpcMainInvokeEvent, OpenDialogOptions, SaveDialogOptions } from 'electron';
import { packageFileName } from '../../src/core/sync/exportPackage';
import { dispatch } from '../../src/core/dispatch';
import type { LedgerHandlers } from '../../src/shared/contract';
import { toFieldIssues } from '../../src/shared/parse';
import { SHELL_CHANNELS } from '../../src/shared/ipc';
import { fail, ok, type Result } from '../../src/shared/result';
import type { OfficeInfo } from '../../src/shared/sync';
import { syncContract, type ExportToResult } from '../../src/shared/syncContract';
import { senderUrl, type IpcRegistrar, type TrustCheck } from './ipc';

/**
 * 导出数据包 / 导入数据包 in Electron: the main process shows the save or open dialog and touches the file; the
 * window only names the destination office and passphrase, never a path. Same sender check as every channel.
 */

export interface PackageDialogDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  defaultFolder(): string;
}

/** What the contract accepts as a package in bytes (base64 of at most 560,000,000 characters). */
export const MAX_PACKAGE_FILE_BYTES = 400 * 1024 * 1024;
const FORBIDDEN_MESSAGE = '拒绝来自未知页面的请求';
const exportInput = syncContract.exportPackage.input.omit({ folder: true, fileName: true });

async function suggestedName(handlers: LedgerHandlers, to: string | null): Promise<string> {
  const offices = (await dispatch(handlers, 'listOffices', {})) as Result<OfficeInfo[]>;
  const list = offices.ok ? offices.data : [];
  const self = list.find((o) => o.isSelf)?.name ?? '本单位';
  return packageFileName(self, to === null ? null : (list.find((o) => o.id === to)?.name ?? null));
}

export async function exportToChosenFile(handlers: LedgerHandlers, deps: PackageDialogDeps, raw: unknown): Promise<Result<ExportToResult | null>> {
  const parsed = exportInput.safeParse(raw);
  if (!parsed.success) {
    // The contract's own Chinese wording where it has one (密码至少6个字符), else the shared description.
    const own = parsed.error.issues.map((i) => i.message).filter((m) => /[\u3400-\u9fff]/.test(m));
    return fail('VALIDATION', own.length > 0 ? own.join('；') : `导出设置不正确：${toFieldIssues(parsed.error, 'exportPackage').map((i) => i.message).join('；')}`);
  }
  const { to, passphrase } = parsed.data;
  const choice = await deps.showSaveDialog({
    title: '导出数据包',
    defaultPath: path.join(deps.defaultFolder(), await suggestedName(handlers, to)),
    filters: [{ name: '数据包', extensions: ['ledgerpkg'] }],
  });
  if (choice.canceled || !choice.filePath) return ok(null);
  return (await dispatch(handlers, 'exportPackage', { to, passphrase, folder: path.dirname(choice.filePath), fileName: path.basename(choice.filePath) })) as Result<ExportToResult>;
}

export async function openChosenPackage(deps: PackageDialogDeps): Promise<Result<{ fileName: string; dataBase64: string } | null>> {
  const choice = await deps.showOpenDialog({
    title: '选择数据包',
    defaultPath: deps.defaultFolder(),
    properties: ['openFile'],
    filters: [{ name: '数据包', extensions: ['ledgerpkg'] }],
  });
  const file = choice.filePaths[0];
  if (choice.canceled || !file) return ok(null);
  const fileName = path.basename(file);
  try {
    if (statSync(file).size > MAX_PACKAGE_FILE_BYTES) return fail('VALIDATION', `“${fileName}”过大，不是本程序导出的数据包`);
    return ok({ fileName, dataBase64: readFileSync(file).toString('base64') });
  } catch (error) {
    return fail('VALIDATION', `无法读取“${fileName}”：${(error as Error).message}`);
  }
}

export function registerPackageDialog(ipcMain: IpcRegistrar, isTrusted: TrustCheck, handlers: LedgerHandlers, deps: PackageDialogDeps): string[] {
  ipcMain.handle(SHELL_CHANNELS.exportPackage, (event: Pick<IpcMainInvokeEvent, 'senderFrame'>, raw: unknown) => {
    const url = senderUrl(event);
    if (url === undefined || !isTrusted(url)) return Promise.resolve(fail('FORBIDDEN', FORBIDDEN_MESSAGE));
    return exportToChosenFile(handlers, deps, raw);
  });
  ipcMain.handle(SHELL_CHANNELS.openPackage, (event: Pick<IpcMainInvokeEvent, 'senderFrame'>) => {
    const url = senderUrl(event);
    if (url === undefined || !isTrusted(url)) return Promise.resolve(fail('FORBIDDEN', FORBIDDEN_MESSAGE));
    return openChosenPackage(deps);
  });
  return [SHELL_CHANNELS.exportPackage, SHELL_CHANNELS.openPackage];
}
