import type { CourseSession } from '../../../shared/training';

/** How training figures read on screen: rates as 93.5%, hours without trailing zeros, date ranges short. */

export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined) return '—';
  return `${(Math.round(rate * 1000) / 10).toString()}%`;
}

export function hoursText(hours: number | null | undefined): string {
  if (hours === null || hours === undefined) return '—';
  return String(Math.round(hours * 100) / 100);
}

/** 2026-03-02 至 2026-03-04, or one date for a one-day course. */
export function dateRange(start: string, end: string, joiner: string): string {
  return start === end ? start : `${start} ${joiner} ${end}`;
}

/** A session as the clerk names it: 2026-03-02 上午 · 党的二十大精神解读. */
export function sessionLabel(s: Pick<CourseSession, 'date' | 'period' | 'topic'>): string {
  return s.topic ? `${s.date} ${s.period} · ${s.topic}` : `${s.date} ${s.period}`;
}
