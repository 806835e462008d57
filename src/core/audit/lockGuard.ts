import type { LedgerHandlers, Method } from '../../shared/contract';
import { LOCKED_MESSAGE } from '../../shared/audit';
import { METHODS_WHILE_LOCKED } from '../../shared/auditContract';
import { fail } from '../../shared/result';
import type { AppLock } from './appLock';

/** Calls that are not someone using the app: polling the lock itself must not keep it open. */
const NOT_ACTIVITY = new Set(['lockState', 'unlock']);

/**
 * Every handler behind the app lock: while locked, all but unlock/lockState/getOffice answer FORBIDDEN, so
 * the ledger is closed in the process that serves it, whatever the window does. Any other call counts as
 * activity for the automatic lock.
 */
export function guardHandlers(handlers: LedgerHandlers, lock: AppLock): LedgerHandlers {
  const open = new Set(METHODS_WHILE_LOCKED);
  const guarded = {} as Record<string, unknown>;
  for (const method of Object.keys(handlers) as Method[]) {
    const handler = handlers[method] as (input: unknown) => unknown;
    guarded[method] = open.has(method)
      ? handler
      : (input: unknown) => {
          if (lock.isLocked()) return fail('FORBIDDEN', LOCKED_MESSAGE);
          if (!NOT_ACTIVITY.has(method)) lock.touch();
          return handler(input);
        };
  }
  return guarded as LedgerHandlers;
}
