import type { CourseSummary, Enrolment } from '../../../shared/training';
import { maskPhone } from '../../../shared/validate/phone';

/** The 参训人员花名册's columns after 序号, with their relative widths (A4 landscape). */
export const COURSE_ROSTER_COLUMNS = [
  { key: 'name', width: 9 },
  { key: 'gender', width: 5 },
  { key: 'unit', width: 20 },
  { key: 'post', width: 14 },
  { key: 'phone', width: 12 },
  { key: 'planned', width: 8 },
  { key: 'actual', width: 8 },
  { key: 'result', width: 8 },
  { key: 'note', width: 16 },
] as const;

/** 8 → "8", 7.5 → "7.5", 2.25 → "2.25": no trailing zeros. */
export function hoursText(hours: number | null | undefined): string {
  return hours === null || hours === undefined ? '' : String(Math.round(hours * 100) / 100);
}

/** 应参加学时: the sessions' 学时, else the planned 学时 of a course without a timetable yet. */
export function plannedHours(course: Pick<CourseSummary, 'sessionHours' | 'plannedHours' | 'sessionCount'>): number | null {
  return course.sessionCount > 0 ? course.sessionHours : course.plannedHours;
}

export interface CourseRosterLabels {
  deleted: string;
  leave: (hours: string) => string;
  override: (reason: string) => string;
}

/** One row of cells per enrolment, in COURSE_ROSTER_COLUMNS order; 备注 gathers leave, overrides and the note. */
export function courseRosterRows(course: CourseSummary, enrolments: readonly Enrolment[], options: { maskPhones: boolean; labels: CourseRosterLabels }): { id: string; cells: string[] }[] {
  const planned = hoursText(plannedHours(course));
  return [...enrolments]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => {
      const notes = [
        e.personDeleted ? options.labels.deleted : '',
        e.leaveHours > 0 ? options.labels.leave(hoursText(e.leaveHours)) : '',
        e.hoursOverride !== null && e.overrideReason ? options.labels.override(e.overrideReason) : '',
        e.note ?? '',
      ].filter((n) => n !== '');
      const cells = [
        e.name,
        e.gender,
        e.unit ?? '',
        e.post ?? '',
        e.phone ? (options.maskPhones ? maskPhone(e.phone) : e.phone) : '',
        planned,
        hoursText(e.creditedHours),
        e.result ?? '',
        notes.join('；'),
      ];
      return { id: e.id, cells };
    });
}
