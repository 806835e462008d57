import type { Database } from 'better-sqlite3';
import { fail, ok, type Result } from '../../../shared/result';
import type { TrainingImportCounts, TrainingImportRecord, TrainingImportResult, TrainingUndoResult } from '../../../shared/trainingExcel';
import { nowIso, uuidv7 } from '../../ids';
import { undoRefused } from '../../import/undo';
import { liveCourse } from '../courses';
import { planTrainingImport, type PlanInput } from './planImport';
import type { TrainingFile } from './readTrainingFile';

/**
 * Stage three: the write. One IMMEDIATE transaction plans the file again against the data as it is now (someone
 * may have enrolled a person since the preview), then enrols and records exactly what the plan says, with the
 * same checks as enrol and recordAttendance (roster person, timetable clashes, 请假 with a reason). Every row
 * written is logged in import_batches / import_changes (kind 'training', the course in the summary), so
 * undoLastTrainingImport can put the course back exactly. All rows of a batch are stamped with its time, which
 * is how undo sees whether one was changed since.
 */

export const TRAINING_IMPORT_KIND = 'training';

interface BatchSummary {
  courseId: string;
  counts: TrainingImportCounts;
  headerRow: number;
  rejected: number;
  warnings: number;
}

export function commitTrainingImport(db: Database, file: TrainingFile, input: PlanInput): Result<TrainingImportResult> {
  return db.transaction((): Result<TrainingImportResult> => {
    const planned = planTrainingImport(db, file, input);
    if (!planned.ok) return planned;
    const { preview, rows, originOffice } = planned.data;
    if (preview.needsSession) {
      return fail('VALIDATION', `“${preview.fileName}”只有一列签到，本班有多个场次：请先选择这一列记录的是哪个场次。数据没有改动`);
    }
    if (rows.length === 0) {
      return fail('VALIDATION', `“${preview.fileName}”中没有可以导入的行（${preview.counts.rejected} 行有问题，见问题清单）。数据没有改动`);
    }
    const importId = uuidv7();
    const now = nowIso();
    const summary: BatchSummary = { courseId: input.courseId, counts: preview.counts, headerRow: preview.headerRow, rejected: preview.rejected.length, warnings: preview.warnings.length };
    db.prepare('INSERT INTO import_batches (id, kind, file_name, sheet, summary, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      importId,
      TRAINING_IMPORT_KIND,
      preview.fileName,
      preview.sheet,
      JSON.stringify(summary),
      now,
    );
    const log = db.prepare('INSERT INTO import_changes (batch_id, seq, table_name, row_id, action, before, rev_after) VALUES (?, ?, ?, ?, ?, ?, NULL)');
    const enrolStmt = db.prepare('INSERT INTO enrolments (id, origin_office, course_id, person_id, seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertMark = db.prepare('INSERT INTO attendance (id, origin_office, session_id, person_id, status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    const updateMark = db.prepare('UPDATE attendance SET status = ?, reason = ?, updated_at = ? WHERE id = ?');
    let order = (db.prepare('SELECT ifnull(MAX(seq), 0) AS n FROM enrolments WHERE course_id = ? AND deleted_at IS NULL').get(input.courseId) as { n: number }).n;
    let seq = 0;
    for (const row of rows) {
      if (row.enrol) {
        const id = uuidv7();
        enrolStmt.run(id, originOffice, input.courseId, row.personId, ++order, now, now);
        log.run(importId, ++seq, 'enrolments', id, 'insert', null);
      }
      for (const mark of row.attendance) {
        if (mark.change === 'create') {
          const id = uuidv7();
          insertMark.run(id, originOffice, mark.session.id, row.personId, mark.status, mark.reason, now, now);
          log.run(importId, ++seq, 'attendance', id, 'insert', null);
        } else if (mark.change === 'update') {
          const before = mark.existing!;
          updateMark.run(mark.status, mark.reason, now, before.id);
          log.run(importId, ++seq, 'attendance', before.id, 'update', JSON.stringify({ status: before.status, reason: before.reason, updated_at: before.updated_at }));
        }
      }
    }
    if (seq > 0) db.prepare('UPDATE courses SET updated_at = ? WHERE id = ?').run(now, input.courseId);
    return ok({ ...preview, importId });
  }).immediate();
}

interface BatchRow {
  id: string;
  file_name: string;
  sheet: string;
  summary: string;
  created_at: string;
  undone_at: string | null;
  changes: number;
}

const BATCHES = `SELECT b.id, b.file_name, b.sheet, b.summary, b.created_at, b.undone_at,
    (SELECT COUNT(*) FROM import_changes c WHERE c.batch_id = b.id) AS changes FROM import_batches b
  WHERE b.kind = '${TRAINING_IMPORT_KIND}' AND json_extract(b.summary, '$.courseId') = ?`;

export function listTrainingImports(db: Database, courseId: string): TrainingImportRecord[] {
  const rows = db.prepare(`${BATCHES} ORDER BY b.created_at DESC, b.id DESC LIMIT 200`).all(courseId) as BatchRow[];
  return rows.map((r) => ({
    importId: r.id,
    fileName: r.file_name,
    sheet: r.sheet,
    createdAt: r.created_at,
    counts: (JSON.parse(r.summary) as BatchSummary).counts,
    changes: r.changes,
    undoneAt: r.undone_at,
  }));
}

interface ChangeRow {
  table_name: 'enrolments' | 'attendance';
  row_id: string;
  action: 'insert' | 'update';
  before: string | null;
}

interface EnrolmentState {
  person_id: string;
  name: string;
  deleted_at: string | null;
  result: string | null;
  hours_override: number | null;
  certificate_no: string | null;
  note: string | null;
}

interface MarkState {
  name: string;
  date: string;
  period: string;
  deleted_at: string | null;
  updated_at: string;
}

/** Why the batch cannot be undone without losing later work; empty when it can. */
function blockers(db: Database, batch: BatchRow, courseId: string, changes: ChangeRow[]): string[] {
  const enrolment = db.prepare(
    'SELECT e.person_id, p.name, e.deleted_at, e.result, e.hours_override, e.certificate_no, e.note FROM enrolments e JOIN people p ON p.id = e.person_id WHERE e.id = ?',
  );
  const mark = db.prepare(
    'SELECT p.name, s.date, s.period, a.deleted_at, a.updated_at FROM attendance a JOIN people p ON p.id = a.person_id JOIN course_sessions s ON s.id = a.session_id WHERE a.id = ?',
  );
  const marksOf = db.prepare(
    `SELECT a.id FROM attendance a JOIN course_sessions s ON s.id = a.session_id
     WHERE s.course_id = ? AND a.person_id = ? AND a.deleted_at IS NULL`,
  );
  const created = new Set(changes.filter((c) => c.table_name === 'attendance' && c.action === 'insert').map((c) => c.row_id));
  const reasons: string[] = [];
  for (const change of changes) {
    if (change.table_name === 'enrolments') {
      const e = enrolment.get(change.row_id) as EnrolmentState | undefined;
      if (!e) reasons.push('导入的一条参训记录已不存在');
      else if (e.deleted_at) reasons.push(`${e.name}在导入后已被移出名单`);
      else if (e.result !== null || e.hours_override !== null || e.certificate_no !== null || e.note !== null) reasons.push(`${e.name}在导入后登记了考核结果、认定学时、证书编号或备注`);
      else if ((marksOf.all(courseId, e.person_id) as { id: string }[]).some((m) => !created.has(m.id))) reasons.push(`${e.name}在导入后又登记了考勤`);
      continue;
    }
    const m = mark.get(change.row_id) as MarkState | undefined;
    if (!m) reasons.push('导入的一条考勤记录已不存在');
    else if (m.deleted_at !== null || m.updated_at !== batch.created_at) reasons.push(`${m.name} ${m.date} ${m.period}的考勤在导入后又被修改或清除`);
  }
  return reasons;
}

export function undoLastTrainingImport(db: Database, courseId: string): Result<TrainingUndoResult> {
  return db.transaction((): Result<TrainingUndoResult> => {
    const course = liveCourse(db, courseId);
    if (!course.ok) return course;
    // Imports that changed nothing (the same file twice) are history only; the last one that did is undone.
    const batch = db
      .prepare(`${BATCHES} AND b.undone_at IS NULL AND EXISTS (SELECT 1 FROM import_changes c WHERE c.batch_id = b.id) ORDER BY b.created_at DESC, b.id DESC LIMIT 1`)
      .get(courseId) as BatchRow | undefined;
    if (!batch) return fail('NOT_FOUND', `培训班《${course.data.name}》没有可以撤销的导入`);
    const changes = db.prepare('SELECT table_name, row_id, action, before FROM import_changes WHERE batch_id = ? ORDER BY seq DESC').all(batch.id) as ChangeRow[];
    const reasons = blockers(db, batch, courseId, changes);
    if (reasons.length > 0) return undoRefused(batch.file_name, reasons);
    const result: TrainingUndoResult = { importId: batch.id, fileName: batch.file_name, unenrolled: 0, attendanceRemoved: 0, attendanceRestored: 0 };
    const restore = db.prepare('UPDATE attendance SET status = ?, reason = ?, updated_at = ? WHERE id = ?');
    for (const change of changes) {
      if (change.table_name === 'enrolments') {
        db.prepare('DELETE FROM enrolments WHERE id = ?').run(change.row_id);
        result.unenrolled++;
      } else if (change.action === 'insert') {
        db.prepare('DELETE FROM attendance WHERE id = ?').run(change.row_id);
        result.attendanceRemoved++;
      } else {
        const before = JSON.parse(change.before!) as { status: string; reason: string | null; updated_at: string };
        restore.run(before.status, before.reason, before.updated_at, change.row_id);
        result.attendanceRestored++;
      }
    }
    db.prepare('UPDATE import_batches SET undone_at = ? WHERE id = ?').run(nowIso(), batch.id);
    db.prepare('UPDATE courses SET updated_at = ? WHERE id = ?').run(nowIso(), courseId);
    return ok(result);
  }).immediate();
}
