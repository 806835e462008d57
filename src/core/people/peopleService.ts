import type { Database } from 'better-sqlite3';
import { personInputSchema, type ParsedInput, type SavePeopleRow } from '../../shared/contract';
import { toFieldIssues } from '../../shared/parse';
import { validatePerson, type Person, type PersonInput } from '../../shared/person';
import { fail, ok, type LedgerError, type Result } from '../../shared/result';
import { nowIso, uuidv7 } from '../ids';
import { ensureSelfOffice } from '../office/officeRepo';
import { findLiveByIdNumber, findPerson, insertPerson, setDeleted, updatePerson } from './peopleRepo';

function describe(p: Person): string {
  return p.unit ? `${p.name}（${p.unit}）` : p.name;
}

/** `batch`: people saved earlier in the same savePeople call, by id → their row index there. */
function duplicateIdNumber(other: Person, batch?: ReadonlyMap<string, number>) {
  const row = batch?.get(other.id);
  if (row !== undefined) {
    return fail('DUPLICATE', `身份证号与本批第${row + 1}行的${describe(other)}相同，同一身份证号不能重复登记`, [
      { field: 'idNumber', message: `与本批第${row + 1}行（${other.name}）的身份证号相同` },
    ]);
  }
  return fail('DUPLICATE', `身份证号已登记在${describe(other)}名下，同一身份证号不能重复登记`, [
    { field: 'idNumber', message: `该身份证号已属于${describe(other)}` },
  ]);
}

function notFound() {
  return fail('NOT_FOUND', '找不到该人员，可能已被他人删除或数据已更换');
}

/**
 * An update names only what changes: a field left out keeps its stored value, null or '' clears it. Fields
 * that travel in pairs (name/code, ID number/derived gender and birth date) are replaced together, so a new
 * value never collides with the stored half of its pair.
 */
export function mergeForUpdate(existing: Person, input: PersonInput): PersonInput {
  const stored: PersonInput = {
    name: existing.name,
    gender: existing.gender,
    ethnicity: existing.ethnicity,
    birthDate: existing.birthDate,
    idNumber: existing.idNumber,
    politicalStatusCode: existing.politicalStatusCode,
    partyJoinDate: existing.partyJoinDate,
    partyFullDate: existing.partyFullDate,
    workStartDate: existing.workStartDate,
    educationCode: existing.educationCode,
    phone: existing.phone,
    unit: existing.unit,
    unitId: existing.unitId,
    partyOrgId: existing.partyOrgId,
    post: existing.post,
    postStartDate: existing.postStartDate,
    nativePlace: existing.nativePlace,
    dispatchUnit: existing.dispatchUnit,
    status: existing.status,
    categories: existing.categories,
    note: existing.note,
  };
  const given = (key: keyof PersonInput) => input[key] !== undefined;
  if (given('politicalStatus') || given('politicalStatusCode')) delete stored.politicalStatusCode;
  if (given('education') || given('educationCode')) delete stored.educationCode;
  if (given('category') || given('categories')) delete stored.categories;
  // A unit typed anew is looked up again rather than kept pointing at the old unit.
  if (given('unit') && !given('unitId') && input.unit !== existing.unit) delete stored.unitId;
  if (given('unitId') && !given('unit') && input.unitId !== existing.unitId) delete stored.unit;
  if (given('idNumber') && input.idNumber !== existing.idNumber) {
    delete stored.gender;
    delete stored.birthDate;
  }
  const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  return { ...stored, ...changes };
}

/** Creates or updates a person. Checks run in one IMMEDIATE transaction, so two windows cannot race. */
function validated(db: Database, input: PersonInput, today: Date) {
  const checked = validatePerson(input, today);
  const issues = checked.ok ? [] : [...checked.issues];
  if (input.unitId && !db.prepare('SELECT 1 FROM units WHERE id = ? AND deleted_at IS NULL').get(input.unitId)) {
    issues.push({ field: 'unitId', message: '所选单位不存在或已删除' });
  }
  if (input.partyOrgId && !db.prepare('SELECT 1 FROM party_orgs WHERE id = ? AND deleted_at IS NULL').get(input.partyOrgId)) {
    issues.push({ field: 'partyOrgId', message: '所选党组织不存在或已删除' });
  }
  if (checked.ok && issues.length === 0) return checked;
  return fail('VALIDATION', `有${issues.length}处需要修改：${issues.map((i) => i.message).join('；')}`, issues);
}

export function savePerson(db: Database, input: ParsedInput<'savePerson'>, today: Date = new Date()): Result<Person> {
  return db.transaction(() => saveOne(db, input, today, nowIso())).immediate();
}

/** savePerson's work, inside the caller's transaction. Refusals are returned before anything is written. */
function saveOne(db: Database, input: ParsedInput<'savePerson'>, today: Date, now: string, batch?: ReadonlyMap<string, number>): Result<Person> {
  if (input.id !== undefined) {
    const existing = findPerson(db, input.id);
    if (!existing) return notFound();
    if (existing.deletedAt) return fail('CONFLICT', `${existing.name}已被删除，请先恢复后再修改`);
    if (input.rev !== undefined && input.rev !== existing.rev) {
      return fail('CONFLICT', `${existing.name}的信息已在别处被修改（${existing.updatedAt.slice(0, 16).replace('T', ' ')}），请刷新后再保存，您填写的内容仍保留在表单中`);
    }
    const checked = validated(db, mergeForUpdate(existing, input), today);
    if (!checked.ok) return checked;
    const fields = checked.value;
    if (fields.idNumber) {
      const other = findLiveByIdNumber(db, fields.idNumber, input.id);
      if (other) return duplicateIdNumber(other, batch);
    }
    updatePerson(db, input.id, fields, now);
    return ok(findPerson(db, input.id)!);
  }
  const checked = validated(db, input, today);
  if (!checked.ok) return checked;
  const fields = checked.value;
  if (fields.idNumber) {
    const other = findLiveByIdNumber(db, fields.idNumber);
    if (other) return duplicateIdNumber(other, batch);
  }
  const id = uuidv7();
  insertPerson(db, id, ensureSelfOffice(db).id, fields, now);
  return ok(findPerson(db, id)!);
}

/** Carries a refusal out of a row's savepoint, so the savepoint is rolled back whatever was written. */
class Refused extends Error {
  constructor(readonly result: { ok: false; error: LedgerError }) {
    super(result.error.message);
  }
}

/**
 * Saves a batch (the paste grid) in one IMMEDIATE transaction: one commit, one fsync, instead of one per
 * row. Each row runs in its own savepoint (better-sqlite3 nests transactions as savepoints) and is rolled
 * back to it when refused or when it fails unexpectedly, so nothing half-written remains and the other
 * rows go on. Each row is parsed here rather than by the contract, so a malformed row is refused alone.
 */
export function savePeople(db: Database, rows: readonly unknown[], today: Date = new Date()): SavePeopleRow[] {
  return db.transaction((): SavePeopleRow[] => {
    const now = nowIso();
    const saved = new Map<string, number>();
    return rows.map((raw, index): SavePeopleRow => {
      const parsed = personInputSchema.safeParse(raw);
      if (!parsed.success) {
        const issues = toFieldIssues(parsed.error);
        return { index, ok: false, error: fail('VALIDATION', `有${issues.length}处需要修改：${issues.map((i) => i.message).join('；')}`, issues).error };
      }
      try {
        const person = db.transaction(() => {
          const result = saveOne(db, parsed.data, today, now, saved);
          if (!result.ok) throw new Refused(result);
          return result.data;
        })();
        saved.set(person.id, index);
        return { index, ok: true, person };
      } catch (error) {
        if (error instanceof Refused) return { index, ok: false, error: error.result.error };
        // SQLite gave up the whole transaction (disk full, I/O error): stop, and the batch writes nothing.
        if (!db.inTransaction) throw error;
        return { index, ok: false, error: { code: 'INTERNAL', message: '保存这一行时程序内部出错，这一行没有保存，其他行不受影响。请重试，如仍出错请联系技术支持。' } };
      }
    });
  }).immediate();
}

/** Soft delete: the record stays, restorable, and keeps its history. */
export function deletePerson(db: Database, id: string): Result<Person> {
  return db.transaction((): Result<Person> => {
    const existing = findPerson(db, id);
    if (!existing) return notFound();
    if (existing.deletedAt) return ok(existing);
    const now = nowIso();
    setDeleted(db, id, now, now);
    return ok(findPerson(db, id)!);
  }).immediate();
}

export function restorePerson(db: Database, id: string): Result<Person> {
  return db.transaction((): Result<Person> => {
    const existing = findPerson(db, id);
    if (!existing) return notFound();
    if (!existing.deletedAt) return ok(existing);
    if (existing.idNumber) {
      const other = findLiveByIdNumber(db, existing.idNumber, id);
      if (other) return fail('DUPLICATE', `无法恢复：身份证号已登记在${describe(other)}名下`, [{ field: 'idNumber', message: `该身份证号已属于${describe(other)}` }]);
    }
    const now = nowIso();
    setDeleted(db, id, null, now);
    // The unit or party organisation may have been deleted while the person was: a live person must not
    // point at a deleted one (every later save would be refused for it). The typed unit name stays.
    db.prepare(
      `UPDATE people SET
         unit_id = CASE WHEN unit_id IN (SELECT id FROM units WHERE deleted_at IS NOT NULL) THEN NULL ELSE unit_id END,
         party_org_id = CASE WHEN party_org_id IN (SELECT id FROM party_orgs WHERE deleted_at IS NOT NULL) THEN NULL ELSE party_org_id END
       WHERE id = ?`,
    ).run(id);
    return ok(findPerson(db, id)!);
  }).immediate();
}
