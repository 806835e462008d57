import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLedgerApi } from '../src/core/api';
import { openDatabase } from '../src/core/db/open';
import { dispatch } from '../src/core/dispatch';
import { nowIso, uuidv7 } from '../src/core/ids';
import { ensureSelfOffice } from '../src/core/office/officeRepo';
import type { Input, LedgerHandlers, Method, Output } from '../src/shared/contract';
import type { Result } from '../src/shared/result';
import { seedPeople } from '../tests/e2e/seed';
import { percentile, row, timeMs, type BenchRow } from './types';

/**
 * Issue 4: the yearly 学时台账 for a county-sized file. 100,000 people in 100 villages, a quarter party members,
 * every fifth a 两委 member; 50 courses of 4 sessions with 2,000 people each (100,000 enrolments, 400,000
 * attendance rows). Times the ledger right after a change (computed afresh), a further page, the shortfall
 * list and the coverage chart (answered from the kept result) through dispatch, each beside a bare read of
 * the rows the ledger reads, without any computing.
 */

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 100_000);
const COURSES = 50;
const PER_COURSE = Math.min(2_000, PEOPLE);
const RUNS = 8;

function call<M extends Method>(api: LedgerHandlers, method: M, input: Input<M>): Output<M> {
  const result = dispatch(api, method, input) as Result<Output<M>>;
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data;
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-bench-training-'));
  const db = openDatabase(join(dir, 'ledger.sqlite'));
  try {
    const api = createLedgerApi(db);
    const town = call(api, 'saveUnit', { name: '青山镇', kind: '乡镇' });
    const units = Array.from({ length: 100 }, (_, i) => call(api, 'saveUnit', { name: `第${i + 1}村`, kind: '村', parentId: town.id }));
    seedPeople(db, { count: PEOPLE, units, categories: (i) => (i % 5 === 0 ? ['村（社区）两委成员'] : i % 97 === 0 ? ['乡镇公务员'] : []) });
    const people = (db.prepare('SELECT id FROM people ORDER BY rowid').all() as { id: string }[]).map((p) => p.id);
    const origin = ensureSelfOffice(db).id;
    const now = nowIso();
    const insertCourse = db.prepare(
      `INSERT INTO courses (id, origin_office, name, kind, start_date, end_date, ledgers, created_at, updated_at)
       VALUES (?, ?, ?, '集中轮训', ?, ?, '["党员教育培训","干部教育培训"]', ?, ?)`,
    );
    const insertSession = db.prepare(
      `INSERT INTO course_sessions (id, origin_office, course_id, date, period, start_time, end_time, hours, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 4, ?, ?)`,
    );
    const insertEnrolment = db.prepare('INSERT INTO enrolments (id, origin_office, course_id, person_id, seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const insertAttendance = db.prepare(
      "INSERT INTO attendance (id, origin_office, session_id, person_id, status, reason, created_at, updated_at) VALUES (?, ?, ?, ?, ?, CASE WHEN ? = '请假' THEN '事假' END, ?, ?)",
    );
    db.transaction(() => {
      for (let c = 0; c < COURSES; c++) {
        const courseId = uuidv7();
        const day = `2026-${String(1 + (c % 12)).padStart(2, '0')}-${String(1 + Math.floor(c / 12) * 2).padStart(2, '0')}`;
        const next = `${day.slice(0, 8)}${String(Number(day.slice(8)) + 1).padStart(2, '0')}`;
        insertCourse.run(courseId, origin, `第${c + 1}期轮训班`, day, next, now, now);
        const sessions = [
          [day, '上午', '08:30', '12:00'],
          [day, '下午', '14:00', '17:30'],
          [next, '上午', '08:30', '12:00'],
          [next, '下午', '14:00', '17:30'],
        ].map(([d, period, start, end]) => {
          const id = uuidv7();
          insertSession.run(id, origin, courseId, d, period, start, end, now, now);
          return id;
        });
        for (let k = 0; k < PER_COURSE; k++) {
          const personId = people[(c * PER_COURSE + k) % people.length]!;
          insertEnrolment.run(uuidv7(), origin, courseId, personId, k + 1, now, now);
          sessions.forEach((s, j) => {
            const status = (k + j) % 10 === 0 ? '请假' : (k + j) % 10 === 1 ? '缺席' : '出席';
            insertAttendance.run(uuidv7(), origin, s, personId, status, status, now, now);
          });
        }
      }
    })();

    // The floor: the reads the ledger makes (people, categories, each session's attendees from the same
    // covering index), without computing anything.
    const bare = () => {
      db.prepare('SELECT id, name, name_pinyin, name_initials, id_number, unit_id, unit, post, political_status_code, status FROM people WHERE deleted_at IS NULL').all();
      db.prepare('SELECT person_id, category FROM person_categories').raw().all();
      const attendees = db.prepare("SELECT person_id FROM attendance INDEXED BY attendance_credit WHERE session_id = ? AND status IN ('出席', '迟到', '早退') AND deleted_at IS NULL").pluck();
      for (const id of db.prepare("SELECT id FROM course_sessions WHERE date BETWEEN '2026-01-01' AND '2026-12-31' ORDER BY date, start_time").pluck().all() as string[]) attendees.all(id);
    };
    let touch = 0;
    /** A write anywhere in the file: the ledger must be computed afresh. */
    const change = () => db.prepare("INSERT INTO settings (key, value, updated_at) VALUES ('bench.touch', ?, '') ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(String(++touch));
    const sample = (fn: () => unknown) => {
      fn();
      return percentile(Array.from({ length: RUNS }, () => timeMs(fn)), 0.95);
    };
    const baseline = sample(bare);
    const cold = sample(() => {
      change();
      call(api, 'trainingLedger', { year: 2026, limit: 100 });
    });
    const page = sample(() => call(api, 'trainingLedger', { year: 2026, limit: 100 }));
    const shortfall = sample(() => call(api, 'trainingLedger', { year: 2026, shortfallOnly: true, sort: 'shortfall', limit: 100 }));
    const coverage = sample(() => call(api, 'trainingCoverage', { year: 2026 }));
    const course = (db.prepare('SELECT id FROM courses LIMIT 1').get() as { id: string }).id;
    const enrolments = sample(() => call(api, 'listEnrolments', { courseId: course }));
    const session = (db.prepare('SELECT id FROM course_sessions WHERE course_id = ? LIMIT 1').get(course) as { id: string }).id;
    const attendance = sample(() => call(api, 'getSessionAttendance', { sessionId: session }));
    const onePage = sample(() => call(api, 'listPeople', { limit: 1_000 }));
    const label = `${PEOPLE.toLocaleString('en')} people`;
    return [
      row(`ledger after a change p95, ${label}`, cold, 'ms', 'bare read of the same rows', baseline),
      row(`ledger next page p95, ${label}`, page, 'ms', 'bare read of the same rows', baseline),
      row(`shortfall list p95, ${label}`, shortfall, 'ms', 'bare read of the same rows', baseline),
      row(`coverage by unit p95, ${label}`, coverage, 'ms', 'bare read of the same rows', baseline),
      row(`course list of ${PER_COURSE} with hours p95`, enrolments, 'ms', 'roster page of 1,000', onePage),
      row(`attendance sheet of ${PER_COURSE} p95`, attendance, 'ms', 'roster page of 1,000', onePage),
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
