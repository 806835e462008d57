import type { Input } from '../../../shared/contract';
import type { FieldIssue } from '../../../shared/result';
import { TRAINING_LEDGERS, type Course, type CourseKind, type TrainingLedger } from '../../../shared/training';
import { parseHours, type Translate } from './sessionForm';

/** The course dialog's draft: every field as typed, so a refused save gives it all back. */
export interface CourseDraft {
  name: string;
  kind: CourseKind | '';
  organizer: string;
  host: string;
  location: string;
  startDate: string;
  endDate: string;
  target: string;
  teachers: string;
  content: string;
  plannedHours: string;
  fullTime: boolean;
  ledgers: TrainingLedger[];
  assessment: string;
  note: string;
}

export function emptyCourseDraft(): CourseDraft {
  return {
    name: '',
    kind: '专题培训班',
    organizer: '',
    host: '',
    location: '',
    startDate: '',
    endDate: '',
    target: '',
    teachers: '',
    content: '',
    plannedHours: '',
    fullTime: false,
    ledgers: [...TRAINING_LEDGERS],
    assessment: '',
    note: '',
  };
}

export function courseDraftFrom(c: Course): CourseDraft {
  return {
    name: c.name,
    kind: c.kind,
    organizer: c.organizer ?? '',
    host: c.host ?? '',
    location: c.location ?? '',
    startDate: c.startDate,
    endDate: c.endDate,
    target: c.target ?? '',
    teachers: c.teachers ?? '',
    content: c.content ?? '',
    plannedHours: c.plannedHours === null ? '' : String(c.plannedHours),
    fullTime: c.fullTime,
    ledgers: [...c.ledgers],
    assessment: c.assessment ?? '',
    note: c.note ?? '',
  };
}

/**
 * What the form checks itself: the contract's own refusals (an empty name, an unknown kind) would come back
 * worded for any record, so they are caught here, on the right field. Dates and the rest: the core.
 */
export function courseIssues(draft: CourseDraft, t: Translate): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!draft.name.trim()) issues.push({ field: 'name', message: t('training.course.needName') });
  if (!draft.kind) issues.push({ field: 'kind', message: t('training.course.needKind') });
  if (!draft.startDate.trim()) issues.push({ field: 'startDate', message: t('training.course.needStart') });
  if (!draft.endDate.trim()) issues.push({ field: 'endDate', message: t('training.course.needEnd') });
  if (draft.plannedHours.trim() && parseHours(draft.plannedHours) === null) {
    issues.push({ field: 'plannedHours', message: t('training.course.badHours', { text: draft.plannedHours }) });
  }
  if (draft.ledgers.length === 0) issues.push({ field: 'ledgers', message: t('training.course.needLedger') });
  return issues;
}

/** A one-day course: the end date follows the start date until the clerk types one. */
export function followEndDate(draft: CourseDraft, previousStart: string): void {
  if (draft.endDate.trim() === '' || draft.endDate === previousStart) draft.endDate = draft.startDate;
}

export function courseInput(draft: CourseDraft, existing?: { id: string; rev: number }): Input<'saveCourse'> {
  const text = (v: string) => v.trim() || null;
  return {
    ...(existing ? { id: existing.id, rev: existing.rev } : {}),
    name: draft.name.trim(),
    kind: draft.kind as CourseKind,
    organizer: text(draft.organizer),
    host: text(draft.host),
    location: text(draft.location),
    startDate: draft.startDate.trim(),
    endDate: draft.endDate.trim(),
    target: text(draft.target),
    teachers: text(draft.teachers),
    content: text(draft.content),
    plannedHours: draft.plannedHours.trim() ? parseHours(draft.plannedHours) : null,
    fullTime: draft.fullTime,
    ledgers: [...draft.ledgers],
    assessment: text(draft.assessment),
    note: text(draft.note),
  };
}
