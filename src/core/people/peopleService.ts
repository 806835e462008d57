import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import { validatePerson, type Person, type PersonInput } from '../../shared/person';
import { fail, ok, type Result } from '../../shared/result';
import { nowIso, uuidv7 } from '../ids';
import { ensureSelfOffice } from '../office/officeRepo';
import { findLiveByIdNumber, findPerson, insertPerson, setDeleted, updatePerson } from './peopleRepo';

function describe(p: Person): string {
  return p.unit ? `${p.name}（${p.unit}）` : p.name;
}

function duplicateIdNumber(other: Person) {
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
  return db.transaction((): Result<Person> => {
    const now = nowIso();
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
        if (other) return duplicateIdNumber(other);
      }
      updatePerson(db, input.id, fields, now);
      return ok(findPerson(db, input.id)!);
    }
    const checked = validated(db, input, today);
    if (!checked.ok) return checked;
    const fields = checked.value;
    if (fields.idNumber) {
      const other = findLiveByIdNumber(db, fields.idNumber);
      if (other) return duplicateIdNumber(other);
    }
    const id = uuidv7();
    insertPerson(db, id, ensureSelfOffice(db).id, fields, now);
    return ok(findPerson(db, id)!);
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
