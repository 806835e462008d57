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
  /** The unit's name as it was written at entry (kept even if the unit is renamed later). */
  unit: string | null;
  unitId: string | null;
  partyOrgId: string | null;
  /** 现任职务: kept in step with the open rows of the person's post history. */
  post: string | null;
  /** 任现职时间: the start of the current post. */
  postStartDate: string | null;
  /** 转正时间 */
  partyFullDate: string | null;
  /** 参加工作时间 */
  workStartDate: string | null;
  /** 籍贯 */
  nativePlace: string | null;
  /** 派出单位, for cadres posted to a village (驻村第一书记, 工作队员). */
  dispatchUnit: string | null;
  status: PersonStatus;
  /** 人员类别: a person can hold several (村支书 and 致富带头人). */
  categories: string[];
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
  /** The categories joined with 、, for one-column displays and older callers. */
  category: string | null;
  partyOrg: string | null;
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
  unitId?: string | null;
  partyOrgId?: string | null;
  post?: string | null;
  postStartDate?: string | null;
  partyFullDate?: string | null;
  workStartDate?: string | null;
  nativePlace?: string | null;
  dispatchUnit?: string | null;
  status?: string | null;
  categories?: string[] | null;
  /** One or more categories separated by 、，, ; — used when `categories` is not given. */
  category?: string | null;
  note?: string | null;
}

export const PERSON_STATUSES = ['在岗', '离任', '调出'] as const;
export type PersonStatus = (typeof PERSON_STATUSES)[number];

export const MAX_CATEGORIES = 10;

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
  unitId: '单位',
  partyOrgId: '党组织',
  post: '职务',
  postStartDate: '任现职时间',
  partyFullDate: '转正时间',
  workStartDate: '参加工作时间',
  nativePlace: '籍贯',
  dispatchUnit: '派出单位',
  status: '状态',
  categories: '人员类别',
  category: '人员类别',
  note: '备注',
};

export const TEXT_LIMITS = { unit: 100, post: 100, nativePlace: 50, dispatchUnit: 100, note: 2000 } as const;
const CATEGORY_MAX_LENGTH = 50;

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

  const laterDate = (field: 'postStartDate' | 'partyFullDate' | 'workStartDate', label: string): string | null => {
    const raw = input[field];
    if (blank(raw)) return null;
    const d = parseLooseDate(raw, label);
    if (!d.ok) add(field, d.message);
    else if (isBefore(now, d.value)) add(field, `${label}晚于今天`);
    else if (birthDate && isBefore(d.value, birthDate)) add(field, `${label}早于出生日期`);
    else return d.value;
    return null;
  };
  const postStartDate = laterDate('postStartDate', '任现职时间');
  const workStartDate = laterDate('workStartDate', '参加工作时间');
  const partyFullDate = laterDate('partyFullDate', '转正时间');
  if (partyFullDate && partyJoinDate && isBefore(partyFullDate, partyJoinDate)) add('partyFullDate', '转正时间早于入党时间');
  if (partyFullDate && political.ok && political.code !== null && political.code !== '01') add('partyFullDate', '填写了转正时间，但政治面貌不是中共党员');

  let status: PersonStatus = '在岗';
  if (!blank(input.status)) {
    const s = input.status.trim() as PersonStatus;
    if (PERSON_STATUSES.includes(s)) status = s;
    else add('status', `状态“${input.status}”无效，应为在岗、离任或调出`);
  }

  const categories = normaliseCategories(input);
  if (categories.length > MAX_CATEGORIES) add('categories', `人员类别最多${MAX_CATEGORIES}个`);
  const longCategory = categories.find((c) => [...c].length > CATEGORY_MAX_LENGTH);
  if (longCategory) add('categories', `人员类别“${longCategory.slice(0, 10)}…”过长，最多${CATEGORY_MAX_LENGTH}个字`);

  let phone: string | null = null;
  if (!blank(input.phone)) {
    const p = checkPhone(input.phone);
    if (p.ok) phone = p.value;
    else add('phone', p.message);
  }

  for (const field of ['unit', 'post', 'nativePlace', 'dispatchUnit', 'note'] as const) {
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
      unitId: optionalText(input.unitId),
      partyOrgId: optionalText(input.partyOrgId),
      post: optionalText(input.post),
      postStartDate,
      partyFullDate,
      workStartDate,
      nativePlace: optionalText(input.nativePlace),
      dispatchUnit: optionalText(input.dispatchUnit),
      status,
      categories,
      note: optionalText(input.note),
    },
  };
}

/** `categories` wins over `category`; the latter may hold several separated by 、，,;； or spaces. */
export function normaliseCategories(input: Pick<PersonInput, 'categories' | 'category'>): string[] {
  const raw = input.categories ?? (blank(input.category) ? [] : input.category.split(/[、，,;；\s]+/));
  const seen = new Set<string>();
  for (const c of raw) {
    const trimmed = c.trim();
    if (trimmed !== '') seen.add(trimmed);
  }
  return [...seen];
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
