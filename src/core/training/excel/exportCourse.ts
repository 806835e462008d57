import type { Database } from 'better-sqlite3';
import { ok, type Result } from '../../../shared/result';
import type { AttendanceStatus, CourseSession } from '../../../shared/training';
import type { ExportedWorkbook } from '../../../shared/trainingExcel';
import { maskIdNumber } from '../../../shared/validate/idNumber';
import { ensureSelfOffice } from '../../office/officeRepo';
import { roundHours } from '../../fieldChecks';
import { getCourse } from '../courses';
import { listEnrolments } from '../enrolments';
import { attendanceText } from './attendanceValues';
import { exportFileName, newWorkbook, officialSheet, SIGNATURE_LINE, workbookBytes, type SheetColumn } from './officialSheet';

/**
 * A course as an xlsx: sheet 1 the course roster (参训人员名单) with one column per session — 出席, 请假（原因）,
 * 缺席 … as recorded, blank for 未记录 — then 实际学时, 认定学时, 考核结果, 备注; sheet 2 the timetable (课程安排)
 * with each session's counts. ID numbers are masked unless the caller asks for them in full (this list goes round
 * the training venue; the county's ledger export has its own switch).
 */

export interface CourseExportOptions {
  maskIdNumbers?: boolean;
  today?: Date;
}

/** 3月2日\n上午, with the year when the course crosses one (a re-import reads the header back). */
export function sessionHeader(s: CourseSession, withYear: boolean): string {
  const [y, m, d] = s.date.split('-').map(Number);
  return `${withYear ? `${y}年` : ''}${m}月${d}日\n${s.period}`;
}

export async function exportCourse(db: Database, courseId: string, options: CourseExportOptions = {}): Promise<Result<ExportedWorkbook>> {
  const detail = getCourse(db, courseId);
  if (!detail.ok) return detail;
  const { course, sessions } = detail.data;
  const today = options.today ?? new Date();
  const mask = options.maskIdNumbers !== false;
  const office = ensureSelfOffice(db);
  const enrolments = listEnrolments(db, courseId);
  const marks = new Map<string, { status: AttendanceStatus; reason: string | null }>();
  const rows = db
    .prepare(
      `SELECT a.session_id, a.person_id, a.status, a.reason FROM attendance a JOIN course_sessions s ON s.id = a.session_id
       WHERE s.course_id = ? AND s.deleted_at IS NULL AND a.deleted_at IS NULL`,
    )
    .all(courseId) as { session_id: string; person_id: string; status: AttendanceStatus; reason: string | null }[];
  for (const r of rows) marks.set(`${r.session_id} ${r.person_id}`, { status: r.status, reason: r.reason });
  const withYear = course.startDate.slice(0, 4) !== course.endDate.slice(0, 4);

  const workbook = newWorkbook(today);
  const columns: SheetColumn[] = [
    { label: '序号', width: 6 },
    { label: '姓名', width: 10 },
    { label: '性别', width: 6 },
    { label: '身份证号', width: 21 },
    { label: '单位', width: 18 },
    { label: '职务', width: 16 },
    { label: '联系电话', width: 14 },
    ...sessions.map((s) => ({ label: sessionHeader(s, withYear), width: 12 })),
    { label: '实际学时', width: 9, numeric: true },
    { label: '认定学时', width: 9, numeric: true },
    { label: '考核结果', width: 9 },
    { label: '备注', width: 24 },
  ];
  const roster = officialSheet(workbook, '参训人员名单', `《${course.name}》参训人员名单`, columns, { office, today });
  for (const e of enrolments) {
    const notes = [e.hoursOverride !== null && e.overrideReason ? `认定学时调整：${e.overrideReason}` : null, e.leaveOverLimit ? '请假超过总学时1/7' : null, e.personDeleted ? '已从花名册删除' : null, e.note];
    roster.addRow([
      String(e.seq),
      e.name,
      e.gender,
      e.idNumber ? (mask ? maskIdNumber(e.idNumber) : e.idNumber) : '',
      e.unit,
      e.post,
      e.phone,
      ...sessions.map((s) => {
        const m = marks.get(`${s.id} ${e.personId}`);
        return m ? attendanceText(m.status, m.reason) : '';
      }),
      e.attendedHours,
      e.creditedHours,
      e.result,
      notes.filter((n): n is string => !!n).join('；'),
    ]);
  }
  const present = sessions.map((s) => `${s.present}/${enrolments.length}`).join('，');
  roster.addLine(
    `合计：应到 ${enrolments.length} 人；各场次实到/应到：${present || '无场次'}；共 ${sessions.length} 个场次 ${roundHours(course.sessionHours)} 学时`,
    1,
  );
  roster.addLine(SIGNATURE_LINE);

  const timetable = officialSheet(
    workbook,
    '课程安排',
    `《${course.name}》课程安排`,
    [
      { label: '序号', width: 6 },
      { label: '日期', width: 12 },
      { label: '时段', width: 8 },
      { label: '时间', width: 13 },
      { label: '课程题目', width: 30 },
      { label: '授课人', width: 12 },
      { label: '地点', width: 16 },
      { label: '学时', width: 7, numeric: true },
      { label: '实到', width: 7, numeric: true },
      { label: '请假', width: 7, numeric: true },
      { label: '缺席', width: 7, numeric: true },
    ],
    { office, today },
  );
  sessions.forEach((s, i) => {
    timetable.addRow([String(i + 1), s.date, s.period, `${s.startTime}–${s.endTime}`, s.topic, s.teacher ?? course.teachers, s.location ?? course.location, s.hours, s.present, s.leave, s.absent]);
  });
  timetable.addLine(`合计：${sessions.length} 个场次，共 ${roundHours(course.sessionHours)} 学时${course.plannedHours ? `（计划 ${course.plannedHours} 学时）` : ''}`, 1);
  const facts = [
    `培训类型：${course.kind}${course.fullTime ? '（脱产）' : ''}`,
    `起止日期：${course.startDate} 至 ${course.endDate}`,
    course.organizer ? `主办单位：${course.organizer}` : null,
    course.host ? `承办单位：${course.host}` : null,
    course.location ? `培训地点：${course.location}` : null,
    course.target ? `培训对象：${course.target}` : null,
    course.assessment ? `考核方式：${course.assessment}` : null,
    `计入台账：${course.ledgers.join('、')}`,
  ];
  timetable.addLine(facts.filter((f): f is string => f !== null).join('；'));

  const bytes = await workbookBytes(workbook);
  return ok({ fileName: exportFileName(`${course.name}_参训人员名单`, today), dataBase64: bytes.toString('base64'), rows: enrolments.length });
}
