import { z } from 'zod';
import { originOfficeFilter } from './officeFilter';
import { returns } from './returns';
import {
  ASSESSMENT_RESULTS,
  ATTENDANCE_STATUSES,
  COURSE_KINDS,
  SESSION_PERIODS,
  TRAINING_LEDGERS,
  type Course,
  type CourseDetail,
  type CourseSession,
  type CourseSummary,
  type Enrolment,
  type EnrolmentCandidate,
  type EnrolResult,
  type LedgerPage,
  type SessionAttendance,
  type TrainingRules,
  type UnitCoverage,
} from './training';
import { trainingExcelContract } from './trainingExcel';

/** The training part of the API contract (issue 4); spread into `contract`. */

const id = z.string().uuid();
const byId = z.strictObject({ id });
const optionalText = (max: number) => z.string().max(max).nullish();
/** Dates and times arrive as typed; the core parses them and answers in Chinese, naming the field. */
const dateText = z.string().max(20);
const timeText = z.string().max(5).nullish();
const hours = z.number().finite().max(10_000);
const year = z.number().int().min(1949).max(2200);

export const courseInputSchema = z.strictObject({
  id: id.optional(),
  rev: z.number().int().nonnegative().optional(),
  name: z.string().trim().min(1).max(100),
  kind: z.enum(COURSE_KINDS),
  organizer: optionalText(100),
  host: optionalText(100),
  location: optionalText(100),
  startDate: dateText,
  endDate: dateText,
  target: optionalText(200),
  teachers: optionalText(200),
  content: optionalText(4000),
  plannedHours: hours.nullish(),
  fullTime: z.boolean().optional(),
  ledgers: z.array(z.enum(TRAINING_LEDGERS)).max(TRAINING_LEDGERS.length).optional(),
  assessment: optionalText(100),
  note: optionalText(4000),
});

export const sessionInputSchema = z.strictObject({
  id: id.optional(),
  courseId: id,
  date: dateText,
  period: z.enum(SESSION_PERIODS),
  startTime: timeText,
  endTime: timeText,
  topic: optionalText(200),
  teacher: optionalText(100),
  location: optionalText(100),
  hours,
});

/** Who to offer for enrolment: named people, and/or everyone live in a unit subtree, a branch subtree or categories. */
export const enrolmentSelectionSchema = z.strictObject({
  courseId: id,
  personIds: z.array(id).max(5000).optional(),
  unitId: id.optional(),
  partyOrgId: id.optional(),
  categories: z.array(z.string().max(100)).max(20).optional(),
});

export const attendanceEntrySchema = z.strictObject({
  personId: id,
  /** null clears the record (未记录). */
  status: z.enum(ATTENDANCE_STATUSES).nullable(),
  reason: optionalText(200),
});

export const enrolmentResultSchema = z.strictObject({
  id,
  result: z.enum(ASSESSMENT_RESULTS).nullish(),
  hoursOverride: hours.nullish(),
  overrideReason: optionalText(200),
  certificateNo: optionalText(60),
  note: optionalText(500),
});

export const trainingRulesSchema = z.strictObject({
  dayFactor: z.number().min(1).max(24),
  dailyCap: z.number().min(1).max(24),
  rules: z
    .array(
      z.strictObject({
        id: z.string().regex(/^[a-z0-9-]{1,40}$/),
        name: z.string().trim().min(1).max(60),
        ledger: z.enum(TRAINING_LEDGERS),
        hours: z.number().positive().max(10_000),
        days: z.number().positive().max(366).nullable(),
        partyMembersOnly: z.boolean(),
        categories: z.array(z.string().max(100)).max(20),
      }),
    )
    .max(30),
});

export const ledgerQuerySchema = z.strictObject({
  year,
  query: z.string().max(100).optional(),
  unitId: id.optional(),
  /** People recorded by this office; absent, every office's people (the county roll-up). */
  originOffice: originOfficeFilter,
  ledger: z.enum(TRAINING_LEDGERS).optional(),
  /** Only people behind on at least one requirement. */
  shortfallOnly: z.boolean().optional(),
  sort: z.enum(['unit', 'name', 'shortfall']).default('unit'),
  offset: z.number().int().nonnegative().default(0),
  limit: z.number().int().min(1).max(100_000).default(100),
});

export const trainingContract = {
  listCourses: {
    input: z.strictObject({
      year: year.optional(),
      query: z.string().max(100).optional(),
      /** Courses recorded by this office. */
      originOffice: originOfficeFilter,
      deleted: z.enum(['live', 'deleted']).default('live'),
    }),
    output: returns<CourseSummary[]>(),
  },
  getCourse: { input: byId, output: returns<CourseDetail>() },
  saveCourse: { input: courseInputSchema, output: returns<Course>() },
  /** Soft delete; the course, its sessions and attendance come back with restoreCourse. */
  deleteCourse: { input: byId, output: returns<Course>() },
  restoreCourse: { input: byId, output: returns<Course>() },

  saveSession: { input: sessionInputSchema, output: returns<CourseSession>() },
  /** Refused while the session has attendance recorded. Returns the course's remaining sessions. */
  deleteSession: { input: byId, output: returns<CourseSession[]>() },

  listEnrolments: { input: z.strictObject({ courseId: id }), output: returns<Enrolment[]>() },
  /** Who a selection would add, with those already in and those with a timetable conflict marked. */
  previewEnrolment: { input: enrolmentSelectionSchema, output: returns<EnrolmentCandidate[]>() },
  /** Adds the selection in one transaction; conflicting and already-enrolled people are skipped and named. */
  enrol: { input: enrolmentSelectionSchema, output: returns<EnrolResult>() },
  /** Refused when the person has attendance recorded in this course. Returns the remaining enrolments. */
  unenrol: { input: z.strictObject({ courseId: id, personId: id }), output: returns<Enrolment[]>() },
  /** Sets the printed order (序号): by unit then name, by name, or exactly as given. */
  orderEnrolments: {
    input: z.strictObject({ courseId: id, by: z.enum(['unit', 'name', 'given']), personIds: z.array(id).max(5000).optional() }),
    output: returns<Enrolment[]>(),
  },
  saveEnrolmentResult: { input: enrolmentResultSchema, output: returns<Enrolment>() },

  getSessionAttendance: { input: z.strictObject({ sessionId: id }), output: returns<SessionAttendance>() },
  /** All entries or none: a person not enrolled, a 请假 without reason or a clash with another session refuses the lot. */
  recordAttendance: {
    input: z.strictObject({ sessionId: id, entries: z.array(attendanceEntrySchema).min(1).max(5000) }),
    output: returns<SessionAttendance>(),
  },

  getTrainingRules: { input: z.strictObject({}), output: returns<TrainingRules>() },
  saveTrainingRules: { input: trainingRulesSchema, output: returns<TrainingRules>() },
  trainingLedger: { input: ledgerQuerySchema, output: returns<LedgerPage>() },
  trainingCoverage: { input: z.strictObject({ year, ledger: z.enum(TRAINING_LEDGERS).optional(), originOffice: originOfficeFilter }), output: returns<UnitCoverage[]>() },

  /** Excel export of a course and the ledger, import of participant lists / attendance with undo (trainingExcel.ts). */
  ...trainingExcelContract,
} as const;
