import { LOCKED_MESSAGE } from '../../shared/audit';
import { METHODS, type Input, type LedgerApi, type Method, type Output } from '../../shared/contract';
import { fail, type Result } from '../../shared/result';
import type { ShellApi } from '../../shared/shell';

declare global {
  interface Window {
    /** Exposed by the Electron preload; absent in the browser host. */
    ledger?: LedgerApi;
    /** Electron-only: print dialog and save as PDF. */
    ledgerShell?: ShellApi;
  }
}

/** The browser host answers the same contract over HTTP on 127.0.0.1. */
async function post<M extends Method>(method: M, input: Input<M>): Promise<Result<Output<M>>> {
  try {
    const response = await fetch(`./api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
    return (await response.json()) as Result<Output<M>>;
  } catch {
    return fail('INTERNAL', '无法连接到本地数据服务，请确认程序仍在运行');
  }
}

/**
 * Electron cannot clone Vue's reactive proxies across the context bridge, so the preload gets a plain
 * JSON copy — the same data the HTTP transport sends.
 */
function preloadApi(bridge: LedgerApi): LedgerApi {
  const plain = (input: unknown) => JSON.parse(JSON.stringify(input ?? {})) as never;
  return Object.fromEntries(METHODS.map((m) => [m, (input: unknown) => bridge[m](plain(input))])) as LedgerApi;
}

function httpApi(): LedgerApi {
  return Object.fromEntries(METHODS.map((m) => [m, (input: Input<typeof m>) => post(m, input)])) as LedgerApi;
}

/** Told when an answer says the app is locked (by the idle timer in the core), so the lock screen shows at once. */
export const lockedListeners = new Set<() => void>();

function watchLocked(inner: LedgerApi): LedgerApi {
  const wrap = (m: Method) => async (input: never) => {
    const result = await (inner[m] as (input: never) => Promise<Result<unknown>>)(input);
    if (!result.ok && result.error.code === 'FORBIDDEN' && result.error.message === LOCKED_MESSAGE) lockedListeners.forEach((listener) => listener());
    return result;
  };
  return Object.fromEntries(METHODS.map((m) => [m, wrap(m)])) as LedgerApi;
}

/** Preload when running in Electron, HTTP otherwise: the rest of the renderer never knows which. */
export const api: LedgerApi = watchLocked(window.ledger ? preloadApi(window.ledger) : httpApi());
