import type { Person } from './person';
import { ageOn, formatYearMonth } from './validate/date';
import { maskIdNumber } from './validate/idNumber';
import { maskPhone } from './validate/phone';

/**
 * The roster's columns, defined once for the screen, the Excel export and the printout, so all three
 * say the same thing the same way (dates as YYYY.MM, masked ID numbers unless asked otherwise).
 * 序号 is not a column here: each renderer numbers its own rows.
 */

export interface CellOptions {
  /** 110101********001X unless the full number is needed. Default true. */
  maskIdNumbers?: boolean;
  maskPhones?: boolean;
  today?: Date;
}

export interface RosterColumn {
  key: string;
  label: string;
  /** Width in characters, for xlsx columns and print proportions. */
  width: number;
  value(person: Person, options: CellOptions): string;
}

const text = (v: string | null | undefined) => v ?? '';

export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  { key: 'name', label: '姓名', width: 10, value: (p) => p.name },
  { key: 'gender', label: '性别', width: 5, value: (p) => p.gender },
  { key: 'ethnicity', label: '民族', width: 7, value: (p) => text(p.ethnicity) },
  { key: 'nativePlace', label: '籍贯', width: 10, value: (p) => text(p.nativePlace) },
  {
    key: 'birthDate',
    label: '出生年月',
    width: 9,
    value: (p) => formatYearMonth(p.birthDate),
  },
  { key: 'age', label: '年龄', width: 5, value: (p, o) => (p.birthDate ? String(ageOn(p.birthDate, o.today)) : '') },
  {
    key: 'idNumber',
    label: '身份证号',
    width: 21,
    value: (p, o) => (p.idNumber ? (o.maskIdNumbers === false ? p.idNumber : maskIdNumber(p.idNumber)) : ''),
  },
  { key: 'politicalStatus', label: '政治面貌', width: 10, value: (p) => text(p.politicalStatus) },
  { key: 'partyJoinDate', label: '入党时间', width: 9, value: (p) => formatYearMonth(p.partyJoinDate) },
  { key: 'partyFullDate', label: '转正时间', width: 9, value: (p) => formatYearMonth(p.partyFullDate) },
  { key: 'workStartDate', label: '参加工作时间', width: 9, value: (p) => formatYearMonth(p.workStartDate) },
  { key: 'education', label: '学历', width: 12, value: (p) => text(p.education) },
  { key: 'unit', label: '单位', width: 14, value: (p) => text(p.unit) },
  { key: 'partyOrg', label: '所在党组织', width: 14, value: (p) => text(p.partyOrg) },
  { key: 'post', label: '现任职务', width: 16, value: (p) => text(p.post) },
  { key: 'postStartDate', label: '任现职时间', width: 9, value: (p) => formatYearMonth(p.postStartDate) },
  { key: 'dispatchUnit', label: '派出单位', width: 16, value: (p) => text(p.dispatchUnit) },
  { key: 'category', label: '人员类别', width: 14, value: (p) => p.categories.join('、') },
  { key: 'status', label: '状态', width: 6, value: (p) => p.status },
  {
    key: 'phone',
    label: '联系电话',
    width: 13,
    value: (p, o) => (p.phone ? (o.maskPhones ? maskPhone(p.phone) : p.phone) : ''),
  },
  { key: 'note', label: '备注', width: 16, value: (p) => text(p.note) },
];

export const ROSTER_COLUMN_KEYS = ROSTER_COLUMNS.map((c) => c.key);

export function rosterColumn(key: string): RosterColumn | undefined {
  return ROSTER_COLUMNS.find((c) => c.key === key);
}

/** A saved roster view: which people (by category) and which columns, in which order. */
export interface RosterView {
  id: string;
  name: string;
  /** Printed and exported title, after the office name: 红旗镇 + 村（社区）“两委”成员花名册. */
  title: string;
  /** People holding any of these categories; empty means everyone. */
  categories: string[];
  columns: string[];
  builtin: boolean;
}

/** 红旗镇 + 村（社区）“两委”成员花名册; the office name is not repeated if the title already starts with it. */
export function rosterTitle(office: { name: string }, view: Pick<RosterView, 'title'>): string {
  return view.title.startsWith(office.name) ? view.title : `${office.name}${view.title}`;
}

/** 填报日期 as printed on official forms: 2026年11月22日 (no leading zeros). */
export function fillDate(today: Date): string {
  return `${today.getFullYear()}年${today.getMonth() + 1}月${today.getDate()}日`;
}

const BASE = ['name', 'gender', 'ethnicity', 'birthDate', 'politicalStatus', 'education'];

/** Views every office starts with (REFERENCE §5.2–5.5); the clerk can change their columns. */
export const DEFAULT_ROSTER_VIEWS: readonly RosterView[] = [
  { id: 'all', name: '全部人员', title: '干部花名册', categories: [], columns: [...BASE, 'idNumber', 'unit', 'post', 'phone'], builtin: true },
  {
    id: 'township-cadres',
    name: '乡镇干部',
    title: '乡镇干部花名册',
    categories: ['乡镇公务员', '乡镇参公人员', '乡镇事业编人员'],
    columns: [...BASE, 'nativePlace', 'partyJoinDate', 'workStartDate', 'post', 'postStartDate', 'phone'],
    builtin: true,
  },
  {
    id: 'two-committees',
    name: '两委花名册',
    title: '村（社区）“两委”成员花名册',
    categories: ['村（社区）两委成员'],
    columns: [...BASE, 'partyJoinDate', 'unit', 'post', 'postStartDate', 'phone'],
    builtin: true,
  },
  {
    id: 'first-secretaries',
    name: '第一书记',
    title: '驻村第一书记花名册',
    categories: ['驻村第一书记'],
    columns: [...BASE, 'dispatchUnit', 'unit', 'postStartDate', 'phone'],
    builtin: true,
  },
  {
    id: 'work-teams',
    name: '驻村工作队',
    title: '驻村工作队员花名册',
    categories: ['驻村工作队员'],
    columns: [...BASE, 'dispatchUnit', 'unit', 'postStartDate', 'phone'],
    builtin: true,
  },
  { id: 'reserves', name: '后备干部', title: '村级后备干部花名册', categories: ['村级后备干部'], columns: [...BASE, 'unit', 'post', 'phone'], builtin: true },
  { id: 'rich-leaders', name: '致富带头人', title: '致富带头人花名册', categories: ['致富带头人'], columns: [...BASE, 'unit', 'post', 'phone', 'note'], builtin: true },
];
