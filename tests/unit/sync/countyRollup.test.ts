import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPeople } from '../../../src/core/people/peopleRepo';
import type { PageStrategy } from '../../../src/core/people/peopleQuery';
import { peopleListSchema } from '../../../src/shared/contract';
import { countyOf, seedTown, type SeededTown } from '../../helpers/county';
import type { TestOffice } from '../../helpers/offices';
import { must } from '../training/excelFixtures';

/**
 * Issue 6 item 5: a county file holding two townships' packages. Every list and report filters by origin office,
 * and without the filter rolls up: the county's totals are the sum of the townships'.
 */

let east: SeededTown;
let west: SeededTown;
let county: TestOffice;

beforeAll(() => {
  // Different sizes, attendance and activity counts, so a filter that leaked would show in the numbers.
  east = seedTown('红旗镇', '110101', 12, 5, 3);
  west = seedTown('青山乡', '110102', 8, 6, 1);
  county = countyOf('青山县', [east, west]);
});

afterAll(() => {
  for (const o of [east?.office, west?.office, county]) o?.cleanup();
});

const towns = () => [east, west];

describe('county file filtered by origin office', () => {
  it('lists the offices it holds', () => {
    const offices = county.must('listOffices', {});
    expect(offices.map((o) => o.name).sort()).toEqual(['红旗镇', '青山乡', '青山县'].sort());
  });

  it('roster: each township alone, and the county total is their sum', () => {
    const all = county.must('listPeople', { limit: 1000 });
    expect(all.total).toBe(20);
    for (const t of towns()) {
      const page = county.must('listPeople', { originOffice: t.office.officeId, limit: 1000 });
      expect(page.total).toBe(t.people.length);
      expect(page.items.map((p) => p.id).sort()).toEqual([...t.people].sort());
      expect(page.items.every((p) => p.originOffice === t.office.officeId)).toBe(true);
    }
    expect(county.must('listPeople', { originOffice: county.officeId }).total).toBe(0);
  });

  it('roster: the filter meets every other filter and search, by every page strategy, as a plain row test would', () => {
    const cases = [
      { query: '王' },
      { query: 'w' },
      { query: '1101' },
      { politicalStatusCode: '01' },
      { unitId: east.townUnitId },
      { partyOrgId: west.branchId },
      { query: '王', politicalStatusCode: '01' },
      { sort: 'birthDate' as const },
      { deleted: 'all' as const },
    ];
    const strategies: (PageStrategy | undefined)[] = [undefined, 'walk', 'drive', 'keyed', 'collect'];
    for (const filter of cases) {
      const everyone = listPeople(county.db, peopleListSchema.parse({ ...filter, limit: 1000 }));
      for (const t of towns()) {
        const expected = everyone.items.filter((p) => p.originOffice === t.office.officeId).map((p) => p.id);
        for (const strategy of strategies) {
          const got = listPeople(county.db, peopleListSchema.parse({ ...filter, originOffice: t.office.officeId, limit: 1000 }), new Date(), strategy);
          expect({ filter, strategy, ids: got.items.map((p) => p.id), total: got.total }).toEqual({ filter, strategy, ids: expected, total: expected.length });
        }
      }
    }
  });

  it('course list: each township its own course, all of them without the filter', () => {
    expect(county.must('listCourses', {}).map((c) => c.id).sort()).toEqual([east.courseId, west.courseId].sort());
    for (const t of towns()) expect(county.must('listCourses', { originOffice: t.office.officeId }).map((c) => c.id)).toEqual([t.courseId]);
  });

  it('学时台账: filtered by origin office, the summary and rows of that township; the county total is the sum', () => {
    const total = county.must('trainingLedger', { year: 2026, limit: 1000 });
    const parts = towns().map((t) => ({ town: t, page: county.must('trainingLedger', { year: 2026, originOffice: t.office.officeId, limit: 1000 }) }));
    for (const { town, page } of parts) {
      expect(page.items.every((r) => town.people.includes(r.personId))).toBe(true);
      // The township's own file says the same.
      expect(page.summary).toEqual(town.office.must('trainingLedger', { year: 2026, limit: 1000 }).summary);
    }
    for (const key of ['people', 'required', 'met', 'behind', 'shortfallHours'] as const) {
      expect(total.summary[key]).toBeCloseTo(parts.reduce((n, p) => n + p.page.summary[key], 0), 6);
    }
    expect(total.total).toBe(parts.reduce((n, p) => n + p.page.total, 0));
    // Party members (every other person) need 32 学时: 6 in 红旗镇, 4 in 青山乡; the first 5 / 6 attended 4 学时.
    expect(parts.map((p) => p.page.summary.behind)).toEqual([6, 4]);
    expect(total.summary.shortfallHours).toBe(10 * 32 - (3 + 3) * 4);
  });

  it('学时台账: the kept answer is keyed on the filter (asked in turn, each answer stays its own)', () => {
    // In the ledger: every party member, and anyone else with hours (8 in 红旗镇, 7 in 青山乡).
    for (let round = 0; round < 2; round++) {
      const totals = towns().map((t) => {
        const page = county.must('trainingLedger', { year: 2026, originOffice: t.office.officeId, limit: 1000 });
        expect(page.items.every((r) => t.people.includes(r.personId))).toBe(true);
        return page.total;
      });
      expect(totals).toEqual([8, 7]);
      expect(county.must('trainingLedger', { year: 2026, limit: 1000 }).total).toBe(15);
    }
  });

  it('coverage chart: filtered by origin office, only that township’s units', () => {
    const units = (office?: string) => county.must('trainingCoverage', { year: 2026, originOffice: office }).map((u) => u.unit).sort();
    expect(units(east.office.officeId)).toEqual(['红旗镇', '红旗镇东村']);
    expect(units()).toEqual([...units(east.office.officeId), ...units(west.office.officeId)].sort());
  });

  it('activity list: each township its own, all of them without the filter', () => {
    expect(county.must('listActivities', {})).toHaveLength(4);
    expect(county.must('listActivities', { originOffice: east.office.officeId }).every((a) => a.partyOrgId === east.branchId)).toBe(true);
    expect(county.must('listActivities', { originOffice: east.office.officeId })).toHaveLength(3);
    expect(county.must('listActivities', { originOffice: west.office.officeId })).toHaveLength(1);
  });

  it('compliance: by the branch’s origin office; the county rolls up every branch and the overdue totals add up', () => {
    const report = (office?: string) => county.must('complianceReport', { year: 2026, today: '2026-06-30', originOffice: office });
    const all = report();
    const parts = towns().map((t) => report(t.office.officeId));
    expect(parts.map((p) => p.branches.map((b) => b.partyOrgId))).toEqual([[east.branchId], [west.branchId]]);
    expect(all.branches.map((b) => b.partyOrgId).sort()).toEqual([east.branchId, west.branchId].sort());
    const overdue = (r: typeof all) => r.branches.flatMap((b) => b.byType).reduce((n, t) => n + t.overdue, 0);
    const done = (r: typeof all) => r.branches.flatMap((b) => b.byType).reduce((n, t) => n + t.done, 0);
    expect(overdue(all)).toBe(overdue(parts[0]!) + overdue(parts[1]!));
    expect(done(all)).toBe(done(parts[0]!) + done(parts[1]!));
    // 红旗镇 held 主题党日 in January–March, 青山乡 in January only.
    const themeDays = (r: typeof all) => r.branches[0]!.byType.find((t) => t.type === '主题党日')!.done;
    expect(parts.map(themeDays)).toEqual([3, 1]);
  });

  it('exports: the 学时台账 and the compliance workbook of one township carry its rows and its name', async () => {
    const ledgerAll = await must(county, 'exportTrainingLedger', { year: 2026 });
    const ledgerEast = await must(county, 'exportTrainingLedger', { year: 2026, originOffice: east.office.officeId });
    expect([ledgerEast.rows, ledgerAll.rows]).toEqual([8, 15]);
    expect(ledgerEast.fileName).toContain('红旗镇');
    const complianceWest = await must(county, 'exportCompliance', { year: 2026, originOffice: west.office.officeId });
    const complianceAll = await must(county, 'exportCompliance', { year: 2026 });
    expect(complianceWest.fileName).toContain('青山乡');
    // One branch of the two, each with a row per required type.
    expect(complianceWest.rows * 2).toBe(complianceAll.rows);
  });

  it('roster export: one township’s people, titled and made out in its name; without the filter, everyone', async () => {
    const all = await must(county, 'exportRoster', { viewIds: ['all'], format: 'xlsx' });
    const eastRoster = await must(county, 'exportRoster', { viewIds: ['all'], format: 'xlsx', originOffice: east.office.officeId });
    expect([eastRoster.rows, all.rows]).toEqual([12, 20]);
    expect(eastRoster.fileName).toMatch(/^红旗镇/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(eastRoster.dataBase64, 'base64') as unknown as ArrayBuffer);
    const texts: string[] = [];
    workbook.worksheets[0]!.eachRow((row) => row.eachCell((cell) => texts.push(String(cell.value))));
    expect(texts).toContain('填报单位（盖章）：红旗镇');
    // Every ID number in the sheet is one of 红旗镇's (area 110101), none of 青山乡's.
    expect(texts.filter((text) => text.startsWith('110101'))).toHaveLength(12);
    expect(texts.some((text) => text.startsWith('110102'))).toBe(false);
    const csv = await must(county, 'exportRoster', { viewIds: ['all'], format: 'csv', originOffice: west.office.officeId });
    expect(csv.rows).toBe(8);
  });
});
