import { isRealDate } from './idNumber';

/** Dates (REFERENCE §4.4): stored as ISO YYYY-MM-DD or YYYY-MM; people type them in many shapes. */

export type DateCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * Accepts 1980-01-02, 1980.1.2, 1980/01/02, 1980年1月2日, 19800102, and month-only forms
 * (1980.01, 1980-1, 198001, 1980年1月), which stay month-only.
 */
export function parseLooseDate(raw: string, label: string): DateCheck {
  const text = raw.trim().replace(/\s+/g, '');
  let m = /^(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!isRealDate(y, mo, d)) return { ok: false, message: `${label}“${raw}”不是有效日期` };
    return { ok: true, value: `${m[1]}-${pad(mo)}-${pad(d)}` };
  }
  m = /^(\d{4})[-./年](\d{1,2})月?$/.exec(text) ?? /^(\d{4})(\d{2})$/.exec(text);
  if (m) {
    const mo = Number(m[2]);
    if (mo < 1 || mo > 12) return { ok: false, message: `${label}“${raw}”的月份不正确` };
    return { ok: true, value: `${m[1]}-${pad(mo)}` };
  }
  return { ok: false, message: `${label}“${raw}”无法识别，请写成如 1980-01-02 或 1980.01` };
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Cadre documents print year and month only: 1980.01 */
export function formatYearMonth(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 7).replace('-', '.') : '';
}

/** Whole years between an ISO date and `today`. */
export function ageOn(isoBirth: string, today: Date = new Date()): number {
  const [y, m, d] = isoBirth.split('-').map(Number) as [number, number, number | undefined];
  let age = today.getFullYear() - y;
  const month = today.getMonth() + 1;
  if (month < m || (month === m && d !== undefined && today.getDate() < d)) age--;
  return age;
}
