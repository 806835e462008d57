import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import type { ActivityAttendance, ActivityAttendanceRow, ActivityAttendanceStatus, CommitteeRole, Observer } from '../../shared/activities';
import { fail, ok, type FieldIssue, type Result } from '../../shared/result';
import { nowIso, uuidv7 } from '../ids';
import { activityRow, findActivity } from './activities';
import { membersOf } from './members';

interface Row {
  person_id: string;
  name: string;
  voting: number;
  committee_role: string | null;
  group_name: string | null;
  status: string | null;
  reason: string | null;
}

/** Members expected at the activity (its snapshot), in roster order: 支委 first for a committee meeting. */
export function getActivityAttendance(db: Database, activityId: string): Result<ActivityAttendance> {
  const row = activityRow(db, activityId);
  if (!row) return fail('NOT_FOUND', '找不到该活动记录');
  const rows = db
    .prepare(
      `SELECT a.person_id, p.name, a.voting, a.committee_role, CASE WHEN o.kind = '党小组' THEN o.name END AS group_name, a.status, a.reason
       FROM activity_attendance a JOIN people p ON p.id = a.person_id LEFT JOIN party_orgs o ON o.id = p.party_org_id
       WHERE a.activity_id = ? AND a.deleted_at IS NULL
       ORDER BY a.committee_role IS NULL, CASE a.committee_role WHEN '书记' THEN 0 WHEN '副书记' THEN 1 ELSE 2 END, p.name_pinyin, p.id`,
    )
    .all(activityId) as Row[];
  const out: ActivityAttendanceRow[] = rows.map((r) => ({
    personId: r.person_id,
    name: r.name,
    memberType: r.voting === 1 ? '正式党员' : '预备党员',
    voting: r.voting === 1,
    committeeRole: r.committee_role as CommitteeRole | null,
    groupName: r.group_name,
    status: r.status as ActivityAttendanceStatus | null,
    reason: r.reason,
  }));
  return ok({ activity: findActivity(db, activityId)!, rows: out, observers: JSON.parse(row.observers) as Observer[] });
}

/**
 * All entries or none. A member who joined the organisation after the activity was recorded is added to
 * 应到 when first marked; anyone else is refused by name (guests belong in 列席).
 */
export function recordActivityAttendance(db: Database, input: ParsedInput<'recordActivityAttendance'>): Result<ActivityAttendance> {
  return db.transaction((): Result<ActivityAttendance> => {
    const activity = activityRow(db, input.activityId);
    if (!activity) return fail('NOT_FOUND', '找不到该活动记录');
    if (activity.deleted_at) return fail('CONFLICT', '该活动记录已删除，请先恢复');
    const expected = new Set(db.prepare('SELECT person_id FROM activity_attendance WHERE activity_id = ? AND deleted_at IS NULL').pluck().all(input.activityId) as string[]);
    const members = new Map(membersOf(db, activity.party_org_id, activity.date).map((m) => [m.personId, m]));
    const nameOf = db.prepare('SELECT name FROM people WHERE id = ?').pluck();
    const issues: FieldIssue[] = [];
    const seen = new Set<string>();
    input.entries.forEach((entry, i) => {
      const field = `entries.${i}`;
      const name = (nameOf.get(entry.personId) as string | undefined) ?? '该人员';
      if (seen.has(entry.personId)) issues.push({ field, message: `${name}在本次登记中出现了两次` });
      seen.add(entry.personId);
      if (!expected.has(entry.personId) && !members.has(entry.personId)) {
        issues.push({ field, message: `${name}不是「${activity.org_name}」的党员，不能登记出勤；如是列席人员，请登记在列席名单中` });
      } else if (entry.status === '请假' && !entry.reason?.trim()) {
        issues.push({ field, message: `${name}请假，请填写请假原因` });
      }
    });
    if (issues.length > 0) {
      const shown = issues.slice(0, 5).map((i) => i.message).join('；') + (issues.length > 5 ? `；等 ${issues.length} 处` : '');
      return fail('VALIDATION', `出勤未保存：${shown}`, issues);
    }
    const now = nowIso();
    const update = db.prepare('UPDATE activity_attendance SET status = ?, reason = ?, updated_at = ? WHERE activity_id = ? AND person_id = ? AND deleted_at IS NULL');
    const insert = db.prepare(
      `INSERT INTO activity_attendance (id, origin_office, activity_id, person_id, voting, committee_role, status, reason, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const entry of input.entries) {
      const reason = entry.status === null ? null : entry.reason?.trim() || null;
      if (expected.has(entry.personId)) update.run(entry.status, reason, now, input.activityId, entry.personId);
      else {
        const m = members.get(entry.personId)!;
        insert.run(uuidv7(), activity.origin_office, input.activityId, entry.personId, m.voting ? 1 : 0, m.committeeRole, entry.status, reason, now, now);
      }
    }
    if (input.observers) {
      const observers: Observer[] = input.observers.map((o) => ({ name: o.name, note: o.note?.trim() || null }));
      db.prepare('UPDATE activities SET observers = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(observers), now, input.activityId);
    } else {
      db.prepare('UPDATE activities SET updated_at = ? WHERE id = ?').run(now, input.activityId);
    }
    return getActivityAttendance(db, input.activityId);
  }).immediate();
}
