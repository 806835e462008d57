import type { FieldChange } from '../../shared/importTypes';
import { describeCodes, type Person, type PersonFields } from '../../shared/person';

/**
 * What an update would change, field by field, in the words the roster shows (中共党员, not 01). Ids are
 * left out: unitId follows the unit's name, and partyOrgId is never set by a spreadsheet.
 */

type Shown = Record<string, string | null>;

const ORDER = [
  'name', 'gender', 'ethnicity', 'birthDate', 'idNumber', 'nativePlace', 'politicalStatus', 'partyJoinDate', 'partyFullDate',
  'workStartDate', 'education', 'unit', 'post', 'postStartDate', 'dispatchUnit', 'category', 'status', 'phone', 'note',
] as const;

function shownFields(fields: PersonFields): Shown {
  const names = describeCodes(fields);
  return {
    name: fields.name,
    gender: names.gender,
    ethnicity: names.ethnicity,
    birthDate: fields.birthDate,
    idNumber: fields.idNumber,
    nativePlace: fields.nativePlace,
    politicalStatus: names.politicalStatus,
    partyJoinDate: fields.partyJoinDate,
    partyFullDate: fields.partyFullDate,
    workStartDate: fields.workStartDate,
    education: names.education,
    unit: fields.unit,
    post: fields.post,
    postStartDate: fields.postStartDate,
    dispatchUnit: fields.dispatchUnit,
    category: fields.categories.length > 0 ? [...fields.categories].sort().join('、') : null,
    status: fields.status,
    phone: fields.phone,
    note: fields.note,
  };
}

function shownPerson(p: Person): Shown {
  return {
    name: p.name,
    gender: p.gender,
    ethnicity: p.ethnicity,
    birthDate: p.birthDate,
    idNumber: p.idNumber,
    nativePlace: p.nativePlace,
    politicalStatus: p.politicalStatus,
    partyJoinDate: p.partyJoinDate,
    partyFullDate: p.partyFullDate,
    workStartDate: p.workStartDate,
    education: p.education,
    unit: p.unit,
    post: p.post,
    postStartDate: p.postStartDate,
    dispatchUnit: p.dispatchUnit,
    category: p.categories.length > 0 ? [...p.categories].sort().join('、') : null,
    status: p.status,
    phone: p.phone,
    note: p.note,
  };
}

export function fieldChanges(existing: Person, next: PersonFields): FieldChange[] {
  const before = shownPerson(existing);
  const after = shownFields(next);
  const changes: FieldChange[] = [];
  for (const field of ORDER) {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    if (from !== to) changes.push({ field, from, to });
  }
  return changes;
}
