import { fail, type FieldIssue } from '../shared/result';
import { parseLooseDate } from '../shared/validate/date';

/** Field checks shared by training and activity records; each adds a Chinese issue naming the field. */

export function issuesFail(issues: FieldIssue[]) {
  return fail('VALIDATION', issues.map((i) => i.message).join('；'), issues);
}

/** A day (YYYY-MM-DD) from any form the clerk types; month-only dates are refused, a session needs its day. */
export function fullDate(raw: string, field: string, label: string, issues: FieldIssue[]): string | null {
  if (raw.trim() === '') {
    issues.push({ field, message: `请填写${label}` });
    return null;
  }
  const d = parseLooseDate(raw, label);
  if (!d.ok) {
    issues.push({ field, message: d.message });
    return null;
  }
  if (d.value.length !== 10) {
    issues.push({ field, message: `${label}“${raw}”请写到日，如 2026-03-05` });
    return null;
  }
  return d.value;
}

/** HH:MM from 8:30, 08:30, 8：30 or 830; null with an issue when it is not a time of day. */
export function clockTime(raw: string, field: string, label: string, issues: FieldIssue[]): string | null {
  const m = /^(\d{1,2})[:：.]?(\d{2})$/.exec(raw.trim());
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) {
    issues.push({ field, message: `${label}“${raw}”不是有效时间，请写成如 08:30` });
    return null;
  }
  return `${m[1]!.padStart(2, '0')}:${m[2]}`;
}

/** Hours and counts are shown with at most two decimals; sums of halves stay exact, but guard the rest. */
export function roundHours(value: number): number {
  return Math.round(value * 100) / 100;
}
