import { z } from 'zod';
import type { Office } from './office';
import type { Person } from './person';
import type { Result } from './result';

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
  post: optionalText(200),
  category: optionalText(100),
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
  unit: z.string().max(200).optional(),
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

export interface PeoplePage {
  items: Person[];
  total: number;
}

/** Phantom marker: carries an output type without a runtime value. */
function returns<T>(): T {
  return undefined as T;
}

const byId = z.strictObject({ id });
const nothing = z.strictObject({});

export const contract = {
  getOffice: { input: nothing, output: returns<Office>() },
  setOffice: { input: officeSetSchema, output: returns<Office>() },
  listPeople: { input: peopleListSchema, output: returns<PeoplePage>() },
  getPerson: { input: byId, output: returns<Person>() },
  savePerson: { input: personInputSchema, output: returns<Person>() },
  deletePerson: { input: byId, output: returns<Person>() },
  restorePerson: { input: byId, output: returns<Person>() },
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

/** The API as the core implements it: synchronous, already-parsed input. */
export type LedgerHandlers = { [M in Method]: (input: ParsedInput<M>) => Result<Output<M>> };

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

// Lives in its own zod-free module so the preload can import it; re-exported for existing callers.
export { ipcChannel, IPC_CHANNEL_PREFIX } from './ipc';
