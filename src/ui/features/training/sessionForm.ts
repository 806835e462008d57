import type { Input } from '../../../shared/contract';
import type { FieldIssue } from '../../../shared/result';
import { PERIOD_TIMES, type CourseSession, type SessionPeriod } from '../../../shared/training';

/** vue-i18n's t, or a stand-in in tests: every message lives in src/ui/i18n/training.ts. */
export type Translate = (key: string, named?: Record<string, unknown>) => string;

/** The session dialog's draft and its defaults: times follow the 时段, 学时 follow half or whole days. */

export interface SessionDraft {
  date: string;
  period: SessionPeriod;
  startTime: string;
  endTime: string;
  topic: string;
  teacher: string;
  location: string;
  /** As typed; checked before sending. */
  hours: string;
}

/** 学时 a 时段 carries by default (REFERENCE §1.3: half a day 4, a day 8; an evening class about 2). */
export function defaultHours(period: SessionPeriod): number {
  if (period === '全天') return 8;
  if (period === '晚上') return 2;
  return 4;
}

/**
 * A new 时段 brings its own times and 学时, unless the clerk changed them: a field still holding the old
 * period's default (or nothing) follows; a typed value stays.
 */
export function changePeriod(draft: SessionDraft, from: SessionPeriod, to: SessionPeriod): void {
  const follows = (value: string, old: string) => value.trim() === '' || value.trim() === old;
  if (follows(draft.startTime, PERIOD_TIMES[from].start)) draft.startTime = PERIOD_TIMES[to].start;
  if (follows(draft.endTime, PERIOD_TIMES[from].end)) draft.endTime = PERIOD_TIMES[to].end;
  if (follows(draft.hours, String(defaultHours(from)))) draft.hours = String(defaultHours(to));
  draft.period = to;
}

export function addDays(date: string, days: number): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return date;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]) + days));
  return d.toISOString().slice(0, 10);
}

/** The slot after a session, for "保存并继续": 上午 → 下午 the same day; otherwise the next day's 上午 (never past the course end). */
export function nextSlot(last: { date: string; period: SessionPeriod } | null, course: { startDate: string; endDate: string }): { date: string; period: SessionPeriod } {
  if (!last) return { date: course.startDate, period: '上午' };
  if (last.period === '上午') return { date: last.date, period: '下午' };
  const next = addDays(last.date, 1);
  return next > course.endDate ? { date: last.date, period: last.period === '下午' ? '晚上' : '上午' } : { date: next, period: '上午' };
}

export function newSessionDraft(slot: { date: string; period: SessionPeriod }, defaults: { teacher?: string | null; location?: string | null } = {}): SessionDraft {
  return {
    date: slot.date,
    period: slot.period,
    startTime: PERIOD_TIMES[slot.period].start,
    endTime: PERIOD_TIMES[slot.period].end,
    topic: '',
    teacher: defaults.teacher ?? '',
    location: defaults.location ?? '',
    hours: String(defaultHours(slot.period)),
  };
}

export function sessionDraftFrom(s: CourseSession): SessionDraft {
  return {
    date: s.date,
    period: s.period,
    startTime: s.startTime,
    endTime: s.endTime,
    topic: s.topic ?? '',
    teacher: s.teacher ?? '',
    location: s.location ?? '',
    hours: String(s.hours),
  };
}

/** Reads 学时 as typed ("4", "3.5", "４"); null when it is not a number. */
export function parseHours(text: string): number | null {
  const normal = text.trim().replace(/[０-９．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  if (!/^\d+(\.\d+)?$/.test(normal)) return null;
  return Number(normal);
}

/** What the form can tell before asking the core; the core checks dates, times, the course span and clashes. */
export function sessionIssues(draft: SessionDraft, t: Translate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!draft.date.trim()) issues.push({ field: 'date', message: t('training.session.needDate') });
  const hours = parseHours(draft.hours);
  if (hours === null) issues.push({ field: 'hours', message: t('training.session.badHours', { text: draft.hours }) });
  else if (hours <= 0) issues.push({ field: 'hours', message: t('training.session.hoursPositive') });
  return issues;
}

export function sessionInput(draft: SessionDraft, courseId: string, id?: string): Input<'saveSession'> {
  const text = (v: string) => v.trim() || null;
  return {
    ...(id ? { id } : {}),
    courseId,
    date: draft.date.trim(),
    period: draft.period,
    startTime: text(draft.startTime),
    endTime: text(draft.endTime),
    topic: text(draft.topic),
    teacher: text(draft.teacher),
    location: text(draft.location),
    hours: parseHours(draft.hours) ?? 0,
  };
}
