import type { Database } from 'better-sqlite3';
import { createLedgerApi } from '../../src/core/api';
import { dispatch } from '../../src/core/dispatch';
import type { Output } from '../../src/shared/contract';
import type { Result } from '../../src/shared/result';
import type { TempLedger } from '../helpers/ledger';

/**
 * The unit-test ledger helpers (tests/helpers/training.ts: seedTownship, makeCourse, addSession) over the
 * database of a running app, so end-to-end tests seed through the same core API.
 */
export function ledgerOver(db: Database): TempLedger {
  const api = createLedgerApi(db);
  const ledger: TempLedger = {
    dir: '',
    file: db.name,
    db,
    api,
    call(method, input) {
      return dispatch(api, method, input, (e) => {
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
      if (result.ok) throw new Error(`${method} unexpectedly succeeded`);
      return result.error;
    },
    reopen() {
      throw new Error('not available on a running app');
    },
    cleanup() {},
  };
  return ledger;
}
