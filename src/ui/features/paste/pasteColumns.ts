import { IMPORT_FIELDS, type ImportField } from '../../../shared/importTypes';
import { PERSON_FIELD_LABELS } from '../../../shared/person';

/** A pasted column is one person field, or null when the clerk chose 不导入. */
export type ColumnField = ImportField | null;

/** The order most township rosters use; a block pasted without a header row is read this way. */
export const DEFAULT_COLUMNS: readonly ImportField[] = ['name', 'idNumber', 'gender', 'ethnicity', 'politicalStatus', 'education', 'phone', 'unit', 'post'];

export const FIELD_OPTIONS = IMPORT_FIELDS.map((field) => ({ field, label: PERSON_FIELD_LABELS[field] ?? field }));

/**
 * Header words seen on rosters made by villages and offices (issue 3 §5), the same words the core's
 * src/core/spreadsheet/headerSynonyms.ts knows (the renderer may not import the core: keep the two in step
 * until the table moves to src/shared). Compared after normaliseHeader().
 */
const SYNONYMS: Record<ImportField, readonly string[]> = {
  name: ['姓名', '名字', '人员姓名', '干部姓名'],
  gender: ['性别'],
  ethnicity: ['民族'],
  birthDate: ['出生年月', '出生日期', '出生年月日', '出生时间'],
  idNumber: ['身份证号', '身份证号码', '公民身份号码', '公民身份证号码', '公民身份证号', '身份证', '身份证件号码', '证件号码'],
  politicalStatus: ['政治面貌'],
  partyJoinDate: ['入党时间', '入党年月', '入党日期'],
  partyFullDate: ['转正时间', '转正年月', '转正日期'],
  education: ['文化程度', '学历', '最高学历'],
  phone: ['联系电话', '手机号码', '手机号', '联系方式', '手机', '电话', '电话号码'],
  unit: ['所在村(社区)', '所在村', '村(社区)', '村(社区)名称', '所在单位', '所属单位', '单位', '单位名称', '工作单位'],
  post: ['现任职务', '职务', '现职务', '担任职务'],
  postStartDate: ['任现职时间', '任职时间', '任现职务时间', '任职日期'],
  workStartDate: ['参加工作时间', '参加工作年月', '参加工作日期', '参工时间'],
  nativePlace: ['籍贯'],
  dispatchUnit: ['派出单位', '选派单位'],
  category: ['人员类别', '类别', '身份', '人员身份'],
  status: ['状态', '在岗状态', '任职状态'],
  note: ['备注'],
};
/** Header words that name a column we do not import (序号, 年龄 …), yet prove the row is a header. */
const KNOWN_IGNORED = new Set(['序号', '编号', '年龄', '党龄', '工龄']);

const BY_HEADER = new Map<string, ImportField>();
for (const [field, words] of Object.entries(SYNONYMS) as [ImportField, readonly string[]][]) {
  for (const word of words) BY_HEADER.set(normaliseHeader(word), field);
}

/** Drops spaces, line breaks, required-field stars and trailing colons; full-width brackets become ASCII. */
export function normaliseHeader(text: string): string {
  return text
    .replace(/[\s\u3000*＊:：]+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')');
}

export function fieldForHeader(text: string): ImportField | null {
  return BY_HEADER.get(normaliseHeader(text)) ?? null;
}

/**
 * Reads the first pasted row as a header when at least two of its cells are known header words. Returns
 * the field of every column, or null when the row is data.
 */
export function detectHeader(row: readonly string[]): ColumnField[] | null {
  let known = 0;
  const used = new Set<ImportField>();
  const fields = row.map((cell) => {
    const normalised = normaliseHeader(cell);
    if (KNOWN_IGNORED.has(normalised)) {
      known++;
      return null;
    }
    const field = BY_HEADER.get(normalised) ?? null;
    if (field === null || used.has(field)) return null;
    used.add(field);
    known++;
    return field;
  });
  return known >= 2 ? fields : null;
}

/**
 * Columns for a block without a header: the default order, shifted by one when the first column is only
 * serial numbers (序号), which clerks often copy along with the rows.
 */
export function defaultColumns(rows: readonly (readonly string[])[], width: number): ColumnField[] {
  const firstColumn = rows.map((r) => (r[0] ?? '').trim()).filter((v) => v !== '');
  const serial = width > 1 && firstColumn.length > 0 && firstColumn.every((v) => /^\d{1,5}$/.test(v));
  const order: ColumnField[] = serial ? [null, ...DEFAULT_COLUMNS] : [...DEFAULT_COLUMNS];
  return Array.from({ length: width }, (_, i) => order[i] ?? null);
}

/** A column name as a spreadsheet shows it: A … Z, AA … */
export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    out = String.fromCharCode(65 + rem) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}
