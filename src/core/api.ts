import type { Database } from 'better-sqlite3';
import type { LedgerHandlers } from '../shared/contract';
import { fail, ok } from '../shared/result';
import { ensureSelfOffice, updateSelfOffice } from './office/officeRepo';
import { deletePartyOrg, listPartyOrgs, restorePartyOrg, savePartyOrg } from './org/partyOrgs';
import { deleteUnit, listUnits, restoreUnit, saveUnit } from './org/units';
import { findPerson, listPeople } from './people/peopleRepo';
import { deletePerson, restorePerson, savePeople, savePerson } from './people/peopleService';
import { deletePost, listPosts, savePost } from './people/posts';
import { importHandlers } from './importHandlers';
import { StagingArea } from './import/staging';
import { getRosterViews, saveRosterViews } from './settings/rosterViews';
import { exportRosterForApp } from './spreadsheet/exportForApp';
import { trainingExcelHandlers } from './training/excel/handlers';
import { trainingHandlers } from './training/handlers';
import { activityHandlers } from './activities/handlers';
import { backupHandlers } from './backup/handlers';
import { syncHandlers } from './sync/handlers';
import type { BackupOptions } from './backup/config';
import { AppLock, type AppLockOptions } from './audit/appLock';
import { auditHandlers } from './audit/handlers';
import { guardHandlers } from './audit/lockGuard';
import { setOperatorOfWrites } from './audit/operators';

export interface LedgerApiOptions {
  /** Where staged import files go; a per-process temp folder by default. */
  stagingDir?: string;
  /** Backup folder, clock, and Electron's native binding for the connections that read backups. */
  backup?: BackupOptions;
  /** Who this session's writes are attributed to; nobody (null) until the window asks, the CLI's name for the CLI. */
  operator?: string | null;
  /** The app lock: whether a file with a password starts locked, and the clock of the automatic lock. */
  lock?: AppLockOptions;
}

/** Implements the contract over one open database. Electron, the browser host and the CLI all use this. */
export function createLedgerApi(db: Database, options: LedgerApiOptions = {}): LedgerHandlers {
  ensureSelfOffice(db);
  // One staging folder: files staged with stageImportFile are read by the roster and the training importers.
  const staging = new StagingArea(options.stagingDir);
  // A new session: yesterday's clerk is not today's until chosen again.
  setOperatorOfWrites(db, options.operator ?? null);
  const lock = new AppLock(db, options.lock);
  const api: LedgerHandlers = {
    getOffice: () => ok(ensureSelfOffice(db)),
    setOffice: (input) => ok(updateSelfOffice(db, input.name, input.code ? input.code : null)),
    listPeople: (input) => ok(listPeople(db, input)),
    getPerson: ({ id }) => {
      const person = findPerson(db, id);
      return person ? ok(person) : fail('NOT_FOUND', '找不到该人员');
    },
    savePerson: (input) => savePerson(db, input),
    savePeople: ({ people }) => ok(savePeople(db, people)),
    deletePerson: ({ id }) => deletePerson(db, id),
    restorePerson: ({ id }) => restorePerson(db, id),

    listUnits: ({ includeDeleted }) => ok(listUnits(db, includeDeleted)),
    saveUnit: (input) => saveUnit(db, input),
    deleteUnit: ({ id }) => deleteUnit(db, id),
    restoreUnit: ({ id }) => restoreUnit(db, id),
    listPartyOrgs: ({ includeDeleted }) => ok(listPartyOrgs(db, includeDeleted)),
    savePartyOrg: (input) => savePartyOrg(db, input),
    deletePartyOrg: ({ id }) => deletePartyOrg(db, id),
    restorePartyOrg: ({ id }) => restorePartyOrg(db, id),

    listPosts: ({ personId }) => ok(listPosts(db, personId)),
    savePost: (input) => savePost(db, input),
    deletePost: ({ id }) => deletePost(db, id),

    getRosterViews: () => ok(getRosterViews(db)),
    saveRosterViews: ({ views }) => saveRosterViews(db, views),

    exportRoster: (input) => exportRosterForApp(api, input),

    ...importHandlers(db, { ...options, staging }),
    ...trainingHandlers(db),
    ...activityHandlers(db),
    ...trainingExcelHandlers(db, staging),
    ...backupHandlers(db, options.backup),
    ...syncHandlers(db),
    ...auditHandlers(db, lock),
  };
  return guardHandlers(api, lock);
}
