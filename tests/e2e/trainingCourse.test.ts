import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CourseSession } from '../../src/shared/training';
import { hoursText, percent } from '../../src/ui/features/training/format';
import { ledgerOver, type TempLedger } from '../helpers/ledger';
import { seedTownship, type SeededPerson } from '../helpers/training';
import { startApp, type AppUnderTest } from './harness';
import { field, pickOption, pickTreeNode, waitFocused } from './orgUi';
import { seedName } from './seed';

/**
 * A training course run through the UI, Chromium → renderer → HTTP host → core → SQLite: create it, add its
 * timetable, enrol people in bulk by unit, record one session's attendance by keyboard and check the other's
 * people in by pinyin initials, compare the 学时与考核 tab with the core, print the sign-in sheet as a PDF
 * and find the course's hours in the yearly 学时台账 and its 未达标名单.
 */

let app: AppUnderTest;
let page: Page;
/** The core API on the app's own database, as the CLI or another window would use it. */
let ledger: TempLedger;
let must: TempLedger['must'];
let people: SeededPerson[];

/**
 * The course runs in March of the current year: the 培训管理 list and the 学时台账 open on the current year, so a
 * fixed year would leave the course off both screens once that year is over.
 */
const YEAR = new Date().getFullYear();
const COURSE = `${YEAR}年青山镇村干部集中轮训班`;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  ledger = ledgerOver(app.db);
  must = ledger.must;
  must('setOffice', { name: '青山镇', code: '130131100' });
  // 42 people under 青山镇 in two villages. Two of them already sit in another course on 2 March, 上午.
  ({ people } = seedTownship(ledger, 2, 21));
  const other = must('saveCourse', { name: '县委党校专题培训班', kind: '专题培训班', startDate: `${YEAR}-03-02`, endDate: `${YEAR}-03-02` });
  must('saveSession', { courseId: other.id, date: `${YEAR}-03-02`, period: '上午', hours: 4 });
  must('enrol', { courseId: other.id, personIds: [people[40]!.id, people[41]!.id] });
  await page.goto(app.host.url);
});

afterAll(async () => {
  await app?.close();
});

/** Polls allow for a busy machine (other suites share the CPU); the default second is too tight there. */
const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const tab = (label: string) => page.locator('.el-tabs__item', { hasText: label }).click();
const rowOf = (table: string, name: string) => page.getByTestId(table).locator('tr', { has: page.locator(`[data-name="${name}"]`) });
const attendanceRow = (name: string) => page.locator(`[data-testid="attendance-row"][data-name="${name}"]`);

function courseRow() {
  return app.db.prepare('SELECT id, name, kind, start_date, end_date, full_time, organizer, location FROM courses WHERE name = ?').get(COURSE) as {
    id: string;
    kind: string;
    start_date: string;
    end_date: string;
    full_time: number;
    organizer: string;
    location: string;
  };
}

function sessions(): CourseSession[] {
  return must('getCourse', { id: courseRow().id }).sessions;
}

describe('a training course in the UI', () => {
  it('creates the course; a bad date is shown on its field and nothing typed is lost', async () => {
    await page.getByTestId('nav-training').click();
    await page.getByTestId('add-course').click();
    await waitFocused(page, 'course-name');
    await page.keyboard.type(COURSE);
    await pickOption(page, 'course-kind', '集中轮训');
    await field(page, 'course-start').fill(`${YEAR}-03-02`);
    await field(page, 'course-end').fill(`${YEAR}-02-30`);
    await field(page, 'course-organizer').fill('中共青山镇委员会');
    await field(page, 'course-location').fill('镇党校');
    await page.getByTestId('course-full-time').click();
    await page.getByTestId('course-save').click();
    // The core refuses the impossible date, on the 结束日期 field, in Chinese; the form keeps everything.
    await poll(() => page.getByTestId('course-dialog').locator('.el-form-item__error').allTextContents()).toEqual([expect.stringContaining('结束日期')]);
    expect(await field(page, 'course-name').inputValue()).toBe(COURSE);
    expect(await field(page, 'course-organizer').inputValue()).toBe('中共青山镇委员会');
    await field(page, 'course-end').fill(`${YEAR}-03-03`);
    await page.keyboard.press('Control+s');
    await poll(() => page.getByTestId('course-title').textContent()).toBe(COURSE);
    expect(courseRow()).toMatchObject({ kind: '集中轮训', start_date: `${YEAR}-03-02`, end_date: `${YEAR}-03-03`, full_time: 1, organizer: '中共青山镇委员会', location: '镇党校' });
  });

  it('adds two sessions with times and 学时 from the period, and shows a clash in Chinese', async () => {
    await page.getByTestId('add-session').click();
    await waitFocused(page, 'session-date');
    expect(await field(page, 'session-date').inputValue()).toBe(`${YEAR}-03-02`);
    expect(await field(page, 'session-hours').inputValue()).toBe('4');
    await field(page, 'session-topic').fill('学习贯彻党的二十大精神');
    await page.getByTestId('session-save-next').click();
    // The next slot: the same day's afternoon.
    await poll(() => field(page, 'session-start').inputValue()).toBe('14:00');
    await field(page, 'session-topic').fill('乡村振兴政策解读');
    await page.getByTestId('session-save').click();
    await poll(() => sessions().length).toBe(2);
    expect(sessions().map((s) => [s.date, s.period, s.startTime, s.endTime, s.hours])).toEqual([
      [`${YEAR}-03-02`, '上午', '08:30', '12:00', 4],
      [`${YEAR}-03-02`, '下午', '14:00', '17:30', 4],
    ]);

    await page.getByTestId('add-session').click();
    await waitFocused(page, 'session-date');
    await field(page, 'session-date').fill(`${YEAR}-03-02`);
    await page.getByTestId('session-period').getByText('上午').click();
    await page.getByTestId('session-save').click();
    await poll(() => page.getByTestId('session-refusal').textContent()).toContain('场次时间冲突');
    expect(await field(page, 'session-date').inputValue()).toBe(`${YEAR}-03-02`);
    await page.getByTestId('session-cancel').click();
    expect(sessions()).toHaveLength(2);
  });

  it('enrols everyone in 青山镇 in bulk: 40 join, the two with a clash are named with the reason', async () => {
    await tab('参训名单');
    await page.getByTestId('enrol-bulk').click();
    await pickTreeNode(page, 'enrol-unit', '青山镇');
    await page.getByTestId('enrol-preview').click();
    await poll(() => page.getByTestId('enrol-preview-summary').textContent()).toContain('可加入 40 人');
    expect(await page.getByTestId('enrol-preview-summary').textContent()).toContain('时间冲突 2 人');
    expect(await page.getByTestId('enrol-candidates').textContent()).toContain('同一时间已参加《县委党校专题培训班》');
    await page.getByTestId('enrol-confirm').click();
    await poll(() => page.getByTestId('enrol-result').textContent()).toContain('已加入 40 人，未加入 2 人');
    const skipped = await page.getByTestId('enrol-skipped').textContent();
    expect(skipped).toContain(people[40]!.name);
    expect(skipped).toContain('同一时间已参加');
    await page.getByTestId('enrol-close').click();
    await poll(() => page.getByTestId('enrolment-total').textContent()).toBe('共 40 人');
    expect(must('listEnrolments', { courseId: courseRow().id })).toHaveLength(40);
  });

  it('records the morning by keyboard: one 请假 with its reason, one 缺席, the rest 出席; the core refuses someone no longer enrolled', async () => {
    const [morning] = sessions();
    const sheet = must('getSessionAttendance', { sessionId: morning!.id }).rows;
    await tab('考勤登记');
    await poll(() => page.getByTestId('attendance-counts').textContent()).toContain('应到 40 人');
    expect(await page.getByTestId('attendance-legend').textContent()).toContain('1 出席');
    await attendanceRow(sheet[0]!.name).locator('.c-name').click();
    await page.keyboard.press('2');
    await poll(() => page.locator('[data-testid="reason-input"]').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.locator('[data-testid="reason-input"]').fill('病假');
    await page.keyboard.press('Enter');
    await page.keyboard.press('3');
    for (let i = 2; i < sheet.length; i++) await page.keyboard.press('1');
    await poll(() => page.getByTestId('attendance-counts').textContent()).toContain('实到 38 人，请假 1 人，缺席 1 人，未登记 0 人');
    // The last row was reached by the keyboard: the list scrolled with the cursor.
    expect(await attendanceRow(sheet.at(-1)!.name).getAttribute('data-status')).toBe('出席');

    // Meanwhile someone else takes the sixth person off the list: the save is refused as a whole, by name.
    const gone = sheet[5]!;
    must('unenrol', { courseId: courseRow().id, personId: gone.personId });
    // (Headless Chromium keeps Ctrl+S from a page whose focus is not in a text field; the button does the same.)
    await page.getByTestId('save-attendance').click();
    await poll(() => page.getByTestId('attendance-refusal').textContent()).toContain(`${gone.name}未报名培训班《${COURSE}》，不能登记考勤`);
    expect(must('getSessionAttendance', { sessionId: morning!.id }).rows.filter((r) => r.status !== null)).toHaveLength(0);
    expect(await attendanceRow(sheet[0]!.name).getAttribute('data-status')).toBe('请假');

    // Reloading the list keeps every mark made for the people still on it.
    await page.getByTestId('attendance-reload').click();
    await poll(() => page.getByTestId('attendance-counts').textContent()).toContain('应到 39 人，实到 37 人，请假 1 人，缺席 1 人，未登记 0 人');
    await page.getByTestId('save-attendance').click();
    await poll(() => sessions()[0]!.present).toBe(37);
    const saved = must('getSessionAttendance', { sessionId: morning!.id }).rows;
    expect(saved.find((r) => r.personId === sheet[0]!.personId)).toMatchObject({ status: '请假', reason: '病假' });
    expect(saved.find((r) => r.personId === sheet[1]!.personId)).toMatchObject({ status: '缺席' });
    expect(sessions()[0]).toMatchObject({ present: 37, leave: 1, absent: 1 });

    // Back on the list, one by one through the person search.
    await tab('参训名单');
    await page.getByTestId('enrol-person-search').click();
    await page.keyboard.type(gone.name);
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: gone.name }).first().click();
    await poll(() => page.getByTestId('enrolment-total').textContent()).toBe('共 40 人');
    // Removing someone with attendance recorded is refused with the core's reason.
    await rowOf('enrolment-table', sheet[1]!.name).getByTestId('unenrol').click();
    await page.locator('.el-message-box').getByRole('button', { name: '移出' }).click();
    await poll(() => page.locator('.el-message--error').last().textContent()).toContain('条考勤记录，不能移出名单');
  });

  it('checks the afternoon in by pinyin initials and names, saving each at once', async () => {
    const afternoon = sessions()[1]!;
    const rows = must('getSessionAttendance', { sessionId: afternoon.id }).rows;
    await tab('考勤登记');
    await pickOption(page, 'attendance-session', `${YEAR}-03-02 下午 · 乡村振兴政策解读`);
    await poll(() => page.getByTestId('attendance-counts').textContent()).toContain('应到 40 人，实到 0 人');
    await page.getByTestId('attendance-mode').getByText('快速签到').click();
    await waitFocused(page, 'checkin-input');

    const byInitials = new Map<string, number>();
    for (const r of rows) byInitials.set(r.initials, (byInitials.get(r.initials) ?? 0) + 1);
    const unique = rows.filter((r) => byInitials.get(r.initials) === 1 && r.name !== '王秀英').slice(0, 6);
    const expected = new Set<string>();
    for (const r of unique) {
      await page.keyboard.type(r.initials);
      await page.keyboard.press('Enter');
      await poll(() => page.getByTestId('checkin-last').textContent()).toContain(r.name);
      expect(await field(page, 'checkin-input').inputValue()).toBe('');
      expected.add(r.personId);
    }
    // Two people share "ww": the first Enter takes the first on the sheet, the next Enter the one still out.
    const ww = rows.filter((r) => r.initials === 'ww');
    expect(ww.length).toBe(2);
    for (const r of ww) {
      await page.keyboard.type('ww');
      await page.keyboard.press('Enter');
      await poll(() => page.getByTestId('checkin-last').textContent()).toContain(r.name);
      expected.add(r.personId);
    }
    // A name works too.
    await page.keyboard.type('王秀英');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('checkin-last').textContent()).toContain('王秀英');
    expected.add(rows.find((r) => r.name === '王秀英')!.personId);
    await page.keyboard.type('zzz');
    await page.keyboard.press('Enter');
    await poll(() => page.getByTestId('checkin-last').textContent()).toContain('名单中没有“zzz”');

    await poll(() => page.getByTestId('checkin-count').textContent()).toBe(`实到 ${expected.size} / 应到 40`);
    await poll(() => sessions()[1]!.present).toBe(expected.size);
    const stored = must('getSessionAttendance', { sessionId: afternoon.id }).rows.filter((r) => r.status === '出席').map((r) => r.personId);
    expect(new Set(stored)).toEqual(expected);
  });

  it('shows the same 学时 and attendance rate as the core on 学时与考核, with the 1/7 leave flag and an override', async () => {
    await tab('学时与考核');
    const enrolments = must('listEnrolments', { courseId: courseRow().id });
    const course = must('getCourse', { id: courseRow().id }).course;
    await poll(() => page.getByTestId('results-rate').textContent()).toBe(`本班出勤率 ${percent(course.attendanceRate)}`);
    await poll(() => rowOf('results-table', enrolments[0]!.name).getByTestId('res-credited').textContent()).toBe(hoursText(enrolments[0]!.creditedHours));
    for (const e of enrolments) {
      const row = rowOf('results-table', e.name);
      expect([await row.getByTestId('res-sessions').textContent(), await row.getByTestId('res-credited').textContent(), await row.getByTestId('res-leave').textContent()]).toEqual([
        `${e.attendedSessions}/2`,
        hoursText(e.creditedHours),
        hoursText(e.leaveHours),
      ]);
      expect(await row.getByTestId('res-over-limit').count()).toBe(e.leaveOverLimit ? 1 : 0);
    }
    // 4 of 8 学时 on leave in a 脱产 course: over 1/7.
    expect(enrolments.filter((e) => e.leaveOverLimit)).toHaveLength(1);

    const someone = enrolments.find((e) => e.attendedHours === 4)!;
    await rowOf('results-table', someone.name).getByTestId('res-adjust').click();
    await field(page, 'override-hours').fill('8');
    await page.getByTestId('override-save').click();
    await poll(() => page.getByTestId('override-dialog').locator('.el-form-item__error').textContent()).toBe('调整认定学时须填写原因');
    await field(page, 'override-reason').fill('已补学下午课程');
    await page.getByTestId('override-save').click();
    await poll(() => rowOf('results-table', someone.name).getByTestId('res-credited').textContent()).toBe('8');
    expect(must('listEnrolments', { courseId: courseRow().id }).find((e) => e.id === someone.id)).toMatchObject({ creditedHours: 8, overrideReason: '已补学下午课程' });

    // Result and certificate number save cell by cell.
    const row = rowOf('results-table', someone.name);
    await row.getByTestId('res-result').selectOption('优秀');
    await row.getByTestId('res-cert').fill('QS2026-001');
    await row.getByTestId('res-cert').press('Tab');
    await poll(() => must('listEnrolments', { courseId: courseRow().id }).find((e) => e.id === someone.id)?.certificateNo).toBe('QS2026-001');
    expect(must('listEnrolments', { courseId: courseRow().id }).find((e) => e.id === someone.id)).toMatchObject({ result: '优秀', creditedHours: 8 });
    expect(await page.getByTestId('results-summary').textContent()).toContain('优秀 1 人');
  });

  it('prints the 签到表 from the course page (all 40 names, in order, as PDF), has the Excel actions, and warns how many records a delete takes away', async () => {
    expect(await page.getByTestId('course-excel-actions').count()).toBe(1);
    const first = sessions()[0]!;
    await page.getByTestId('print-sign-in').click();
    await poll(() => page.url()).toContain(`#/print/sign-in?session=${first.id}`);
    // The sheet the clerk prints from here: A4 portrait PDF with all 40 enrolled names in order.
    await page.locator('[data-testid="sign-in-print"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const file = join(tmpdir(), `ledger-course-cycle-${process.pid}.pdf`);
    await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    rmSync(file, { force: true });
    const enrolled = must('listEnrolments', { courseId: courseRow().id });
    expect(enrolled).toHaveLength(40);
    expect(text.replace(/\s+/g, '')).toContain(`应到${enrolled.length}人`);
    const positions = enrolled.map((e) => text.search(new RegExp(`(?<![\\u4e00-\\u9fff])${e.name}(?![\\u4e00-\\u9fff])`)));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    await page.goBack();
    await poll(() => page.getByTestId('course-title').count()).toBe(1);
    await page.getByTestId('back-to-courses').click();
    const summary = must('listCourses', { year: YEAR }).find((c) => c.name === COURSE)!;
    const row = page.getByTestId('course-table').locator('tr', { hasText: COURSE });
    expect(await row.textContent()).toContain(percent(summary.attendanceRate));
    await row.getByTestId('delete-course').click();
    await poll(() => page.locator('.el-message-box').textContent()).toContain(`已有 ${summary.attendanceRecords} 条考勤记录`);
    expect(await page.locator('.el-message-box').textContent()).toContain('可在“已删除”中恢复');
    await page.locator('.el-message-box').getByRole('button', { name: '取消' }).click();
    expect(app.pageErrors).toEqual([]);
  });

  it('shows the course in the yearly 学时台账 and its 未达标名单, as the core counts them', async () => {
    await page.getByTestId('nav-training-ledger').click();
    await page.getByTestId('training-ledger').waitFor();
    await page.getByTestId('ledger-mode-shortfall').click();
    const core = must('trainingLedger', { year: YEAR, shortfallOnly: true, sort: 'shortfall', limit: 50 });
    await poll(() => page.locator('[data-testid="ledger-pagination"] .el-pagination__total').textContent()).toContain(String(core.total));
    expect(await page.locator('[data-testid="ledger-table"] [data-col="name"]').allTextContents()).toEqual(core.items.map((r) => r.name));
    // Someone from this course: 8 学时 earned toward 32 (a party member), so 24 behind.
    const enrolled = must('listEnrolments', { courseId: courseRow().id });
    const full = core.items.find((r) => enrolled.some((e) => e.personId === r.personId && e.creditedHours === 8) && r.required === 32)!;
    expect(full).toMatchObject({ hours: 8, shortfall: 24 });
    const row = page.locator('[data-testid="ledger-table"] .el-table__row').filter({ has: page.locator(`[data-person-id="${full.personId}"]`) });
    expect((await row.locator('[data-col="shortfall"]').textContent())?.trim()).toBe('24');
    expect(app.pageErrors).toEqual([]);
  });

  it('keeps a 300-person attendance list quick (timings in the log)', async () => {
    const town = must('saveUnit', { name: '大河镇', kind: '乡镇' });
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push(must('savePerson', { name: seedName(i + 500), gender: '男', unitId: town.id, unit: '大河镇' }).id);
    const course = must('saveCourse', { name: '大河镇党员冬春训', kind: '冬春训', startDate: `${YEAR}-04-01`, endDate: `${YEAR}-04-01` });
    const session = must('saveSession', { courseId: course.id, date: `${YEAR}-04-01`, period: '上午', hours: 4 });
    expect(must('enrol', { courseId: course.id, unitId: town.id }).enrolled).toBe(300);

    let t0 = Date.now();
    await page.goto(`${app.host.url}/#/training/${course.id}?tab=attendance`);
    await expect.poll(() => page.getByTestId('attendance-counts').textContent(), { interval: 20, timeout: 15_000 }).toContain('应到 300 人');
    await page.locator('[data-testid="attendance-row"]').first().waitFor();
    const render = Date.now() - t0;
    const domRows = await page.locator('[data-testid="attendance-row"]').count();
    expect(domRows).toBeLessThan(80);

    await page.locator('[data-testid="attendance-row"]').first().locator('.c-name').click();
    t0 = Date.now();
    for (let i = 0; i < 100; i++) await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('attendance-counts').textContent(), { interval: 20, timeout: 15_000 }).toContain('实到 100 人');
    const perKey = (Date.now() - t0) / 100;

    t0 = Date.now();
    await page.getByTestId('mark-rest-present').click();
    await page.getByTestId('save-attendance').click();
    await expect.poll(() => must('getCourse', { id: course.id }).sessions[0]!.present, { interval: 20, timeout: 15_000 }).toBe(300);
    const save = Date.now() - t0;

    await page.getByTestId('attendance-mode').getByText('快速签到').click();
    await waitFocused(page, 'checkin-input');
    t0 = Date.now();
    await tab('学时与考核');
    await expect.poll(() => page.getByTestId('results-rate').textContent(), { interval: 20, timeout: 15_000 }).toBe('本班出勤率 100%');
    await expect.poll(() => page.getByTestId('res-credited').count(), { interval: 20, timeout: 15_000 }).toBe(50);
    const results = Date.now() - t0;
    console.log(`[e2e] 300 people: attendance list ${render} ms (${domRows} rows in the DOM), ${perKey.toFixed(1)} ms per mark key, 全部出席 + save ${save} ms, results tab ${results} ms`);
    expect(must('getSessionAttendance', { sessionId: session.id }).rows.every((r) => r.status === '出席')).toBe(true);
    expect(app.pageErrors).toEqual([]);
  });
});
