import { z } from 'zod';
import { IMPORT_FIELDS, type ImportJob, type ImportRecord, type UndoResult } from './importTypes';
import type { Office } from './office';
import { PARTY_ORG_KINDS, UNIT_KINDS, type PartyOrg, type Post, type Unit } from './org';
import { PERSON_STATUSES, type Person } from './person';
import type { LedgerError, Result } from './result';
import { originOfficeFilter } from './officeFilter';
import { returns } from './returns';
import { ROSTER_COLUMN_KEYS, type RosterView } from './rosterColumns';
import { trainingContract } from './trainingContract';
import { activitiesContract } from './activitiesContract';
import { backupContract } from './backupContract';
import { syncContract } from './syncContract';
import { auditContract } from './auditContract';

/**
 * The one API contract. Every transport (Electron IPC, the browser host, the CLI) is generated from this
 * table: a method name, the zod schema of its input, and the type of its output.
 */

const optionalText = (max: number) => z.string().max(max).nullish();
const id = z.string().uuid();

export const personInputSchema = z.strictObject({
  id: id.optional(),
  rev: z.number().int().nonnegative().optional(),
  name: z.string().max(100).optional(),
  gender: optionalText(10),
  ethnicity: optionalText(20),
  birthDate: optionalText(20),
  idNumber: optionalText(40),
  politicalStatus: optionalText(30),
  politicalStatusCode: optionalText(4),
  partyJoinDate: optionalText(20),
  education: optionalText(30),
  educationCode: optionalText(4),
  phone: optionalText(40),
  unit: optionalText(200),
  unitId: id.nullish(),
  partyOrgId: id.nullish(),
  post: optionalText(200),
  postStartDate: optionalText(20),
  partyFullDate: optionalText(20),
  workStartDate: optionalText(20),
  nativePlace: optionalText(100),
  dispatchUnit: optionalText(200),
  // Checked by validatePerson, which says in Chinese what the allowed values are.
  status: optionalText(10),
  categories: z.array(z.string().max(100)).max(20).nullish(),
  category: optionalText(400),
  note: optionalText(4000),
});

export const PEOPLE_SORT_FIELDS = ['name', 'birthDate', 'unit', 'createdAt', 'updatedAt'] as const;
export const DELETED_FILTERS = ['live', 'deleted', 'all'] as const;

export const peopleListSchema = z.strictObject({
  query: z.string().max(100).optional(),
  gender: z.enum(['男', '女']).optional(),
  politicalStatusCode: z.string().max(4).optional(),
  educationCode: z.string().max(4).optional(),
  category: z.string().max(100).optional(),
  /** People holding any of these categories (a view such as 乡镇干部 spans several). */
  categories: z.array(z.string().max(100)).min(1).max(20).optional(),
  unit: z.string().max(200).optional(),
  /** A unit and every unit below it. */
  unitId: id.optional(),
  partyOrgId: id.optional(),
  /** People recorded by this office (a county file holds several townships'). */
  originOffice: originOfficeFilter,
  status: z.enum(PERSON_STATUSES).optional(),
  /** Age in whole years on today's date, inclusive. */
  ageMin: z.number().int().min(0).max(150).optional(),
  ageMax: z.number().int().min(0).max(150).optional(),
  deleted: z.enum(DELETED_FILTERS).default('live'),
  sort: z.enum(PEOPLE_SORT_FIELDS).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(1000).default(50),
});

export const officeSetSchema = z.strictObject({
  name: z.string().trim().min(1).max(60),
  code: z
    .string()
    .trim()
    .regex(/^(\d{6}|\d{9}|\d{12})?$/)
    .nullish(),
});

const orderedText = (max: number) => z.string().trim().min(1).max(max);

export const unitInputSchema = z.strictObject({
  id: id.optional(),
  parentId: id.nullish(),
  name: orderedText(60),
  kind: z.enum(UNIT_KINDS),
  divisionCode: z
    .string()
    .trim()
    .regex(/^(\d{6}|\d{9}|\d{12})?$/)
    .nullish(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

export const partyOrgInputSchema = z.strictObject({
  id: id.optional(),
  parentId: id.nullish(),
  name: orderedText(60),
  kind: z.enum(PARTY_ORG_KINDS),
  unitId: id.nullish(),
  sortOrder: z.number().int().min(0).max(1_000_000).optional(),
});

export const postInputSchema = z.strictObject({
  id: id.optional(),
  personId: id,
  title: orderedText(100),
  unitId: id.nullish(),
  unitName: optionalText(100),
  startDate: optionalText(20),
  endDate: optionalText(20),
  note: optionalText(500),
});

export const rosterViewSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  name: orderedText(30),
  title: orderedText(60),
  categories: z.array(z.string().max(50)).max(20),
  columns: z.array(z.enum(ROSTER_COLUMN_KEYS as [string, ...string[]])).min(1).max(ROSTER_COLUMN_KEYS.length),
  builtin: z.boolean(),
});

const importField = z.enum(IMPORT_FIELDS).nullable();

export const importOptionsSchema = z.strictObject({
  fileId: z.string().regex(/^[0-9a-f-]{36}$/),
  sheet: z.string().max(100).optional(),
  headerRow: z.number().int().min(1).max(1000).optional(),
  mapping: z.record(z.string().regex(/^\d{1,3}$/), importField).optional(),
});

/** 64 MiB of xlsx, base64-encoded: a county's roster with room to spare. */
export const MAX_IMPORT_FILE_BYTES = 64 * 1024 * 1024;

export const stageFileSchema = z.strictObject({
  name: z.string().trim().min(1).max(255),
  dataBase64: z.string().max(Math.ceil((MAX_IMPORT_FILE_BYTES * 4) / 3) + 4),
});

export interface PeoplePage {
  items: Person[];
  total: number;
}

/** The most people one savePeople call takes: a paste grid's worth. */
export const MAX_SAVE_PEOPLE = 1000;

/** What savePeople did with the row at `index` of its input: saved (the person as stored) or refused. */
export interface SavePeopleRow {
  index: number;
  ok: boolean;
  person?: Person;
  error?: LedgerError;
}


const byId = z.strictObject({ id });
const nothing = z.strictObject({});

export const contract = {
  getOffice: { input: nothing, output: returns<Office>() },
  setOffice: { input: officeSetSchema, output: returns<Office>() },
  listPeople: { input: peopleListSchema, output: returns<PeoplePage>() },
  getPerson: { input: byId, output: returns<Person>() },
  savePerson: { input: personInputSchema, output: returns<Person>() },
  /**
   * Saves many people in one transaction, each row in its own savepoint: a refused row (bad field,
   * duplicate ID number, also within the batch) leaves nothing half-written and does not stop the others.
   * Rows are checked one by one in the core, so one malformed row is refused alone, not the whole batch.
   */
  savePeople: {
    input: z.strictObject({ people: z.array(z.custom<z.input<typeof personInputSchema>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v))).min(1).max(MAX_SAVE_PEOPLE) }),
    output: returns<SavePeopleRow[]>(),
  },
  deletePerson: { input: byId, output: returns<Person>() },
  restorePerson: { input: byId, output: returns<Person>() },

  listUnits: { input: z.strictObject({ includeDeleted: z.boolean().optional() }), output: returns<Unit[]>() },
  saveUnit: { input: unitInputSchema, output: returns<Unit>() },
  deleteUnit: { input: byId, output: returns<Unit>() },
  restoreUnit: { input: byId, output: returns<Unit>() },
  listPartyOrgs: { input: z.strictObject({ includeDeleted: z.boolean().optional() }), output: returns<PartyOrg[]>() },
  savePartyOrg: { input: partyOrgInputSchema, output: returns<PartyOrg>() },
  deletePartyOrg: { input: byId, output: returns<PartyOrg>() },
  restorePartyOrg: { input: byId, output: returns<PartyOrg>() },

  listPosts: { input: z.strictObject({ personId: id }), output: returns<Post[]>() },
  savePost: { input: postInputSchema, output: returns<Post>() },
  deletePost: { input: byId, output: returns<Post[]>() },

  getRosterViews: { input: nothing, output: returns<RosterView[]>() },
  saveRosterViews: { input: z.strictObject({ views: z.array(rosterViewSchema).min(1).max(50) }), output: returns<RosterView[]>() },

  /** One or more roster views as xlsx (one sheet each, official layout) or one as CSV, for the window to save. */
  exportRoster: {
    input: z.strictObject({
      viewIds: z.array(z.string().regex(/^[a-z0-9-]{1,40}$/)).min(1).max(20),
      format: z.enum(['xlsx', 'csv']),
      maskIdNumbers: z.boolean().optional(),
      /** Only people this office recorded, titled with its name (the roster toolbar's 来源单位 in a county file). */
      originOffice: originOfficeFilter,
    }),
    output: returns<{ fileName: string; dataBase64: string; rows: number }>(),
  },

  /** Hands a spreadsheet to the core; later calls refer to it by fileId. */
  stageImportFile: { input: stageFileSchema, output: returns<{ fileId: string; fileName: string; bytes: number }>() },
  /** Starts a dry run (preview) or the real import, as a job: poll getImportJob, stop with cancelImportJob. */
  startRosterImport: { input: importOptionsSchema.extend({ mode: z.enum(['preview', 'commit']) }), output: returns<{ jobId: string }>() },
  getImportJob: { input: z.strictObject({ jobId: z.string().uuid() }), output: returns<ImportJob>() },
  cancelImportJob: { input: z.strictObject({ jobId: z.string().uuid() }), output: returns<ImportJob>() },
  /** The problems of a finished preview or import as an xlsx (行号, 字段, 问题, the row's cells), to fix and send back. */
  exportImportProblems: { input: z.strictObject({ jobId: z.string().uuid() }), output: returns<{ fileName: string; dataBase64: string }>() },
  listImports: { input: nothing, output: returns<ImportRecord[]>() },
  undoLastImport: { input: nothing, output: returns<UndoResult>() },

  ...trainingContract,
  ...activitiesContract,
  ...backupContract,
  ...syncContract,
  ...auditContract,
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
/** What a caller sends (defaults may be omitted). */
export type Input<M extends Method> = z.input<Contract[M]['input']>;
/** What a handler receives, after parsing and defaults. */
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = Contract[M]['output'];

export const METHODS = Object.keys(contract) as Method[];

/** The API as the renderer sees it: one async method per contract entry. */
export type LedgerApi = { [M in Method]: (input: Input<M>) => Promise<Result<Output<M>>> };

/** The API as the core implements it: already-parsed input; long work (imports) may answer asynchronously. */
export type LedgerHandlers = { [M in Method]: (input: ParsedInput<M>) => Result<Output<M>> | Promise<Result<Output<M>>> };

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

// Lives in its own zod-free module so the preload can import it; re-exported for existing callers.
export { ipcChannel, IPC_CHANNEL_PREFIX } from './ipc';
