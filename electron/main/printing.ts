import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { IpcMainInvokeEvent, SaveDialogOptions, WebContentsPrintOptions } from 'electron';
import { z } from 'zod';
import { SHELL_CHANNELS } from '../../src/shared/ipc';
import { toFieldIssues } from '../../src/shared/parse';
import { fail, ok, type Result } from '../../src/shared/result';
import { senderUrl, type IpcRegistrar, type TrustCheck } from './ipc';

/**
 * Printing in Electron: the system print dialog (printer choice, preview) and save-as-PDF through Chromium's
 * own PDF engine — the same one the browser host's tests check. Same sender check as the core IPC.
 */

const printSchema = z.strictObject({ landscape: z.boolean().optional() });
const pdfSchema = z.strictObject({
  // A file name only: the folder is the clerk's choice in the save dialog, never the page's.
  fileName: z.string().trim().min(1).max(100).regex(/^[^\\/:*?"<>|]+$/),
  landscape: z.boolean().optional(),
});

type PrintSender = Pick<IpcMainInvokeEvent['sender'], 'print' | 'printToPDF'>;
export type PrintEvent = Pick<IpcMainInvokeEvent, 'senderFrame'> & { sender: PrintSender };

export interface PrintDeps {
  showSaveDialog(options: SaveDialogOptions): Promise<{ canceled: boolean; filePath?: string }>;
  defaultFolder(): string;
}

/** Writes beside the target, flushes, then renames: a power cut leaves the old file or the new one, never half. */
export async function writeFileAtomically(file: string, data: Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID()}.tmp`);
  const handle = await open(temp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): Result<T> {
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return ok(parsed.data);
  const issues = toFieldIssues(parsed.error);
  return fail('VALIDATION', `打印参数不正确：${issues.map((i) => i.message).join('；')}`, issues);
}

export function printPage(event: PrintEvent, raw: unknown): Promise<Result<{ printed: boolean }>> {
  const input = parse(printSchema, raw);
  if (!input.ok) return Promise.resolve(input);
  const options: WebContentsPrintOptions = { silent: false, printBackground: true, landscape: input.data.landscape ?? false, pageSize: 'A4' };
  return new Promise((resolve) => {
    event.sender.print(options, (success, failureReason) => {
      // Cancelling the dialog is the clerk's choice, not an error.
      if (success || /cancel/i.test(failureReason)) resolve(ok({ printed: success }));
      else resolve(fail('INTERNAL', `打印失败：${failureReason}`));
    });
  });
}

export async function savePageAsPdf(event: PrintEvent, raw: unknown, deps: PrintDeps): Promise<Result<{ path: string | null }>> {
  const input = parse(pdfSchema, raw);
  if (!input.ok) return input;
  const name = input.data.fileName.toLowerCase().endsWith('.pdf') ? input.data.fileName : `${input.data.fileName}.pdf`;
  const choice = await deps.showSaveDialog({
    title: '保存为 PDF',
    defaultPath: path.join(deps.defaultFolder(), name),
    filters: [{ name: 'PDF', extensions: ['pdf'] }],
  });
  if (choice.canceled || !choice.filePath) return ok({ path: null });
  try {
    const pdf = await event.sender.printToPDF({ landscape: input.data.landscape ?? false, pageSize: 'A4', printBackground: true, preferCSSPageSize: true });
    await writeFileAtomically(choice.filePath, pdf);
    return ok({ path: choice.filePath });
  } catch (error) {
    return fail('INTERNAL', `保存 PDF 失败：${error instanceof Error ? error.message : String(error)}。请检查保存位置是否可写（如U盘是否已拔出）。`);
  }
}

/** Registers the shell channels with the same trusted-sender rule as the core API. */
export function registerPrinting(ipcMain: IpcRegistrar, isTrusted: TrustCheck, deps: PrintDeps): string[] {
  const guard =
    <T>(work: (event: PrintEvent, raw: unknown) => Promise<Result<T>>) =>
    (event: PrintEvent, raw: unknown): Promise<Result<T>> => {
      const url = senderUrl(event);
      if (url === undefined || !isTrusted(url)) return Promise.resolve(fail('FORBIDDEN', '拒绝来自未知页面的请求'));
      return work(event, raw);
    };
  ipcMain.handle(SHELL_CHANNELS.print, guard(printPage));
  ipcMain.handle(SHELL_CHANNELS.savePdf, guard((event, raw) => savePageAsPdf(event, raw, deps)));
  return [SHELL_CHANNELS.print, SHELL_CHANNELS.savePdf];
}
