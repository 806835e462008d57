import { z } from 'zod';
import { originOfficeFilter } from './officeFilter';
import { returns } from './returns';
import { TRAINING_LEDGERS } from './training';

/**
 * Training records in and out of Excel (issue 4): a course's roster with its attendance and timetable, the yearly
 * 学时台账 as xlsx, and importing a participant list or attendance sheet into a course, with preview, one-transaction
 * commit and exact undo. Spread into `trainingContract`.
 */

export interface ExportedWorkbook {
  fileName: string;
  dataBase64: string;
  /** People written (course roster or ledger rows). */
  rows: number;
}

export interface TrainingImportProblem {
  /** Sheet row number as Excel shows it. */
  row: number;
  /** The column as the clerk sees it (身份证号（C列）), or '' for the whole row. */
  field: string;
  message: string;
}

/** A file column read as one session's attendance, or as the single 签到/出勤 column. */
export interface TrainingImportColumn {
  letter: string;
  header: string;
  /** 'session': the column's header names this session; 'attendance': one 签到/出勤 column for `sessionId`. */
  kind: 'session' | 'attendance' | 'reason';
  sessionId: string | null;
  /** 2026-03-02 上午, for the preview. */
  sessionLabel: string | null;
}

export interface TrainingImportCounts {
  /** Data rows read (people), = imported + rejected. */
  rows: number;
  /** Rows whose person joins the course now. */
  enrolled: number;
  /** Rows whose person was already in the course. */
  alreadyEnrolled: number;
  /** Rows with a problem: nothing of them is written. */
  rejected: number;
  attendanceCreated: number;
  attendanceUpdated: number;
  attendanceUnchanged: number;
  /** Blank rows, footers (制表人：…) and repeated headers passed over. */
  ignored: number;
}

export interface TrainingImportEntry {
  row: number;
  personId: string;
  name: string;
  unit: string | null;
  /** Joins the course with this import. */
  enrol: boolean;
  /** What will be recorded, per session label: 出席, 请假（病假）… */
  attendance: { sessionId: string; label: string; status: string; reason: string | null; change: 'create' | 'update' | 'unchanged' }[];
}

export interface TrainingImportPreview {
  courseId: string;
  courseName: string;
  fileName: string;
  sheets: string[];
  sheet: string;
  headerRow: number;
  columns: TrainingImportColumn[];
  /** The file has one 签到/出勤 column and the course several sessions: choose one with `sessionId`. */
  needsSession: boolean;
  counts: TrainingImportCounts;
  entries: TrainingImportEntry[];
  rejected: TrainingImportProblem[];
  warnings: TrainingImportProblem[];
}

export interface TrainingImportResult extends TrainingImportPreview {
  importId: string;
}

export interface TrainingImportRecord {
  importId: string;
  fileName: string;
  sheet: string;
  createdAt: string;
  counts: TrainingImportCounts;
  /** Rows it enrolled, recorded or changed: 0 for a file imported again that changed nothing (not undoable). */
  changes: number;
  undoneAt: string | null;
}

export interface TrainingUndoResult {
  importId: string;
  fileName: string;
  /** Enrolments the import created, now removed. */
  unenrolled: number;
  /** Attendance records it created, now removed. */
  attendanceRemoved: number;
  /** Attendance records it changed, now back to what they were. */
  attendanceRestored: number;
}

const id = z.string().uuid();
const year = z.number().int().min(1949).max(2200);

export const trainingImportSchema = z.strictObject({
  fileId: id,
  courseId: id,
  sheet: z.string().max(100).optional(),
  headerRow: z.number().int().min(1).max(1000).optional(),
  /** The session a single 签到/出勤 column records (needed when the course has several). */
  sessionId: id.optional(),
});

export const trainingExcelContract = {
  /** The course roster with one column per session (sheet 1) and the timetable (sheet 2); IDs masked unless asked. */
  exportCourse: {
    input: z.strictObject({ courseId: id, maskIdNumbers: z.boolean().optional() }),
    output: returns<ExportedWorkbook>(),
  },
  /** The yearly 学时台账, or only those behind (未达标人员名单); IDs masked unless asked. */
  exportTrainingLedger: {
    input: z.strictObject({
      year,
      unitId: id.optional(),
      /** People recorded by this office (a county file holds several townships'). */
      originOffice: originOfficeFilter,
      ledger: z.enum(TRAINING_LEDGERS).optional(),
      shortfallOnly: z.boolean().optional(),
      maskIdNumbers: z.boolean().optional(),
    }),
    output: returns<ExportedWorkbook>(),
  },
  /** Dry run of a participant list / attendance sheet: what would be enrolled and recorded, every problem by row. */
  previewTrainingImport: { input: trainingImportSchema, output: returns<TrainingImportPreview>() },
  /** Writes the rows without problems in one transaction (planned again against the data as it is now). */
  commitTrainingImport: { input: trainingImportSchema, output: returns<TrainingImportResult>() },
  /** Puts the course back as it was before its last import; refused when those rows were changed since. */
  undoLastTrainingImport: { input: z.strictObject({ courseId: id }), output: returns<TrainingUndoResult>() },
  listTrainingImports: { input: z.strictObject({ courseId: id }), output: returns<TrainingImportRecord[]>() },
} as const;
