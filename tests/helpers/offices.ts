import { afterEach } from 'vitest';
import { updateSelfOffice } from '../../src/core/office/officeRepo';
import { buildExport, recordExport } from '../../src/core/sync/exportPackage';
import { importPackage } from '../../src/core/sync/importPackage';
import { registerOffice, selfKeys } from '../../src/core/sync/officeKeys';
import type { PackageSummary } from '../../src/shared/sync';
import { openTempLedger, type TempLedger } from './ledger';

export interface TestOffice extends TempLedger {
  officeId: string;
  officeName: string;
}

/** A ledger file belonging to a named office, with its keys made. */
export function makeOffice(name: string): TestOffice {
  const ledger = openTempLedger() as TestOffice;
  updateSelfOffice(ledger.db, name, null);
  ledger.officeId = selfKeys(ledger.db).card.id;
  ledger.officeName = name;
  return ledger;
}

/** A maker of offices for the calling test file: every office it made is cleaned up after each test. */
export function officesPerTest(): (name: string) => TestOffice {
  const made: TestOffice[] = [];
  afterEach(() => {
    for (const o of made.splice(0)) o.cleanup();
  });
  return (name) => {
    const o = makeOffice(name);
    made.push(o);
    return o;
  };
}

/** Each office learns the others' public keys, as if they had exchanged office cards. */
export function introduce(...offices: TestOffice[]): void {
  for (const a of offices) for (const b of offices) if (a !== b) registerOffice(a.db, selfKeys(b.db).card);
}

/** A package from `from` addressed to `to`, as bytes (what would be on the stick). */
export function packageFor(from: TestOffice, to: TestOffice): Buffer {
  const built = buildExport(from.db, { to: to.officeId, passphrase: null });
  recordExport(from.db, built, built.fileName);
  return built.bytes;
}

export function importInto(office: TestOffice, bytes: Buffer, options: { dryRun?: boolean; passphrase?: string } = {}): PackageSummary {
  return importPackage(office.db, { bytes, fileName: 'test.ledgerpkg', passphrase: options.passphrase ?? null, dryRun: options.dryRun ?? false });
}

/** What must be equal in every office after a full exchange: the synced columns of every synced table. */
export function syncedState(office: TestOffice): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  const tables = office.db.prepare("SELECT DISTINCT tbl FROM change_log ORDER BY tbl").pluck().all() as string[];
  for (const table of tables) {
    const columns = (office.db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).filter(
      (c) => !['rev', 'sync_dup', 'data', 'thumbnail'].includes(c),
    );
    out[table] = office.db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${columns.slice(0, 2).join(', ')}`).all();
  }
  return out;
}
