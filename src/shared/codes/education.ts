import { createCodeTable } from './table';

/**
 * GB/T 4658-2006 (REFERENCE §3.4). Only leaf codes are stored; the x0 rows are group headers, because
 * public implementations disagree on them.
 */
const EDUCATION_ENTRIES = [
  { code: '11', name: '博士研究生毕业', group: '研究生' },
  { code: '12', name: '博士研究生结业', group: '研究生' },
  { code: '13', name: '博士研究生肄业', group: '研究生' },
  { code: '14', name: '硕士研究生毕业', group: '研究生' },
  { code: '15', name: '硕士研究生结业', group: '研究生' },
  { code: '16', name: '硕士研究生肄业', group: '研究生' },
  { code: '17', name: '研究生班毕业', group: '研究生' },
  { code: '18', name: '研究生班结业', group: '研究生' },
  { code: '19', name: '研究生班肄业', group: '研究生' },
  { code: '21', name: '大学本科毕业', group: '大学本科' },
  { code: '22', name: '大学本科结业', group: '大学本科' },
  { code: '23', name: '大学本科肄业', group: '大学本科' },
  { code: '28', name: '大学普通班毕业', group: '大学本科' },
  { code: '31', name: '大学专科毕业', group: '大学专科' },
  { code: '32', name: '大学专科结业', group: '大学专科' },
  { code: '33', name: '大学专科肄业', group: '大学专科' },
  { code: '41', name: '中等专科毕业', group: '中等职业' },
  { code: '42', name: '中等专科结业', group: '中等职业' },
  { code: '43', name: '中等专科肄业', group: '中等职业' },
  { code: '44', name: '职业高中毕业', group: '中等职业' },
  { code: '45', name: '职业高中结业', group: '中等职业' },
  { code: '46', name: '职业高中肄业', group: '中等职业' },
  { code: '47', name: '技工学校毕业', group: '中等职业' },
  { code: '48', name: '技工学校结业', group: '中等职业' },
  { code: '49', name: '技工学校肄业', group: '中等职业' },
  { code: '61', name: '普通高中毕业', group: '普通高中' },
  { code: '62', name: '普通高中结业', group: '普通高中' },
  { code: '63', name: '普通高中肄业', group: '普通高中' },
  { code: '71', name: '初中毕业', group: '初中' },
  { code: '73', name: '初中肄业', group: '初中' },
  { code: '81', name: '小学毕业', group: '小学' },
  { code: '83', name: '小学肄业', group: '小学' },
  { code: '90', name: '其他', group: '其他' },
] as const;

/** Group headers, for grouped pickers only. */
export const EDUCATION_GROUPS = ['研究生', '大学本科', '大学专科', '中等职业', '普通高中', '初中', '小学', '其他'] as const;

/** Village rosters carry short 文化程度 labels; REFERENCE §3.4 maps them to leaf codes. */
export const EDUCATIONS = createCodeTable(EDUCATION_ENTRIES, {
  博士: '11',
  博士研究生: '11',
  硕士: '14',
  硕士研究生: '14',
  研究生: '14',
  大学: '21',
  本科: '21',
  大学本科: '21',
  大本: '21',
  大专: '31',
  专科: '31',
  大学专科: '31',
  中专: '41',
  中等专科: '41',
  职高: '44',
  技校: '47',
  高中: '61',
  初中: '71',
  小学: '81',
});
