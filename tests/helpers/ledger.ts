import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { openDatabase } from '../../src/core/db/open';
import { dispatch } from '../../src/core/dispatch';
import type { Input, LedgerHandlers, Method, Output } from '../../src/shared/contract';
import type { LedgerError, Result } from '../../src/shared/result';
import { idCheckChar } from '../../src/shared/validate/idNumber';
import { CJK } from './cjk';

/** A fresh directory under the OS temp dir; `cleanup` removes it and everything in it. */
export function makeTempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A real ledger file in a temp dir, opened with openDatabase, with the API over it. `call` goes through
 * dispatch, exactly as IPC, HTTP and the CLI do.
 */
export interface TempLedger {
  dir: string;
  file: string;
  db: Database;
  api: LedgerHandlers;
  call<M extends Method>(method: M, input?: Input<M>): Result<Output<M>>;
  /** Calls and expects success. */
  must<M extends Method>(method: M, input?: Input<M>): Output<M>;
  /** Calls and expects failure. */
  refuse<M extends Method>(method: M, input?: Input<M>): LedgerError;
  /** Closes and opens the same file again. */
  reopen(): void;
  /** Closes the database and removes the temp dir. */
  cleanup(): void;
}

/**
 * The API over an open database (a running app's, or openTempLedger's), with call/must/refuse through
 * dispatch. It neither reopens nor removes the file: the caller owns the database.
 */
export function ledgerOver(db: Database): TempLedger {
  const ledger: TempLedger = {
    dir: '',
    file: db.name,
    db,
    api: createLedgerApi(db),
    call(method, input) {
      return dispatch(ledger.api, method, input, (e) => {
        throw e;
      }) as Result<Output<typeof method>>;
    },
    must(method, input) {
      const result = ledger.call(method, input);
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
      return result.data;
    },
    refuse(method, input) {
      const result = ledger.call(method, input);
      if (result.ok) throw new Error(`${method} unexpectedly succeeded: ${JSON.stringify(result.data)}`);
      return result.error;
    },
    reopen() {
      throw new Error('not available on a database the caller opened');
    },
    cleanup() {},
  };
  return ledger;
}

export function openTempLedger(): TempLedger {
  const temp = makeTempDir();
  const file = join(temp.dir, 'ledger.db');
  const ledger = ledgerOver(openDatabase(file));
  ledger.dir = temp.dir;
  ledger.file = file;
  ledger.reopen = () => {
    ledger.db.close();
    ledger.db = openDatabase(file);
    ledger.api = createLedgerApi(ledger.db);
  };
  ledger.cleanup = () => {
    if (ledger.db.open) ledger.db.close();
    temp.cleanup();
  };
  return ledger;
}

/** A synthetic ID number (address 110101, like REFERENCE §4.1): birth YYYYMMDD, 3-digit sequence (odd = man). */
export function syntheticId(birth: string, seq: string, address = '110101'): string {
  const first17 = `${address}${birth}${seq}`;
  return first17 + idCheckChar(first17);
}

export function countRows(db: Database, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function expectChinese(text: string): void {
  expect(text).toMatch(CJK);
}
