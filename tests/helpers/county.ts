import type { Database } from 'better-sqlite3';
import { buildExport, recordExport } from '../../src/core/sync/exportPackage';
import { importPackage } from '../../src/core/sync/importPackage';
import { registerOffice, selfKeys } from '../../src/core/sync/officeKeys';
import { syntheticId } from './ledger';
import { makeOffice, type TestOffice } from './offices';
import { addSession, makeCourse } from './training';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋'];

export interface SeededTown {
  office: TestOffice;
  townUnitId: string;
  branchId: string;
  courseId: string;
  people: string[];
}

/**
 * A township office with its own units, people, a party branch with 主题党日 and a course whose first session
 * only some attended, all named after the township so two of them never collide in a county file. `area` (6
 * digits) keeps ID numbers apart; `size` people, the first `attended` of them at the course (4 学时 each), the
 * party members every other person.
 */
export function seedTown(name: string, area: string, size: number, attended: number, activities: number): SeededTown {
  const office = makeOffice(name);
  const town = office.must('saveUnit', { name, kind: '乡镇' });
  const village = office.must('saveUnit', { name: `${name}东村`, kind: '村', parentId: town.id });
  const committee = office.must('savePartyOrg', { name: `中共${name}委员会`, kind: '党委' });
  const branch = office.must('savePartyOrg', { name: `${name}东村党支部`, kind: '党支部', parentId: committee.id });
  const people = Array.from({ length: size }, (_, i) =>
    office.must('savePerson', {
      name: `${SURNAMES[i % SURNAMES.length]}${GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length]}${name.slice(0, 1)}`,
      idNumber: syntheticId(`19${70 + (i % 25)}0${1 + (i % 9)}1${i % 10}`, String(100 + i).slice(-3), area),
      politicalStatus: i % 2 === 0 ? '中共党员' : '群众',
      unitId: i % 3 === 0 ? town.id : village.id,
      partyOrgId: i % 2 === 0 ? branch.id : undefined,
    }).id,
  );
  const course = makeCourse(office, { name: `2026年${name}党员冬训班`, organizer: `中共${name}委员会`, startDate: '2026-03-02', endDate: '2026-03-02' });
  const session = addSession(office, course.id, '2026-03-02', '上午', 4);
  office.must('enrol', { courseId: course.id, personIds: people });
  office.must('recordAttendance', { sessionId: session.id, entries: people.slice(0, attended).map((personId) => ({ personId, status: '出席' as const })) });
  for (let m = 0; m < activities; m++) {
    office.must('saveActivity', { partyOrgId: branch.id, types: ['主题党日'], topic: `${name}${m + 1}月主题党日`, date: `2026-0${m + 1}-10` });
  }
  return { office, townUnitId: town.id, branchId: branch.id, courseId: course.id, people };
}

/** Imports each township's package into the county's file, as a clerk would from their sticks. */
export function importTownships(county: Database, towns: SeededTown[]): void {
  const countyCard = selfKeys(county).card;
  for (const t of towns) {
    registerOffice(county, selfKeys(t.office.db).card);
    registerOffice(t.office.db, countyCard);
    const built = buildExport(t.office.db, { to: countyCard.id, passphrase: null });
    recordExport(t.office.db, built, built.fileName);
    const summary = importPackage(county, { bytes: built.bytes, fileName: built.fileName, passphrase: null, dryRun: false });
    if (summary.held > 0 || summary.conflicts.length > 0 || summary.duplicates.length > 0) throw new Error(`${t.office.officeName}: ${summary.message}`);
  }
}

/** A county office holding every township's records. */
export function countyOf(name: string, towns: SeededTown[]): TestOffice {
  const county = makeOffice(name);
  importTownships(county.db, towns);
  return county;
}
