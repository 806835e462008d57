import type { Database } from 'better-sqlite3';
import type { LedgerHandlers } from '../shared/contract';
import { fail, ok } from '../shared/result';
import { ensureSelfOffice, updateSelfOffice } from './office/officeRepo';
import { findPerson, listPeople } from './people/peopleRepo';
import { deletePerson, restorePerson, savePerson } from './people/peopleService';

/** Implements the contract over one open database. Electron, the browser host and the CLI all use this. */
export function createLedgerApi(db: Database): LedgerHandlers {
  ensureSelfOffice(db);
  return {
    getOffice: () => ok(ensureSelfOffice(db)),
    setOffice: (input) => ok(updateSelfOffice(db, input.name, input.code ? input.code : null)),
    listPeople: (input) => ok(listPeople(db, input)),
    getPerson: ({ id }) => {
      const person = findPerson(db, id);
      return person ? ok(person) : fail('NOT_FOUND', '找不到该人员');
    },
    savePerson: (input) => savePerson(db, input),
    deletePerson: ({ id }) => deletePerson(db, id),
    restorePerson: ({ id }) => restorePerson(db, id),
  };
}
