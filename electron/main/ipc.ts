import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { METHODS, type LedgerHandlers } from '../../src/shared/contract';
import { ipcChannel } from '../../src/shared/ipc';
import { fail, type Result } from '../../src/shared/result';
import { dispatch } from '../../src/core/dispatch';

/**
 * Connects each contract method to its IPC channel. Every call is checked before it reaches the core:
 * it must come from the top frame of one of our own pages (Electron's checklist: validate the sender),
 * and its input goes through the same `dispatch` (zod validation, exceptions to Result) as every transport.
 */

export type IpcRegistrar = Pick<IpcMain, 'handle'>;
export type TrustCheck = (url: string | undefined) => boolean;

const FORBIDDEN_MESSAGE = '拒绝来自未知页面的请求';

/** Channels already registered, per ipcMain, so a second registration fails loudly instead of silently. */
const registered = new WeakMap<IpcRegistrar, Set<string>>();

/** The sender's URL if it is a live top-level frame, else undefined (which no trust check accepts). */
export function senderUrl(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): string | undefined {
  try {
    const frame = event.senderFrame;
    if (!frame || frame.parent !== null) return undefined;
    return frame.url;
  } catch {
    // A frame that navigated away or was destroyed throws on access: treat it as unknown.
    return undefined;
  }
}

export function handleIpcCall(handlers: LedgerHandlers, method: string, event: Pick<IpcMainInvokeEvent, 'senderFrame'>, raw: unknown, isTrusted: TrustCheck): Result<unknown> | Promise<Result<unknown>> {
  const url = senderUrl(event);
  if (url === undefined || !isTrusted(url)) return fail('FORBIDDEN', FORBIDDEN_MESSAGE);
  return dispatch(handlers, method, raw);
}

/** Registers one handler per contract method and returns the channel names. */
export function registerIpc(ipcMain: IpcRegistrar, handlers: LedgerHandlers, isTrusted: TrustCheck): string[] {
  const seen = registered.get(ipcMain) ?? new Set<string>();
  const channels = METHODS.map((method) => ipcChannel(method));
  const twice = channels.filter((channel, i) => seen.has(channel) || channels.indexOf(channel) !== i);
  if (twice.length > 0) throw new Error(`IPC channel registered twice: ${twice.join(', ')}`);
  registered.set(ipcMain, seen);
  METHODS.forEach((method, i) => {
    const channel = channels[i]!;
    ipcMain.handle(channel, (event, raw: unknown) => handleIpcCall(handlers, method, event, raw, isTrusted));
    seen.add(channel);
  });
  return channels;
}
