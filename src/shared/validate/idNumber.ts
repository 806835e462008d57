/** 公民身份号码, GB 11643-1999 (REFERENCE §4.1). */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Address-code prefixes (GB/T 2260 provinces, plus 81/82/83 for 港澳台 residence permits). */
const PROVINCE_PREFIXES = new Set([
  '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82', '83',
]);

export interface IdNumberInfo {
  /** Normalised: no spaces, upper-case X. */
  idNumber: string;
  /** YYYY-MM-DD */
  birthDate: string;
  gender: '男' | '女';
}

export type IdNumberCheck = { ok: true; value: IdNumberInfo } | { ok: false; message: string };

/** Check character for the first 17 digits (ISO 7064 MOD 11-2). */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Strips spaces (half- and full-width) and hyphens people type or paste, and upper-cases x. */
export function normaliseIdNumber(raw: string): string {
  return raw.replace(/[\s\u3000-]+/g, '').toUpperCase();
}

export function isRealDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Validates an ID number and derives birth date and gender. `today` is injectable so tests do not
 * depend on the clock.
 */
export function checkIdNumber(raw: string, today: Date = new Date()): IdNumberCheck {
  const id = normaliseIdNumber(raw);
  if (id.length === 0) return { ok: false, message: '身份证号不能为空' };
  if (/^\d{15}$/.test(id)) return { ok: false, message: '这是15位旧身份证号，请填写18位身份证号' };
  if (id.length !== 18) return { ok: false, message: `身份证号应为18位，当前为${id.length}位` };
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, message: '身份证号只能由17位数字和最后一位数字或X组成' };
  if (!PROVINCE_PREFIXES.has(id.slice(0, 2))) return { ok: false, message: `身份证号前两位“${id.slice(0, 2)}”不是有效的省级行政区划代码` };
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (!isRealDate(year, month, day)) return { ok: false, message: `身份证号中的出生日期“${id.slice(6, 14)}”不是有效日期` };
  const birth = Date.UTC(year, month - 1, day);
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (birth > todayUtc) return { ok: false, message: '身份证号中的出生日期晚于今天' };
  if (year < 1900) return { ok: false, message: '身份证号中的出生年份早于1900年' };
  const expected = idCheckChar(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, message: '身份证号校验位不正确，请核对是否抄错' };
  return {
    ok: true,
    value: {
      idNumber: id,
      birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      gender: Number(id[16]) % 2 === 1 ? '男' : '女',
    },
  };
}

/** 110101********001X: keeps the region and the last four, hides the birth date and sequence. */
export function maskIdNumber(id: string): string {
  if (id.length !== 18) return id.length > 4 ? `${'*'.repeat(id.length - 4)}${id.slice(-4)}` : id;
  return `${id.slice(0, 6)}********${id.slice(14)}`;
}
