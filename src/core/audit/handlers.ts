import type { Database } from 'better-sqlite3';
import type { auditContract } from '../../shared/auditContract';
import type { LedgerHandlers } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import { LockRefused, WrongPassword, type AppLock } from './appLock';
import { exportAuditLog } from './auditExport';
import { auditLog, recordHistory } from './auditLog';
import { chooseOperator, currentOperator, forgetOperator, operatorState } from './operators';

type AuditHandlers = Pick<LedgerHandlers, keyof typeof auditContract>;

async function guarded<T>(work: () => T | Promise<T>): Promise<Result<T>> {
  try {
    return ok(await work());
  } catch (error) {
    if (error instanceof WrongPassword) return fail('FORBIDDEN', error.message);
    if (error instanceof LockRefused) return fail('VALIDATION', error.message);
    throw error;
  }
}

/** The audit methods of the contract, spread into createLedgerApi. */
export function auditHandlers(db: Database, lock: AppLock): AuditHandlers {
  return {
    listOperators: () => ok(operatorState(db)),
    setCurrentOperator: ({ name }) => ok(chooseOperator(db, name)),
    getCurrentOperator: () => ok(currentOperator(db)),
    removeOperator: ({ name }) => ok(forgetOperator(db, name)),
    recordHistory: (input) => ok(recordHistory(db, input)),
    auditLog: (input) => ok(auditLog(db, input)),
    exportAuditLog: (input) => exportAuditLog(db, input),
    lockState: ({ active }) => {
      if (active) lock.touch();
      return ok(lock.state());
    },
    setLockPassword: (input) => guarded(() => lock.setPassword(input.old, input.new)),
    clearLockPassword: ({ password }) => guarded(() => lock.clearPassword(password)),
    setLockIdleMinutes: ({ minutes }) => guarded(() => lock.setIdleMinutes(minutes)),
    lock: () => guarded(() => lock.lock()),
    unlock: ({ password }) => guarded(() => lock.unlock(password)),
  };
}
