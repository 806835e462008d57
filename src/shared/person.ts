import { EDUCATIONS } from './codes/education';
import { ETHNICITIES } from './codes/ethnicity';
import { GENDERS, type GenderName } from './codes/gender';
import { PARTY_MEMBER_CODES, POLITICAL_STATUSES } from './codes/political';
import type { FieldIssue } from './result';
import { parseLooseDate } from './validate/date';
import { checkIdNumber } from './validate/idNumber';
import { checkName } from './validate/name';
import { checkPhone } from './validate/phone';

/** The validated, normalised record the core stores (codes, not names). Empty optional fields are null, never ''. */
export interface PersonFields {
  name: string;
  genderCode: string;
  ethnicityCode: string | null;
  /** YYYY-MM-DD, or YYYY-MM when only the month is known. */
  birthDate: string | null;
  idNumber: string | null;
  politicalStatusCode: string | null;
  partyJoinDate: string | null;
  educationCode: string | null;
  phone: string | null;
  unit: string | null;
  post: string | null;
  category: string | null;
  note: string | null;
}

/** A person as every transport returns it: the stored fields, the code tables' names, and record metadata. */
export interface Person extends Omit<PersonFields, 'genderCode'> {
  id: string;
  /** Increments on every save; a save carrying an older rev is refused instead of overwriting. */
  rev: number;
  gender: GenderName;
  ethnicity: string | null;
  politicalStatus: string | null;
  education: string | null;
  originOffice: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** What a caller may send to create or update a person: names or codes, loosely formatted. */
export interface PersonInput {
  id?: string;
  rev?: number;
  /** Required to create; an update may leave it out to keep the stored name. */
  name?: string;
  gender?: string | null;
  ethnicity?: string | null;
  birthDate?: string | null;
  idNumber?: string | null;
  politicalStatus?: string | null;
  politicalStatusCode?: string | null;
  partyJoinDate?: string | null;
  education?: string | null;
  educationCode?: string | null;
  phone?: string | null;
  unit?: string | null;
  post?: string | null;
  category?: string | null;
  note?: string | null;
}

export const PERSON_FIELD_LABELS: Record<string, string> = {
  id: '编号',
  rev: '版本',
  name: '姓名',
  gender: '性别',
  ethnicity: '民族',
  birthDate: '出生日期',
  idNumber: '身份证号',
  politicalStatus: '政治面貌',
  politicalStatusCode: '政治面貌代码',
  partyJoinDate: '入党时间',
  education: '学历',
  educationCode: '学历代码',
  phone: '联系电话',
  unit: '单位',
  post: '职务',
  category: '人员类别',
  note: '备注',
};

export const TEXT_LIMITS = { unit: 100, post: 100, category: 50, note: 2000 } as const;

type Validation = { ok: true; value: PersonFields } | { ok: false; issues: FieldIssue[] };

function blank(v: string | null | undefined): v is null | undefined | '' {
  return v === null || v === undefined || v.trim() === '';
}

function optionalText(v: string | null | undefined): string | null {
  if (blank(v)) return null;
  return v.trim();
}

/** Resolves a code-table field given as a name and/or a code; both must agree when both are given. */
function resolveCode(
  label: string,
  table: { find(text: string): { code: string; name: string } | undefined; byCode(code: string): { code: string } | undefined },
  name: string | null | undefined,
  code: string | null | undefined,
): { ok: true; code: string | null } | { ok: false; field: 'name' | 'code'; message: string } {
  const byCode = blank(code) ? undefined : table.byCode(code.trim());
  if (!blank(code) && !byCode) return { ok: false, field: 'code', message: `${label}代码“${code}”不在国家标准代码表中` };
  const byName = blank(name) ? undefined : table.find(name);
  if (!blank(name) && !byName) return { ok: false, field: 'name', message: `${label}“${name}”不在国家标准代码表中` };
  if (byName && byCode && byName.code !== byCode.code) {
    return { ok: false, field: 'code', message: `${label}“${name}”与代码“${code}”不一致` };
  }
  return { ok: true, code: (byName ?? byCode)?.code ?? null };
}

/** Compares ISO dates at the precision both have (YYYY-MM vs YYYY-MM-DD). */
function isBefore(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) < b.slice(0, n);
}

function todayIso(today: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${today.getFullYear()}-${p(today.getMonth() + 1)}-${p(today.getDate())}`;
}

/**
 * The one place a person's fields are checked and normalised. The form runs it as the clerk types;
 * the core runs it again before writing, so no transport can skip it.
 */
export function validatePerson(input: PersonInput, today: Date = new Date()): Validation {
  const issues: FieldIssue[] = [];
  const add = (field: string, message: string) => issues.push({ field, message });
  const now = todayIso(today);

  const name = checkName(input.name ?? '');
  if (!name.ok) add('name', name.message);

  let idNumber: string | null = null;
  let derived: { birthDate: string; gender: GenderName } | null = null;
  if (!blank(input.idNumber)) {
    const id = checkIdNumber(input.idNumber, today);
    if (id.ok) {
      idNumber = id.value.idNumber;
      derived = id.value;
    } else add('idNumber', id.message);
  }

  let genderCode: string | null = null;
  if (!blank(input.gender)) {
    const g = GENDERS.find(input.gender);
    if (!g) add('gender', `性别“${input.gender}”无效，应为男或女`);
    else if (derived && g.name !== derived.gender) add('gender', `性别与身份证号不符（身份证号显示为${derived.gender}）`);
    else genderCode = g.code;
  } else if (derived) {
    genderCode = GENDERS.find(derived.gender)!.code;
  } else if (!issues.some((i) => i.field === 'idNumber')) {
    add('gender', '请选择性别，或填写身份证号自动识别');
  }

  let birthDate: string | null = derived?.birthDate ?? null;
  if (!blank(input.birthDate)) {
    const d = parseLooseDate(input.birthDate, '出生日期');
    if (!d.ok) add('birthDate', d.message);
    else if (derived && !derived.birthDate.startsWith(d.value)) add('birthDate', `出生日期与身份证号不符（身份证号显示为${derived.birthDate}）`);
    else if (isBefore(now, d.value)) add('birthDate', '出生日期晚于今天');
    else if (!derived) birthDate = d.value;
  }

  const ethnicity = resolveCode('民族', ETHNICITIES, input.ethnicity, null);
  if (!ethnicity.ok) add('ethnicity', ethnicity.message);

  const political = resolveCode('政治面貌', POLITICAL_STATUSES, input.politicalStatus, input.politicalStatusCode);
  if (!political.ok) add(political.field === 'code' ? 'politicalStatusCode' : 'politicalStatus', political.message);

  const education = resolveCode('学历', EDUCATIONS, input.education, input.educationCode);
  if (!education.ok) add(education.field === 'code' ? 'educationCode' : 'education', education.message);

  let partyJoinDate: string | null = null;
  if (!blank(input.partyJoinDate)) {
    const d = parseLooseDate(input.partyJoinDate, '入党时间');
    const politicalCode = political.ok ? political.code : null;
    if (!d.ok) add('partyJoinDate', d.message);
    else if (isBefore(now, d.value)) add('partyJoinDate', '入党时间晚于今天');
    else if (politicalCode !== null && !PARTY_MEMBER_CODES.includes(politicalCode)) add('partyJoinDate', '填写了入党时间，但政治面貌不是中共党员或中共预备党员');
    else if (birthDate && isBefore(d.value, addYears(birthDate, 18))) add('partyJoinDate', '入党时间早于年满18周岁的时间，请核对');
    else partyJoinDate = d.value;
  }

  let phone: string | null = null;
  if (!blank(input.phone)) {
    const p = checkPhone(input.phone);
    if (p.ok) phone = p.value;
    else add('phone', p.message);
  }

  for (const field of ['unit', 'post', 'category', 'note'] as const) {
    const v = optionalText(input[field]);
    if (v !== null && [...v].length > TEXT_LIMITS[field]) add(field, `${PERSON_FIELD_LABELS[field]}过长，最多${TEXT_LIMITS[field]}个字`);
  }

  if (issues.length > 0 || !name.ok || genderCode === null) return { ok: false, issues };
  return {
    ok: true,
    value: {
      name: name.value,
      genderCode,
      ethnicityCode: ethnicity.ok ? ethnicity.code : null,
      birthDate,
      idNumber,
      politicalStatusCode: political.ok ? political.code : null,
      partyJoinDate,
      educationCode: education.ok ? education.code : null,
      phone,
      unit: optionalText(input.unit),
      post: optionalText(input.post),
      category: optionalText(input.category),
      note: optionalText(input.note),
    },
  };
}

function addYears(iso: string, years: number): string {
  return `${String(Number(iso.slice(0, 4)) + years).padStart(4, '0')}${iso.slice(4)}`;
}

/** Turns stored codes back into the names every transport shows. */
export function describeCodes(fields: Pick<PersonFields, 'genderCode' | 'ethnicityCode' | 'politicalStatusCode' | 'educationCode'>) {
  return {
    gender: (GENDERS.byCode(fields.genderCode)?.name ?? '男') as GenderName,
    ethnicity: fields.ethnicityCode ? (ETHNICITIES.byCode(fields.ethnicityCode)?.name ?? null) : null,
    politicalStatus: fields.politicalStatusCode ? (POLITICAL_STATUSES.byCode(fields.politicalStatusCode)?.name ?? null) : null,
    education: fields.educationCode ? (EDUCATIONS.byCode(fields.educationCode)?.name ?? null) : null,
  };
}
