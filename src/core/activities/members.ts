import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/contract';
import type { BranchMembers, CommitteeRole, CommitteeSeat, PartyMember } from '../../shared/activities';
import { fail, ok, type FieldIssue, type Result } from '../../shared/result';
import { parseLooseDate } from '../../shared/validate/date';
import { nowIso, uuidv7 } from '../ids';
import { localToday } from './today';

/**
 * Members of a party organisation come from the roster — one person, one record: live people whose party
 * organisation is this one or one below it (its 党小组), who are 中共党员 (01, votes) or 中共预备党员 (02, does
 * not), and have not been 调出. The 支委 are seats with dates, kept here.
 */

/** The organisation and every live one below it. */
export function orgSubtree(db: Database, partyOrgId: string): string[] {
  return (
    db
      .prepare('WITH RECURSIVE below(id) AS (SELECT ? UNION ALL SELECT o.id FROM party_orgs o JOIN below b ON o.parent_id = b.id WHERE o.deleted_at IS NULL) SELECT id FROM below')
      .pluck()
      .all(partyOrgId) as string[]
  );
}

interface SeatRow {
  id: string;
  party_org_id: string;
  person_id: string;
  name: string;
  role: string;
  start_date: string | null;
  end_date: string | null;
}

const toSeat = (r: SeatRow): CommitteeSeat => ({
  id: r.id,
  partyOrgId: r.party_org_id,
  personId: r.person_id,
  name: r.name,
  role: r.role as CommitteeRole,
  startDate: r.start_date,
  endDate: r.end_date,
});

/** 支委 seated on `day` (default today): started by then (or no start typed) and not ended before it. */
export function currentCommittee(db: Database, partyOrgId: string, day: string = localToday()): CommitteeSeat[] {
  const rows = db
    .prepare(
      `SELECT s.id, s.party_org_id, s.person_id, p.name, s.role, s.start_date, s.end_date
       FROM committee_seats s JOIN people p ON p.id = s.person_id
       WHERE s.party_org_id = @org AND s.deleted_at IS NULL AND p.deleted_at IS NULL
         AND (s.start_date IS NULL OR s.start_date <= @day) AND (s.end_date IS NULL OR s.end_date >= @day)
       ORDER BY CASE s.role WHEN '书记' THEN 0 WHEN '副书记' THEN 1 ELSE 2 END, p.name_pinyin`,
    )
    .all({ org: partyOrgId, day }) as SeatRow[];
  return rows.map(toSeat);
}

interface MemberRow {
  id: string;
  name: string;
  gender_code: string;
  political_status_code: string;
  party_join_date: string | null;
  party_full_date: string | null;
  party_org_id: string;
  org_kind: string;
  org_name: string;
  phone: string | null;
}

/** The members of an organisation (and its 党小组) today, in roster order, with their 支委 role if any. */
export function membersOf(db: Database, partyOrgId: string, day: string = localToday()): PartyMember[] {
  const orgs = orgSubtree(db, partyOrgId);
  const rows = db
    .prepare(
      `SELECT p.id, p.name, p.gender_code, p.political_status_code, p.party_join_date, p.party_full_date, p.party_org_id,
         o.kind AS org_kind, o.name AS org_name, p.phone
       FROM people p JOIN party_orgs o ON o.id = p.party_org_id
       WHERE p.deleted_at IS NULL AND p.status <> '调出' AND p.political_status_code IN ('01', '02')
         AND p.party_org_id IN (SELECT value FROM json_each(?))
       ORDER BY p.name_pinyin, p.id`,
    )
    .all(JSON.stringify(orgs)) as MemberRow[];
  const roles = new Map(currentCommittee(db, partyOrgId, day).map((s) => [s.personId, s.role]));
  return rows.map((r) => ({
    personId: r.id,
    name: r.name,
    gender: r.gender_code === '2' ? '女' : '男',
    memberType: r.political_status_code === '01' ? '正式党员' : '预备党员',
    voting: r.political_status_code === '01',
    joinDate: r.party_join_date,
    fullDate: r.party_full_date,
    partyOrgId: r.party_org_id,
    groupId: r.org_kind === '党小组' ? r.party_org_id : null,
    groupName: r.org_kind === '党小组' ? r.org_name : null,
    committeeRole: roles.get(r.id) ?? null,
    phone: r.phone,
  }));
}

export function listPartyMembers(db: Database, partyOrgId: string): Result<BranchMembers> {
  const org = db.prepare('SELECT id, name, kind, deleted_at FROM party_orgs WHERE id = ?').get(partyOrgId) as
    | { id: string; name: string; kind: string; deleted_at: string | null }
    | undefined;
  if (!org || org.deleted_at) return fail('NOT_FOUND', '找不到该党组织');
  const members = membersOf(db, partyOrgId);
  const groups = (
    db.prepare("SELECT id, name FROM party_orgs WHERE parent_id = ? AND kind = '党小组' AND deleted_at IS NULL ORDER BY sort_order, name").all(partyOrgId) as { id: string; name: string }[]
  ).map((g) => ({ ...g, members: members.filter((m) => m.groupId === g.id).length }));
  const full = members.filter((m) => m.voting).length;
  return ok({
    partyOrgId: org.id,
    name: org.name,
    kind: org.kind,
    members,
    committee: currentCommittee(db, partyOrgId),
    groups,
    counts: { members: members.length, full, probationary: members.length - full },
  });
}

function seatDate(raw: string | null | undefined, field: string, label: string, issues: FieldIssue[]): string | null {
  if (!raw?.trim()) return null;
  const d = parseLooseDate(raw, label);
  if (!d.ok) {
    issues.push({ field, message: d.message });
    return null;
  }
  return d.value;
}

/** A 支委 seat for a member of the organisation; one live seat per person per organisation. */
export function saveCommitteeSeat(db: Database, input: ParsedInput<'saveCommitteeSeat'>): Result<CommitteeSeat> {
  return db.transaction((): Result<CommitteeSeat> => {
    const org = db.prepare('SELECT name, kind, origin_office, deleted_at FROM party_orgs WHERE id = ?').get(input.partyOrgId) as
      | { name: string; kind: string; origin_office: string; deleted_at: string | null }
      | undefined;
    if (!org || org.deleted_at) return fail('NOT_FOUND', '找不到该党组织');
    if (org.kind === '党小组') return fail('VALIDATION', '党小组不设支部委员会，请在所属党支部登记支委');
    const person = db.prepare('SELECT name, deleted_at FROM people WHERE id = ?').get(input.personId) as { name: string; deleted_at: string | null } | undefined;
    if (!person || person.deleted_at) return fail('NOT_FOUND', '找不到该人员');
    if (!membersOf(db, input.partyOrgId, '9999-12-31').some((m) => m.personId === input.personId)) {
      return fail('VALIDATION', `${person.name}不是「${org.name}」的党员，不能担任支委。请先在干部花名册中将其所在党组织设为该支部并填写政治面貌。`);
    }
    const issues: FieldIssue[] = [];
    const start = seatDate(input.startDate, 'startDate', '任职时间', issues);
    const end = seatDate(input.endDate, 'endDate', '离任时间', issues);
    if (start && end && end < start) issues.push({ field: 'endDate', message: '离任时间早于任职时间' });
    if (issues.length > 0) return fail('VALIDATION', issues.map((i) => i.message).join('；'), issues);
    const other = db
      .prepare('SELECT id FROM committee_seats WHERE party_org_id = ? AND person_id = ? AND deleted_at IS NULL AND end_date IS NULL AND id <> ?')
      .get(input.partyOrgId, input.personId, input.id ?? '');
    if (other && !end) return fail('DUPLICATE', `${person.name}已是「${org.name}」的支委`);
    const now = nowIso();
    const values = { org: input.partyOrgId, person: input.personId, role: input.role, start, end, now };
    let id = input.id;
    if (id) {
      const changed = db
        .prepare('UPDATE committee_seats SET person_id = @person, role = @role, start_date = @start, end_date = @end, updated_at = @now WHERE id = @id AND party_org_id = @org AND deleted_at IS NULL')
        .run({ ...values, id }).changes;
      if (changed === 0) return fail('NOT_FOUND', '找不到该支委记录');
    } else {
      id = uuidv7();
      db.prepare(
        `INSERT INTO committee_seats (id, origin_office, party_org_id, person_id, role, start_date, end_date, created_at, updated_at)
         VALUES (@id, @origin, @org, @person, @role, @start, @end, @now, @now)`,
      ).run({ ...values, id, origin: org.origin_office });
    }
    const row = db
      .prepare('SELECT s.id, s.party_org_id, s.person_id, p.name, s.role, s.start_date, s.end_date FROM committee_seats s JOIN people p ON p.id = s.person_id WHERE s.id = ?')
      .get(id) as SeatRow;
    return ok(toSeat(row));
  }).immediate();
}

export function deleteCommitteeSeat(db: Database, id: string): Result<CommitteeSeat[]> {
  return db.transaction((): Result<CommitteeSeat[]> => {
    const seat = db.prepare('SELECT party_org_id FROM committee_seats WHERE id = ? AND deleted_at IS NULL').get(id) as { party_org_id: string } | undefined;
    if (!seat) return fail('NOT_FOUND', '找不到该支委记录');
    const now = nowIso();
    db.prepare('UPDATE committee_seats SET deleted_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
    return ok(currentCommittee(db, seat.party_org_id));
  }).immediate();
}
