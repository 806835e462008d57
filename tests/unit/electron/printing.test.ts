import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { printPage, registerPrinting, savePageAsPdf, type PrintDeps, type PrintEvent } from '../../../electron/main/printing';
import { SHELL_CHANNELS } from '../../../src/shared/ipc';
import { makeTempDir } from '../../helpers/ledger';

/** The shell's print channels: trusted senders only, validated input, PDFs written atomically. */

const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]); // "%PDF-"

function event(url: string, overrides: Partial<PrintEvent['sender']> = {}): PrintEvent {
  return {
    senderFrame: { url, parent: null } as unknown as PrintEvent['senderFrame'],
    sender: {
      print: vi.fn((_options, callback: (success: boolean, reason: string) => void) => callback(true, '')),
      printToPDF: vi.fn(async () => Buffer.from(PDF)),
      ...overrides,
    } as unknown as PrintEvent['sender'],
  };
}

let temp: ReturnType<typeof makeTempDir>;
let deps: PrintDeps;

beforeEach(() => {
  temp = makeTempDir();
  deps = { showSaveDialog: vi.fn(async () => ({ canceled: false, filePath: join(temp.dir, '花名册.pdf') })), defaultFolder: () => temp.dir };
});
afterEach(() => temp.cleanup());

describe('printing', () => {
  it('registers exactly the shell channels and refuses untrusted senders', async () => {
    const handlers = new Map<string, (e: PrintEvent, raw: unknown) => Promise<unknown>>();
    const ipc = { handle: (channel: string, fn: (e: PrintEvent, raw: unknown) => Promise<unknown>) => handlers.set(channel, fn) };
    const channels = registerPrinting(ipc as never, (url) => url?.startsWith('app://ledger/') ?? false, deps);
    expect(channels.sort()).toEqual([SHELL_CHANNELS.print, SHELL_CHANNELS.savePdf].sort());
    const evil = event('https://evil.example/');
    expect(await handlers.get(SHELL_CHANNELS.savePdf)!(evil, { fileName: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(evil.sender.printToPDF).not.toHaveBeenCalled();
    expect(deps.showSaveDialog).not.toHaveBeenCalled();
    const own = event('app://ledger/index.html');
    expect(await handlers.get(SHELL_CHANNELS.print)!(own, { landscape: true })).toEqual({ ok: true, data: { printed: true } });
    expect(own.sender.print).toHaveBeenCalledWith(expect.objectContaining({ silent: false, landscape: true, pageSize: 'A4' }), expect.any(Function));
  });

  it('treats a cancelled print dialog as no print, not as an error', async () => {
    const e = event('app://ledger/', { print: vi.fn((_o, cb: (s: boolean, r: string) => void) => cb(false, 'Print job canceled')) as never });
    expect(await printPage(e, {})).toEqual({ ok: true, data: { printed: false } });
  });

  it('saves the page as a PDF where the clerk chose, with Chromium page sizes from CSS', async () => {
    const e = event('app://ledger/');
    const result = await savePageAsPdf(e, { fileName: '红旗镇干部花名册', landscape: true }, deps);
    expect(result).toEqual({ ok: true, data: { path: join(temp.dir, '花名册.pdf') } });
    expect(readFileSync(join(temp.dir, '花名册.pdf'))).toEqual(Buffer.from(PDF));
    expect(e.sender.printToPDF).toHaveBeenCalledWith(expect.objectContaining({ landscape: true, preferCSSPageSize: true, pageSize: 'A4' }));
    expect(deps.showSaveDialog).toHaveBeenCalledWith(expect.objectContaining({ defaultPath: join(temp.dir, '红旗镇干部花名册.pdf') }));
    // No temp file is left beside it.
    expect(readdirSync(temp.dir)).toEqual(['花名册.pdf']);
  });

  it('writes nothing when the clerk cancels the save dialog', async () => {
    deps.showSaveDialog = vi.fn(async () => ({ canceled: true }));
    const e = event('app://ledger/');
    expect(await savePageAsPdf(e, { fileName: 'x' }, deps)).toEqual({ ok: true, data: { path: null } });
    expect(e.sender.printToPDF).not.toHaveBeenCalled();
  });

  it('refuses a file name carrying a path, and reports a failed write in Chinese', async () => {
    const e = event('app://ledger/');
    expect(await savePageAsPdf(e, { fileName: '../../etc/passwd' }, deps)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await savePageAsPdf(e, { fileName: 'a', extra: 1 }, deps)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    deps.showSaveDialog = vi.fn(async () => ({ canceled: false, filePath: join(temp.dir, 'missing-folder', 'a.pdf') }));
    const failed = await savePageAsPdf(e, { fileName: 'a' }, deps);
    expect(failed).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(!failed.ok && failed.error.message).toContain('保存 PDF 失败');
    expect(existsSync(join(temp.dir, 'missing-folder'))).toBe(false);
  });
});
