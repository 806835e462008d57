import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import {
  ACTIVITY_TYPES,
  type Activity,
  type ActivityCounts,
  type ActivityType,
  type QuorumCheck,
  type Resolution,
  type ResolutionResult,
} from '../../shared/activities';
import { fail, ok, type FieldIssue, type Result } from '../../shared/result';
import { nowIso, uuidv7 } from '../ids';
import { clockTime, fullDate, issuesFail } from '../fieldChecks';
import { listAttachments } from './attachments';
import { currentCommittee, membersOf } from './members';
import { localToday } from './today';

interface ActivityRow {
  id: string;
  rev: number;
  origin_office: string;
  party_org_id: string;
  org_name: string;
  topic: string;
  date: string;
  start_time: string | null;
  end_time: string | null;
  location: string | null;
  host: string | null;
  recorder: string | null;
  lecturer: string | null;
  content: string | null;
  minutes: string | null;
  note: string | null;
  resolutions: string;
  observers: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

const ACTIVITY_SQL = 'SELECT a.*, o.name AS org_name FROM activities a JOIN party_orgs o ON o.id = a.party_org_id';

export function activityTypes(db: Database, id: string): ActivityType[] {
  const types = new Set(db.prepare('SELECT type FROM activity_types WHERE activity_id = ?').pluck().all(id) as string[]);
  return ACTIVITY_TYPES.filter((t) => types.has(t));
}

/** 应到/实到 from the snapshot taken when the activity was recorded. */
export function activityCounts(db: Database, id: string, observers: number): ActivityCounts {
  const c = db
    .prepare(
      `SELECT COUNT(*) AS expected, ifnull(SUM(voting), 0) AS expected_voting,
         COUNT(CASE WHEN status = '出席' THEN 1 END) AS present,
         COUNT(CASE WHEN status = '出席' AND voting = 1 THEN 1 END) AS present_voting,
         COUNT(CASE WHEN status = '请假' THEN 1 END) AS leave,
         COUNT(CASE WHEN status = '缺席' THEN 1 END) AS absent,
         COUNT(CASE WHEN status IS NULL THEN 1 END) AS unrecorded,
         COUNT(committee_role) AS committee_expected,
         COUNT(CASE WHEN committee_role IS NOT NULL AND status = '出席' THEN 1 END) AS committee_present
       FROM activity_attendance WHERE activity_id = ? AND deleted_at IS NULL`,
    )
    .get(id) as Record<string, number>;
  return {
    expected: c.expected!,
    expectedVoting: c.expected_voting!,
    present: c.present!,
    presentVoting: c.present_voting!,
    leave: c.leave!,
    absent: c.absent!,
    unrecorded: c.unrecorded!,
    observers,
    committeeExpected: c.committee_expected!,
    committeePresent: c.committee_present!,
  };
}

/**
 * 第十一条: a 党员大会 votes only with more than half of its voting members present; 第十二条: a 支委会 needs more
 * than half of the committee. Judged once attendance has been recorded.
 */
export function quorumChecks(types: ActivityType[], counts: ActivityCounts): QuorumCheck[] {
  const checks: QuorumCheck[] = [];
  const recorded = counts.unrecorded < counts.expected;
  const check = (rule: QuorumCheck['rule'], expected: number, present: number, who: string, consequence: string) => {
    const required = Math.floor(expected / 2) + 1;
    const met = present * 2 > expected;
    checks.push({
      rule,
      required,
      present,
      met,
      warning: met || !recorded ? null : `到会${who} ${present} 人，未超过应到 ${expected} 人的半数（至少需 ${required} 人），${consequence}`,
    });
  };
  if (types.includes('支部党员大会')) check('支部党员大会', counts.expectedVoting, counts.presentVoting, '有表决权的党员', '会议不能进行表决');
  if (types.includes('支部委员会')) check('支部委员会', counts.committeeExpected, counts.committeePresent, '支委', '支委会不能进行');
  return checks;
}

function resolutionResults(types: ActivityType[], resolutions: Resolution[], expectedVoting: number): ResolutionResult[] {
  const isMeeting = types.includes('支部党员大会');
  return resolutions.map((r) => ({ ...r, passed: isMeeting ? r.for * 2 > expectedVoting : null }));
}

function toActivity(db: Database, r: ActivityRow): Activity {
  const types = activityTypes(db, r.id);
  const observers = JSON.parse(r.observers) as unknown[];
  const counts = activityCounts(db, r.id, observers.length);
  return {
    id: r.id,
    rev: r.rev,
    partyOrgId: r.party_org_id,
    partyOrgName: r.org_name,
    types,
    topic: r.topic,
    date: r.date,
    startTime: r.start_time,
    endTime: r.end_time,
    location: r.location,
    host: r.host,
    recorder: r.recorder,
    lecturer: r.lecturer,
    content: r.content,
    minutes: r.minutes,
    note: r.note,
    resolutions: resolutionResults(types, JSON.parse(r.resolutions) as Resolution[], counts.expectedVoting),
    counts,
    quorum: quorumChecks(types, counts),
    attachments: listAttachments(db, r.id),
    originOffice: r.origin_office,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    deletedAt: r.deleted_at,
  };
}

export function findActivity(db: Database, id: string): Activity | undefined {
  const row = db.prepare(`${ACTIVITY_SQL} WHERE a.id = ?`).get(id) as ActivityRow | undefined;
  return row ? toActivity(db, row) : undefined;
}

export function activityRow(db: Database, id: string): ActivityRow | undefined {
  return db.prepare(`${ACTIVITY_SQL} WHERE a.id = ?`).get(id) as ActivityRow | undefined;
}

/** Newest first. An organisation includes the 党小组 below it. */
export function listActivities(db: Database, input: ParsedInput<'listActivities'>): Activity[] {
  const where = [input.deleted === 'deleted' ? 'a.deleted_at IS NOT NULL' : 'a.deleted_at IS NULL'];
  const params: Record<string, unknown> = {};
  if (input.partyOrgId) {
    where.push(
      'a.party_org_id IN (WITH RECURSIVE below(id) AS (SELECT @org UNION ALL SELECT o.id FROM party_orgs o JOIN below b ON o.parent_id = b.id WHERE o.deleted_at IS NULL) SELECT id FROM below)',
    );
    params.org = input.partyOrgId;
  }
  if (input.year !== undefined) {
    where.push('a.date BETWEEN @start AND @end');
    params.start = `${input.year}-01-01`;
    params.end = `${input.year}-12-31`;
  }
  if (input.type) {
    where.push('EXISTS (SELECT 1 FROM activity_types t WHERE t.activity_id = a.id AND t.type = @type)');
    params.type = input.type;
  }
  const q = input.query?.trim();
  if (q) {
    where.push("(instr(a.topic, @q) > 0 OR instr(ifnull(a.location, ''), @q) > 0 OR instr(ifnull(a.host, ''), @q) > 0)");
    params.q = q;
  }
  if (input.originOffice) {
    where.push('a.origin_office = @originOffice');
    params.originOffice = input.originOffice;
  }
  const rows = db.prepare(`${ACTIVITY_SQL} WHERE ${where.join(' AND ')} ORDER BY a.date DESC, a.start_time DESC, a.created_at DESC`).all(params) as ActivityRow[];
  return rows.map((r) => toActivity(db, r));
}

interface Checked {
  date: string;
  start: string | null;
  end: string | null;
}

function checkActivity(db: Database, input: ParsedInput<'saveActivity'>, org: { name: string; kind: string }, today: string): Result<Checked> {
  const issues: FieldIssue[] = [];
  if (input.types.length === 0) issues.push({ field: 'types', message: '请至少选择一种活动类型' });
  const date = fullDate(input.date, 'date', '活动日期', issues);
  if (date && date > today) issues.push({ field: 'date', message: `活动日期 ${date} 晚于今天（${today}），尚未举行的活动不能登记` });
  const start = input.startTime?.trim() ? clockTime(input.startTime, 'startTime', '开始时间', issues) : null;
  const end = input.endTime?.trim() ? clockTime(input.endTime, 'endTime', '结束时间', issues) : null;
  if (start && end && end <= start) issues.push({ field: 'endTime', message: `结束时间 ${end} 不晚于开始时间 ${start}` });
  if (input.types.includes('党小组会') && org.kind !== '党小组' && !hasGroups(db, input.partyOrgId)) {
    issues.push({ field: 'types', message: `「${org.name}」下没有党小组，不能记录党小组会` });
  }
  if (input.types.includes('支部委员会') && currentCommittee(db, input.partyOrgId, date ?? today).length === 0) {
    issues.push({ field: 'types', message: `「${org.name}」未登记支部委员（支委），不能记录支委会。请先在党员名册中登记支委` });
  }
  if (issues.length > 0) return issuesFail(issues);
  return ok({ date: date!, start, end });
}

function hasGroups(db: Database, orgId: string): boolean {
  return db.prepare("SELECT 1 FROM party_orgs WHERE parent_id = ? AND kind = '党小组' AND deleted_at IS NULL").get(orgId) !== undefined;
}

function checkVotes(resolutions: Resolution[], expectedVoting: number, isMeeting: boolean): FieldIssue[] {
  return resolutions.flatMap((r, i) => {
    const total = r.for + r.against + r.abstain;
    return isMeeting && total > expectedVoting
      ? [{ field: `resolutions.${i}`, message: `第 ${i + 1} 项决议的表决票数合计 ${total}，超过应到有表决权的党员 ${expectedVoting} 人` }]
      : [];
  });
}

/** Who is expected: every member of the organisation on the day, or for a meeting that is only a 支委会, the committee. */
function expectedMembers(db: Database, orgId: string, types: ActivityType[], day: string) {
  const committeeOnly = types.length > 0 && types.every((t) => t === '支部委员会');
  return membersOf(db, orgId, day).filter((m) => !committeeOnly || m.committeeRole !== null);
}

const insertAttendanceSql = `INSERT INTO activity_attendance (id, origin_office, activity_id, person_id, voting, committee_role, created_at, updated_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?)`;

/**
 * Takes the snapshot of who is expected (with voting right and 支委 role as of the day). With `onlyMissing`,
 * members already expected stay as they are and only the others are added.
 */
function snapshotMembers(db: Database, activityId: string, orgId: string, types: ActivityType[], day: string, origin: string, now: string, options: { onlyMissing?: boolean } = {}): void {
  const present = new Set(options.onlyMissing ? (db.prepare('SELECT person_id FROM activity_attendance WHERE activity_id = ? AND deleted_at IS NULL').pluck().all(activityId) as string[]) : []);
  const insert = db.prepare(insertAttendanceSql);
  for (const m of expectedMembers(db, orgId, types, day)) {
    if (!present.has(m.personId)) insert.run(uuidv7(), origin, activityId, m.personId, m.voting ? 1 : 0, m.committeeRole, now, now);
  }
}

/**
 * Before any mark is recorded here, 应到 follows the activity as corrected. The rows are brought in line one by one
 * (kept, updated, soft-deleted, added), never removed and taken again: another office may have marked one of
 * them meanwhile, and its mark must meet the same row when the packages cross.
 */
function refreshSnapshot(db: Database, activityId: string, orgId: string, types: ActivityType[], day: string, origin: string, now: string): void {
  const wanted = new Map(expectedMembers(db, orgId, types, day).map((m) => [m.personId, m]));
  const rows = db
    .prepare('SELECT id, person_id, voting, committee_role FROM activity_attendance WHERE activity_id = ? AND deleted_at IS NULL AND sync_dup IS NULL')
    .all(activityId) as { id: string; person_id: string; voting: number; committee_role: string | null }[];
  const drop = db.prepare('UPDATE activity_attendance SET deleted_at = ?, updated_at = ? WHERE id = ?');
  const update = db.prepare('UPDATE activity_attendance SET voting = ?, committee_role = ?, updated_at = ? WHERE id = ?');
  for (const row of rows) {
    const m = wanted.get(row.person_id);
    if (!m) drop.run(now, now, row.id);
    else if (row.voting !== (m.voting ? 1 : 0) || row.committee_role !== m.committeeRole) update.run(m.voting ? 1 : 0, m.committeeRole, now, row.id);
    wanted.delete(row.person_id);
  }
  const insert = db.prepare(insertAttendanceSql);
  for (const m of wanted.values()) insert.run(uuidv7(), origin, activityId, m.personId, m.voting ? 1 : 0, m.committeeRole, now, now);
}

export function saveActivity(db: Database, input: ParsedInput<'saveActivity'>, today: string = localToday()): Result<Activity> {
  return catchRefused(() => db.transaction((): Result<Activity> => {
    const org = db.prepare('SELECT name, kind, origin_office, deleted_at FROM party_orgs WHERE id = ?').get(input.partyOrgId) as
      | { name: string; kind: string; origin_office: string; deleted_at: string | null }
      | undefined;
    if (!org || org.deleted_at) return fail('NOT_FOUND', '找不到该党组织');
    const checked = checkActivity(db, input, org, today);
    if (!checked.ok) return checked;
    const now = nowIso();
    const text = (v: string | null | undefined) => v?.trim() || null;
    const resolutions = input.resolutions ?? [];
    const values = {
      org: input.partyOrgId,
      topic: input.topic,
      date: checked.data.date,
      start: checked.data.start,
      end: checked.data.end,
      location: text(input.location),
      host: text(input.host),
      recorder: text(input.recorder),
      lecturer: text(input.lecturer),
      content: text(input.content),
      minutes: text(input.minutes),
      note: text(input.note),
      resolutions: JSON.stringify(resolutions),
      now,
    };
    let id = input.id;
    if (id) {
      const existing = activityRow(db, id);
      if (!existing) return fail('NOT_FOUND', '找不到该活动记录');
      if (existing.deleted_at) return fail('CONFLICT', '该活动记录已删除，请先恢复');
      if (input.rev !== undefined && input.rev !== existing.rev) return fail('CONFLICT', '该活动记录已在别处被修改，请刷新后再改。您填写的内容仍保留在表单中。');
      const recorded = db.prepare('SELECT COUNT(*) FROM activity_attendance WHERE activity_id = ? AND deleted_at IS NULL AND status IS NOT NULL').pluck().get(id) as number;
      if (recorded > 0 && existing.party_org_id !== input.partyOrgId) return fail('CONFLICT', '已登记出勤的活动不能改到其他党组织；如确需更改，请先清除出勤记录');
      db.prepare(
        `UPDATE activities SET rev = rev + 1, party_org_id = @org, topic = @topic, date = @date, start_time = @start, end_time = @end,
           location = @location, host = @host, recorder = @recorder, lecturer = @lecturer, content = @content, minutes = @minutes,
           note = @note, resolutions = @resolutions, updated_at = @now WHERE id = @id`,
      ).run({ ...values, id });
      db.prepare('DELETE FROM activity_types WHERE activity_id = ?').run(id);
      // Until attendance is recorded, 应到 follows the organisation, types and date as corrected.
      if (recorded === 0) {
        refreshSnapshot(db, id, input.partyOrgId, input.types, checked.data.date, existing.origin_office, now);
      } else {
        // Marks stay; members the corrected types now expect (a 支委会 that was also a 党员大会) join 应到 unmarked,
        // so a quorum is never judged against the committee alone.
        snapshotMembers(db, id, input.partyOrgId, input.types, checked.data.date, existing.origin_office, now, { onlyMissing: true });
      }
    } else {
      id = uuidv7();
      db.prepare(
        `INSERT INTO activities (id, origin_office, party_org_id, topic, date, start_time, end_time, location, host, recorder, lecturer,
           content, minutes, note, resolutions, created_at, updated_at)
         VALUES (@id, @origin, @org, @topic, @date, @start, @end, @location, @host, @recorder, @lecturer, @content, @minutes, @note,
           @resolutions, @now, @now)`,
      ).run({ ...values, id, origin: org.origin_office });
      snapshotMembers(db, id, input.partyOrgId, input.types, checked.data.date, org.origin_office, now);
    }
    const insertType = db.prepare('INSERT INTO activity_types (activity_id, type) VALUES (?, ?)');
    for (const t of new Set(input.types)) insertType.run(id, t);
    // Votes are checked against the snapshot, inside the transaction: a refusal leaves nothing behind.
    const counts = activityCounts(db, id, 0);
    const voteIssues = checkVotes(resolutions, counts.expectedVoting, input.types.includes('支部党员大会'));
    if (voteIssues.length > 0) throw new Refused(issuesFail(voteIssues));
    return ok(findActivity(db, id)!);
  }).immediate());
}

/** Rolls a transaction back and answers with a refusal. */
export class Refused extends Error {
  constructor(readonly result: ReturnType<typeof fail>) {
    super(result.error.message);
  }
}

export function catchRefused<T>(fn: () => Result<T>): Result<T> {
  try {
    return fn();
  } catch (error) {
    if (error instanceof Refused) return error.result;
    throw error;
  }
}

function setDeleted(db: Database, id: string, deleted: boolean): Result<Activity> {
  return db.transaction((): Result<Activity> => {
    const row = activityRow(db, id);
    if (!row) return fail('NOT_FOUND', '找不到该活动记录');
    if ((row.deleted_at !== null) !== deleted) {
      const now = nowIso();
      db.prepare('UPDATE activities SET deleted_at = ?, updated_at = ?, rev = rev + 1 WHERE id = ?').run(deleted ? now : null, now, id);
    }
    return ok(findActivity(db, id)!);
  }).immediate();
}

/** Soft delete: attendance, minutes and attachments stay, out of the calendar, until restored. */
export const deleteActivity = (db: Database, id: string) => setDeleted(db, id, true);
export const restoreActivity = (db: Database, id: string) => setDeleted(db, id, false);
