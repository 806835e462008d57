import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { LedgerHandlers } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import type { OfficeInfo, PackageSummary } from '../../shared/sync';
import type { syncContract } from '../../shared/syncContract';
import { backupBeforeImport } from '../backup/backup';
import { MergeRefused, listDuplicates, mergePeople } from './duplicates';
import { ResolveRefused, listConflicts, resolveDeleteConflict, resolveFieldConflict } from './conflicts';
import { ExportRefused, buildExport, recordExport } from './exportPackage';
import { UndoRefused, importHistory, importPackage, undoLastImport } from './importPackage';
import { knownOffices, selfKeys } from './officeKeys';
import { PackageError, PACKAGE_EXTENSION } from './packageFormat';
import { PackageWriteError, writePackageFile } from './packageFile';
import { derivedNameColumns } from './derived';

type SyncHandlers = Pick<LedgerHandlers, keyof typeof syncContract>;

/** Expected refusals become Chinese messages; anything else is a bug and is left to the dispatcher. */
function guarded<T>(work: () => T): Result<T> {
  try {
    return ok(work());
  } catch (error) {
    if (error instanceof PackageError) return fail(error.code === 'NEEDS_PASSPHRASE' || error.code === 'WRONG_PASSPHRASE' ? 'FORBIDDEN' : 'VALIDATION', error.message);
    if (error instanceof ExportRefused || error instanceof PackageWriteError) return fail('VALIDATION', error.message);
    if (error instanceof UndoRefused || error instanceof ResolveRefused || error instanceof MergeRefused) return fail('CONFLICT', error.message);
    if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') return fail('DUPLICATE', '这样处理会与现有记录重复（如同一身份证号已有在册人员），请先处理重复记录');
    throw error;
  }
}

export function officeInfos(db: Database): OfficeInfo[] {
  const self = selfKeys(db).card.id;
  const selfSeq = db.prepare('SELECT seq FROM sync_state').pluck().get() as number;
  return knownOffices(db).map(({ acked, ...office }) => ({
    ...office,
    unacknowledged: office.isSelf ? 0 : Math.max(0, selfSeq - (acked[self] ?? 0)),
  }));
}

const withExtension = (name: string): string => (name.toLowerCase().endsWith(PACKAGE_EXTENSION) ? name : `${name}${PACKAGE_EXTENSION}`);

export function syncHandlers(db: Database): SyncHandlers {
  const importFrom = (dataBase64: string, fileName: string, passphrase: string | null, dryRun: boolean): PackageSummary => {
    const bytes = Buffer.from(dataBase64, 'base64');
    if (!dryRun) {
      // Only a package that opened and checked earns a 导入前 backup: refused ones must not rotate real ones away.
      let warning: string | null = null;
      const summary = importPackage(db, { bytes, fileName, passphrase, dryRun, beforeApply: () => (warning = backupBeforeImport(db, fileName)) });
      return warning ? { ...summary, message: `${summary.message}\n${warning}` } : summary;
    }
    return importPackage(db, { bytes, fileName, passphrase, dryRun });
  };
  return {
    listOffices: () => ok(officeInfos(db)),
    exportPackage: ({ to, passphrase, folder, fileName }) =>
      guarded(() => {
        const built = buildExport(db, { to, passphrase });
        const name = withExtension(fileName ?? built.fileName);
        const names = new Map(knownOffices(db).map((o) => [o.id, o.name]));
        const result = {
          fileName: name,
          packageId: built.manifest.packageId,
          opCount: built.manifest.opCount,
          to: built.manifest.recipient,
          ranges: built.manifest.ranges.map((r) => ({ ...r, officeName: names.get(r.office) ?? r.office.slice(0, 8) })),
        };
        if (folder) {
          const target = join(resolve(folder), name);
          writePackageFile(target, built.bytes, { verify: built.verify });
          recordExport(db, built, name);
          return { ...result, path: target };
        }
        // The browser host: written and verified in a private temp folder like any package, then handed back.
        const dir = mkdtempSync(join(tmpdir(), 'ledger-package-'));
        try {
          writePackageFile(join(dir, 'package.ledgerpkg'), built.bytes, { verify: built.verify });
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
        recordExport(db, built, name);
        return { ...result, path: null, dataBase64: built.bytes.toString('base64') };
      }),
    previewPackage: ({ dataBase64, fileName, passphrase }) => guarded(() => importFrom(dataBase64, fileName, passphrase, true)),
    importPackage: ({ dataBase64, fileName, passphrase }) => guarded(() => importFrom(dataBase64, fileName, passphrase, false)),
    packageImports: () => ok(importHistory(db)),
    undoPackageImport: () => guarded(() => undoLastImport(db)),
    listConflicts: () => ok(listConflicts(db)),
    resolveConflict: ({ table, rowId, field, value }) =>
      guarded(() => {
        try {
          JSON.parse(value);
        } catch {
          throw new ResolveRefused('所选的值不正确');
        }
        resolveFieldConflict(db, table, rowId, field, value, table === 'people' && field === 'name' ? derivedNameColumns(JSON.parse(value) as unknown) : {});
        return listConflicts(db);
      }),
    resolveDeleteConflict: ({ table, rowId, choice }) =>
      guarded(() => {
        resolveDeleteConflict(db, table, rowId, choice);
        return listConflicts(db);
      }),
    listDuplicates: () => ok(listDuplicates(db)),
    mergeDuplicate: ({ keepId, dropId, takeFromDropped }) =>
      guarded(() => {
        mergePeople(db, keepId, dropId, takeFromDropped);
        return listDuplicates(db);
      }),
  };
}
