import type { Database } from 'better-sqlite3';
import type { ImportColumn } from '../../../shared/importTypes';
import { fail, ok, type Result } from '../../../shared/result';
import { CREDITED_STATUSES, type AttendanceStatus, type CourseSession } from '../../../shared/training';
import type { TrainingImportCounts, TrainingImportEntry, TrainingImportPreview, TrainingImportProblem } from '../../../shared/trainingExcel';
import { checkIdNumber, maskIdNumber } from '../../../shared/validate/idNumber';
import { readIdNumber, readPhone, readText } from '../../import/cellValues';
import { cellText, type SheetRow } from '../../spreadsheet/sheetCell';
import { attendanceClash, enrolmentClashes } from '../clashes';
import { liveCourse } from '../courses';
import { listSessions } from '../sessions';
import { readAttendance } from './attendanceValues';
import type { TrainingFile } from './readTrainingFile';
import { mapTrainingColumns, type TrainingColumns } from './trainingColumns';

/**
 * Stage two: the file against the database. Each row is matched to a roster person — by 身份证号 when the row
 * has one, else by name (with 单位, then 联系电话, when the name is shared) — and its attendance marks are read.
 * A row with any problem is rejected whole and nothing of it is written; the others are what a commit writes.
 */

export interface PlannedAttendance {
  session: CourseSession;
  status: AttendanceStatus;
  reason: string | null;
  existing: { id: string; status: string; reason: string | null; updated_at: string } | null;
  change: 'create' | 'update' | 'unchanged';
}

export interface PlannedRow {
  row: number;
  personId: string;
  name: string;
  unit: string | null;
  enrol: boolean;
  attendance: PlannedAttendance[];
}

export interface TrainingPlan {
  preview: TrainingImportPreview;
  rows: PlannedRow[];
  originOffice: string;
}

export interface PlanInput {
  courseId: string;
  sessionId?: string;
  fileName: string;
}

interface PersonMatch {
  id: string;
  name: string;
  id_number: string | null;
  unit: string | null;
  phone: string | null;
}

const PERSON_SQL = `SELECT p.id, p.name, p.id_number, coalesce(u.name, p.unit) AS unit, p.phone
  FROM people p LEFT JOIN units u ON u.id = p.unit_id WHERE p.deleted_at IS NULL`;

const squeeze = (text: string | null | undefined) => (text ?? '').normalize('NFKC').replace(/\s+/g, '');

/** 东村 matches 青山镇东村 and 东村村委会 as written by different clerks. */
function sameUnit(a: string | null, b: string): boolean {
  const x = squeeze(a);
  const y = squeeze(b);
  return x !== '' && y !== '' && (x === y || x.includes(y) || y.includes(x));
}

function columnLabel(column: ImportColumn | { header: string; letter: string } | undefined): string {
  return column ? `${column.header}（${column.letter}列）` : '';
}

function who(p: PersonMatch): string {
  return `${p.name}${p.unit ? `（${p.unit}）` : ''}`;
}

export function planTrainingImport(db: Database, file: TrainingFile, input: PlanInput): Result<TrainingPlan> {
  const course = liveCourse(db, input.courseId);
  if (!course.ok) return course;
  const sessions = listSessions(db, input.courseId);
  let chosen: CourseSession | null = null;
  if (input.sessionId) {
    chosen = sessions.find((s) => s.id === input.sessionId) ?? null;
    if (!chosen) return fail('VALIDATION', '所选场次不属于本培训班或已删除，请重新选择');
  }
  const columns = mapTrainingColumns(file.header, sessions, chosen);
  const rejected: TrainingImportProblem[] = [];
  const warnings: TrainingImportProblem[] = [...columns.warnings];
  const planned: PlannedRow[] = [];

  const byId = db.prepare(`${PERSON_SQL} AND p.id_number = ?`);
  const byName = db.prepare(`${PERSON_SQL} AND p.name = ?`);
  const enrolled = new Set(
    (db.prepare('SELECT person_id FROM enrolments WHERE course_id = ? AND deleted_at IS NULL').all(input.courseId) as { person_id: string }[]).map((r) => r.person_id),
  );
  const clashes = enrolmentClashes(db, input.courseId);
  const current = db.prepare('SELECT id, status, reason, updated_at FROM attendance WHERE session_id = ? AND person_id = ? AND deleted_at IS NULL');
  const seen = new Map<string, number>();
  const counts: TrainingImportCounts = {
    rows: file.rows.length,
    enrolled: 0,
    alreadyEnrolled: 0,
    rejected: 0,
    attendanceCreated: 0,
    attendanceUpdated: 0,
    attendanceUnchanged: 0,
    ignored: file.ignored,
  };

  for (const row of file.rows) {
    const problems: TrainingImportProblem[] = [];
    const problem = (column: Parameters<typeof columnLabel>[0], message: string) => problems.push({ row: row.row, field: columnLabel(column), message });
    const person = matchPerson(row, columns, { byId, byName }, problem, (message) => warnings.push({ row: row.row, field: '', message }));
    if (person) {
      const earlier = seen.get(person.id);
      if (earlier !== undefined) problem(undefined, `与第${earlier}行是同一人（${who(person)}），同一人在一份名单中只能出现一次，本行未导入`);
      else seen.set(person.id, row.row);
    }
    const enrol = person ? !enrolled.has(person.id) : false;
    if (person && enrol && clashes.has(person.id)) problem(undefined, `${person.name}${clashes.get(person.id)!}，不能报名本班`);
    const attendance = person ? readMarks(row, columns, person, problem) : [];
    if (person) {
      for (const a of attendance) {
        if (CREDITED_STATUSES.includes(a.status)) {
          const clash = attendanceClash(db, a.session.id, person.id);
          if (clash) problem(markColumn(columns, a.session), `${person.name}${clash}，不能再登记${a.session.date} ${a.session.period}出席`);
        }
        a.existing = (current.get(a.session.id, person.id) as PlannedAttendance['existing'] | undefined) ?? null;
        a.change = !a.existing ? 'create' : a.existing.status === a.status && a.existing.reason === a.reason ? 'unchanged' : 'update';
      }
    }
    if (!person || problems.length > 0) {
      rejected.push(...problems);
      counts.rejected++;
      continue;
    }
    planned.push({ row: row.row, personId: person.id, name: person.name, unit: person.unit, enrol, attendance });
    if (enrol) counts.enrolled++;
    else counts.alreadyEnrolled++;
    for (const a of attendance) {
      if (a.change === 'create') counts.attendanceCreated++;
      else if (a.change === 'update') counts.attendanceUpdated++;
      else counts.attendanceUnchanged++;
    }
  }

  const entries: TrainingImportEntry[] = planned.map((p) => ({
    row: p.row,
    personId: p.personId,
    name: p.name,
    unit: p.unit,
    enrol: p.enrol,
    attendance: p.attendance.map((a) => ({ sessionId: a.session.id, label: `${a.session.date} ${a.session.period}`, status: a.status, reason: a.reason, change: a.change })),
  }));
  return ok({
    rows: planned,
    originOffice: course.data.origin_office,
    preview: {
      courseId: input.courseId,
      courseName: course.data.name,
      fileName: input.fileName,
      sheets: file.header.sheets,
      sheet: file.header.sheet,
      headerRow: file.header.headerRow,
      columns: columns.described,
      needsSession: columns.needsSession,
      counts,
      entries,
      rejected: rejected.sort((a, b) => a.row - b.row),
      warnings: warnings.sort((a, b) => a.row - b.row),
    },
  });
}

interface Lookups {
  byId: { all(id: string): unknown[] };
  byName: { all(name: string): unknown[] };
}

/** The roster person a row names, or undefined with the reason reported. */
function matchPerson(
  row: SheetRow,
  columns: TrainingColumns,
  lookups: Lookups,
  problem: (column: ImportColumn | undefined, message: string) => void,
  warn: (message: string) => void,
): PersonMatch | undefined {
  const name = columns.name ? readText(row.cells[columns.name.index]) : null;
  const idCell = columns.idNumber ? readIdNumber(row.cells[columns.idNumber.index]) : null;
  const unit = columns.unit ? readText(row.cells[columns.unit.index]) : null;
  const phone = columns.phone ? readPhone(row.cells[columns.phone.index]) : null;
  const nameText = name?.ok ? name.text.normalize('NFKC').replace(/\s+/g, '') : '';
  if (name && !name.ok) problem(columns.name, name.message);

  // Our own export masks IDs (110101********001X): such a row is matched by name, and the visible digits must agree.
  const masked = idCell?.ok && /^[\dX]{6}\*+[\dX]{4}$/i.test(idCell.text.replace(/\s+/g, '')) ? idCell.text.replace(/\s+/g, '').toUpperCase() : null;
  if (idCell && !masked) {
    if (!idCell.ok) {
      problem(columns.idNumber, idCell.message);
      return undefined;
    }
    const checked = checkIdNumber(idCell.text);
    if (!checked.ok) {
      problem(columns.idNumber, `${checked.message}（${idCell.text}）`);
      return undefined;
    }
    const found = lookups.byId.all(checked.value.idNumber) as PersonMatch[];
    if (found.length === 0) {
      problem(columns.idNumber, `身份证号为${maskIdNumber(checked.value.idNumber)}的${nameText || '人员'}不在干部花名册中，请先在花名册中添加此人`);
      return undefined;
    }
    const person = found[0]!;
    if (nameText && nameText !== person.name.replace(/\s+/g, '')) {
      warn(`姓名“${nameText}”与花名册中该身份证号的“${person.name}”不一致，已按身份证号对应到${who(person)}，请核对`);
    }
    return person;
  }

  if (!nameText) {
    problem(undefined, '本行没有姓名和身份证号，无法对应到花名册中的人员');
    return undefined;
  }
  let found = lookups.byName.all(nameText) as PersonMatch[];
  if (masked) found = found.filter((p) => p.id_number !== null && p.id_number.slice(0, 6) === masked.slice(0, 6) && p.id_number.slice(-4) === masked.slice(-4));
  if (found.length === 0 && masked) {
    problem(columns.idNumber, `花名册中没有身份证号与“${masked}”相符的“${nameText}”，请填写完整的身份证号`);
    return undefined;
  }
  if (found.length === 0) {
    problem(columns.name, `花名册中没有“${nameText}”，请先在干部花名册中添加此人，或填写身份证号`);
    return undefined;
  }
  if (found.length > 1) {
    const all = found;
    if (unit?.ok) found = found.filter((p) => sameUnit(p.unit, unit.text));
    if (found.length > 1 && phone?.ok) {
      const narrowed = found.filter((p) => squeeze(p.phone) === squeeze(phone.text));
      if (narrowed.length > 0) found = narrowed;
    }
    if (found.length !== 1) {
      const list = (found.length > 1 ? found : all).map(who).join('、');
      const hint = unit?.ok ? `单位“${unit.text}”也不能区分` : '请填写身份证号或单位以区分';
      problem(columns.name, `花名册中有${all.length}名“${nameText}”（${list}），${hint}，本行未导入`);
      return undefined;
    }
  } else if (unit?.ok && !sameUnit(found[0]!.unit, unit.text)) {
    warn(`“${nameText}”在花名册中的单位是“${found[0]!.unit ?? '未填写'}”，名单上写的是“${unit.text}”，已按姓名对应，请核对`);
  }
  return found[0];
}

function markColumn(columns: TrainingColumns, session: CourseSession): { header: string; letter: string } | undefined {
  const c = columns.sessions.find((s) => s.session.id === session.id);
  if (c) return c;
  return columns.attendance?.session?.id === session.id ? columns.attendance.column : undefined;
}

/** The row's attendance marks, per session; 请假 without a reason is a problem (the core refuses it). */
function readMarks(row: SheetRow, columns: TrainingColumns, person: PersonMatch, problem: (column: { header: string; letter: string } | undefined, message: string) => void): PlannedAttendance[] {
  const marks: { session: CourseSession; column: { header: string; letter: string }; index: number }[] = columns.sessions.map((s) => ({ session: s.session, column: s, index: s.index }));
  if (columns.attendance?.session) marks.push({ session: columns.attendance.session, column: columns.attendance.column, index: columns.attendance.column.index });
  const reasonCell = columns.reason ? readText(row.cells[columns.reason.index]) : null;
  const noteCell = columns.note ? readText(row.cells[columns.note.index]) : null;
  const fallbackReason = (reasonCell?.ok ? reasonCell.text : null) ?? (noteCell?.ok ? noteCell.text : null);
  const out: PlannedAttendance[] = [];
  for (const mark of marks) {
    const cell = row.cells[mark.index];
    if (cell?.kind === 'error') {
      problem(mark.column, `单元格是 Excel 错误值“${cell.text}”，请填入出席、请假（原因）或缺席`);
      continue;
    }
    const reading = readAttendance(cellText(cell), person.name);
    if (reading === null) continue;
    if (!reading.ok) {
      problem(mark.column, reading.message);
      continue;
    }
    let reason = reading.reason;
    if (reading.status === '请假' && !reason) reason = fallbackReason;
    if (reading.status === '请假' && !reason) {
      problem(mark.column, `${person.name}请假，但没有写明原因。请写成“请假（病假）”等，或在“请假原因”列填写`);
      continue;
    }
    out.push({ session: mark.session, status: reading.status, reason: reading.status === '请假' ? reason : null, existing: null, change: 'create' });
  }
  return out;
}
