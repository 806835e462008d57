import type { ImportField } from './importTypes';

/**
 * Column titles as villages and offices actually write them (REFERENCE §5, §8), mapped to person fields.
 * `null` marks titles we recognise but do not import (序号, 年龄 …): they still help find the header row.
 * One table for the Excel import (src/core/spreadsheet) and the paste grid (src/ui/features/paste), so a
 * header row means the same whichever way the rows arrive.
 */
export const HEADER_SYNONYMS: Readonly<Record<string, ImportField | null>> = {
  姓名: 'name',
  名字: 'name',
  人员姓名: 'name',
  干部姓名: 'name',
  性别: 'gender',
  民族: 'ethnicity',
  出生年月: 'birthDate',
  出生日期: 'birthDate',
  出生年月日: 'birthDate',
  出生时间: 'birthDate',
  身份证号: 'idNumber',
  身份证号码: 'idNumber',
  公民身份号码: 'idNumber',
  公民身份证号码: 'idNumber',
  公民身份证号: 'idNumber',
  身份证: 'idNumber',
  身份证件号码: 'idNumber',
  证件号码: 'idNumber',
  政治面貌: 'politicalStatus',
  入党时间: 'partyJoinDate',
  入党年月: 'partyJoinDate',
  入党日期: 'partyJoinDate',
  转正时间: 'partyFullDate',
  转正年月: 'partyFullDate',
  转正日期: 'partyFullDate',
  参加工作时间: 'workStartDate',
  参加工作年月: 'workStartDate',
  参加工作日期: 'workStartDate',
  参工时间: 'workStartDate',
  文化程度: 'education',
  学历: 'education',
  最高学历: 'education',
  联系电话: 'phone',
  手机号码: 'phone',
  手机号: 'phone',
  联系方式: 'phone',
  手机: 'phone',
  电话: 'phone',
  电话号码: 'phone',
  '所在村(社区)': 'unit',
  所在村: 'unit',
  '村(社区)': 'unit',
  '村(社区)名称': 'unit',
  所在单位: 'unit',
  所属单位: 'unit',
  单位: 'unit',
  单位名称: 'unit',
  工作单位: 'unit',
  现任职务: 'post',
  职务: 'post',
  现职务: 'post',
  担任职务: 'post',
  任现职时间: 'postStartDate',
  任职时间: 'postStartDate',
  任现职务时间: 'postStartDate',
  任职日期: 'postStartDate',
  籍贯: 'nativePlace',
  派出单位: 'dispatchUnit',
  选派单位: 'dispatchUnit',
  人员类别: 'category',
  类别: 'category',
  身份: 'category',
  人员身份: 'category',
  状态: 'status',
  在岗状态: 'status',
  任职状态: 'status',
  备注: 'note',
  序号: null,
  编号: null,
  年龄: null,
  党龄: null,
  工龄: null,
};

/**
 * Makes 'ID\n号码 ', '所在村（社区）', '*姓 名' and '身份证号：' compare equal to the table: NFKC folds full-width
 * brackets and letters, and spaces, line breaks, required-field stars and colons are dropped.
 */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000*※★:：]/g, '')
    .replace(/[（【[]/g, '(')
    .replace(/[）】\]]/g, ')')
    .toLowerCase();
}

const TABLE = new Map<string, ImportField | null>(Object.entries(HEADER_SYNONYMS).map(([k, v]) => [normaliseHeader(k), v]));

export interface HeaderMatch {
  field: ImportField | null;
}

/**
 * The field a column title stands for, or undefined when it is not a title we know. A note in brackets
 * ('身份证号码(18位)', '出生年月(年龄)') is tried without the note.
 */
export function matchHeader(text: string): HeaderMatch | undefined {
  const key = normaliseHeader(text);
  if (key === '') return undefined;
  if (TABLE.has(key)) return { field: TABLE.get(key)! };
  const bare = key.replace(/\([^)]*\)/g, '');
  if (bare !== '' && TABLE.has(bare)) return { field: TABLE.get(bare)! };
  return undefined;
}
