import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Activity } from '../../src/shared/activities';
import { seedBranch, recordActivity, type SeededBranch } from '../helpers/activities';
import { ledgerOver, type TempLedger } from '../helpers/ledger';
import { startApp, type AppUnderTest } from './harness';
import { field, pickOption } from './orgUi';

/**
 * Party organisational life through the UI, Chromium → renderer → HTTP host → core → SQLite: the branch's
 * members and 支委 from the roster, last month's 主题党日 copied into this month's, recorded as a 主题党日 that is
 * also the quarter's 支部党员大会 with a vote, attendance by keyboard with a 请假 and too many absences (the quorum
 * warning), then fixed; a 列席; a photo attached and a non-image refused; a stale save kept and resolved.
 */

let app: AppUnderTest;
let page: Page;
let ledger: TempLedger;
let must: TempLedger['must'];
let branch: SeededBranch;

const pad = (n: number) => String(n).padStart(2, '0');
const now = new Date();
const today = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
const last = new Date(now.getFullYear(), now.getMonth() - 1, 15);
const lastDate = `${last.getFullYear()}-${pad(last.getMonth() + 1)}-15`;
const lastTopic = `${last.getFullYear()}年${last.getMonth() + 1}月主题党日：重温入党誓词`;
const thisTopic = `${now.getFullYear()}年${now.getMonth() + 1}月主题党日：重温入党誓词`;
const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
const before = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);
const yesterday = `${before.getFullYear()}-${pad(before.getMonth() + 1)}-${pad(before.getDate())}`;
const future = `${tomorrow.getFullYear()}-${pad(tomorrow.getMonth() + 1)}-${pad(tomorrow.getDate())}`;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  ledger = ledgerOver(app.db);
  must = ledger.must;
  must('setOffice', { name: '青山镇', code: '130131100' });
  // 10 members in two 党小组, 8 正式 and 2 预备; 书记, 组织委员 and 宣传委员 seated.
  branch = seedBranch(ledger, { size: 10, full: 8 });
  recordActivity(ledger, { partyOrgId: branch.branchId, types: ['主题党日'], topic: lastTopic, date: lastDate, startTime: '09:00', endTime: '11:00', location: '村党群服务中心', host: '王建国', recorder: '李秀英', minutes: '上月的会议记录' });
  await page.goto(app.host.url);
});

afterAll(async () => {
  await app?.close();
});

const poll = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 15_000 });
const tab = (label: string) => page.locator('.el-tabs__item', { hasText: label }).click();
const textarea = (testId: string) => page.locator(`textarea[data-testid="${testId}"]`);
const attendanceRow = (name: string) => page.locator(`[data-testid="attendance-row"][data-name="${name}"]`);
const errorsShown = () => page.getByTestId('activity-editor').locator('.el-form-item__error').allTextContents();
/** The list opens on the current year; last month's 主题党日 is in last year in January, so the list shows every year. */
const listAllYears = () => pickOption(page, 'activity-year', '全部年份');

function activities(): Activity[] {
  return must('listActivities', { partyOrgId: branch.branchId });
}
function current(): Activity {
  return activities().find((a) => a.date === today)!;
}

/** A real PNG of w×h pixels (the renderer draws its thumbnail from it). */
function png(w: number, h: number): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = table[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) raw.set([183, (x * 255) / w, (y * 255) / h], y * (w * 3 + 1) + 1 + x * 3);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

describe('party organisational life in the UI', () => {
  it('shows the branch, its members from the roster and its 支委', async () => {
    await page.getByTestId('nav-activities').click();
    await listAllYears();
    await poll(() => page.getByTestId('activity-table').textContent()).toContain(lastTopic);
    expect(await page.getByTestId('activity-table').getByTestId('activity-counts').first().textContent()).toBe('10/0');
    await tab('党员名册');
    await poll(() => page.getByTestId('members-counts').textContent()).toBe('党员 10 人，其中正式党员 8 人、预备党员 2 人');
    expect(await page.getByTestId('committee-count').textContent()).toBe('现任支委 3 人');
    expect(await page.getByTestId('members-table').locator('.el-table__body tr').count()).toBe(10);
    expect(await page.getByTestId('members-source').textContent()).toContain('干部花名册');
    // A 支委 for the fourth member, then the core's refusal of a second seat for the same person.
    await page.getByTestId('add-seat').click();
    await page.locator('.el-select[data-testid="seat-person"]').click();
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: branch.members[3]!.name }).first().click();
    await page.locator('.el-select[data-testid="seat-role"]').click();
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: /^\s*纪检委员\s*$/ }).click();
    await page.getByTestId('seat-save').click();
    await poll(() => page.getByTestId('committee-count').textContent()).toBe('现任支委 4 人');
    await page.getByTestId('add-seat').click();
    await page.locator('.el-select[data-testid="seat-person"]').click();
    await page.locator('.el-select-dropdown__item').filter({ visible: true }).filter({ hasText: branch.members[3]!.name }).first().click();
    await page.getByTestId('seat-save').click();
    await poll(() => page.getByTestId('seat-refusal').textContent()).toContain(`${branch.members[3]!.name}已是「东村党支部」的支委`);
    await page.getByTestId('seat-dialog').getByRole('button', { name: '取消' }).click();
    // 离任 ends the seat: off the current committee.
    await page.getByTestId('committee-table').locator('tr', { has: page.locator(`[data-name="${branch.members[3]!.name}"]`) }).getByTestId('end-seat').click();
    // Seated on the day of leaving itself: a seat ended yesterday is off today's committee.
    await page.locator('.el-message-box input').fill(yesterday);
    await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click();
    await poll(() => page.getByTestId('committee-count').textContent()).toBe('现任支委 3 人');
    expect(must('listPartyMembers', { partyOrgId: branch.branchId }).committee.map((s) => s.role)).toEqual(['书记', '组织委员', '宣传委员']);
  });

  it('copies last month’s 主题党日 into a new one; a future date is refused on its field and nothing typed is lost', async () => {
    await tab('活动记录');
    await page.getByTestId('activity-list-tab').getByTestId('copy-theme-day').click();
    await poll(() => field(page, 'activity-topic').inputValue()).toBe(thisTopic);
    expect(await field(page, 'activity-location').inputValue()).toBe('村党群服务中心');
    expect(await field(page, 'activity-host').inputValue()).toBe('王建国');
    expect(await field(page, 'activity-recorder').inputValue()).toBe('李秀英');
    expect(await field(page, 'activity-start').inputValue()).toBe('09:00');
    expect(await field(page, 'activity-date').inputValue()).toBe('');
    expect(await textarea('activity-minutes').inputValue()).toBe('');
    expect(await page.getByTestId('activity-types').locator('.el-checkbox.is-checked').allTextContents()).toEqual(['主题党日']);

    // Also the quarter's 支部党员大会, with a vote.
    await page.getByTestId('activity-types').getByText('支部党员大会', { exact: true }).click();
    await field(page, 'activity-date').fill(future);
    await textarea('activity-minutes').fill('书记领学党章；全体党员重温入党誓词；讨论通过村集体经济项目。');
    await page.getByTestId('add-resolution').click();
    await field(page, 'resolution-text').fill('同意村集体经济光伏项目实施方案');
    await field(page, 'resolution-for').fill('9');
    await page.getByTestId('activity-save').click();
    await poll(errorsShown).toEqual([expect.stringContaining('晚于今天')]);
    expect(await textarea('activity-minutes').inputValue()).toContain('讨论通过村集体经济项目');

    // A reload (or a crash) gives the text back.
    await page.reload();
    await poll(() => textarea('activity-minutes').inputValue()).toContain('讨论通过村集体经济项目');
    expect(await field(page, 'activity-topic').inputValue()).toBe(thisTopic);
    expect(await field(page, 'resolution-text').inputValue()).toBe('同意村集体经济光伏项目实施方案');

    // 9 votes from 8 voting members: refused on the resolution; the activity is not saved.
    await field(page, 'activity-date').fill(today);
    await page.getByTestId('activity-save').click();
    await poll(() => page.getByTestId('resolution-error').textContent()).toContain('超过应到有表决权的党员 8 人');
    expect(activities()).toHaveLength(1);
    await field(page, 'resolution-for').fill('6');
    await field(page, 'resolution-against').fill('1');
    await field(page, 'resolution-abstain').fill('1');
    await page.getByTestId('activity-save').click();
    await poll(() => page.getByTestId('activity-title').textContent()).toBe(thisTopic);
    const saved = current();
    expect(saved).toMatchObject({
      types: ['支部党员大会', '主题党日'],
      topic: thisTopic,
      location: '村党群服务中心',
      host: '王建国',
      recorder: '李秀英',
      startTime: '09:00',
      endTime: '11:00',
      counts: { expected: 10, expectedVoting: 8, unrecorded: 10 },
    });
    expect(saved.resolutions).toEqual([{ text: '同意村集体经济光伏项目实施方案', for: 6, against: 1, abstain: 1, passed: true }]);
    await tab('活动信息');
    await poll(() => page.getByTestId('resolution-result').textContent()).toContain('通过');
  });

  it('records attendance by keyboard: a 请假 with its reason and too many absent shows the quorum warning; fixing it clears it; a 列席 is kept', async () => {
    await tab('出勤登记');
    await poll(() => page.getByTestId('activity-attendance-counts').textContent()).toContain('应到 10 人');
    const sheet = must('getActivityAttendance', { activityId: current().id }).rows;
    expect(sheet.slice(0, 3).map((r) => r.committeeRole)).toEqual(['书记', '组织委员', '宣传委员']);
    expect(await page.getByTestId('attendance-row').first().getAttribute('data-name')).toBe(sheet[0]!.name);
    await attendanceRow(sheet[0]!.name).locator('.name').click();
    for (let i = 0; i < 3; i++) await page.keyboard.press('1');
    await page.keyboard.press('2');
    await poll(() => page.locator('[data-testid="reason-input"]').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.locator('[data-testid="reason-input"]').fill('外出务工');
    await page.keyboard.press('Enter');
    for (let i = 4; i < sheet.length; i++) await page.keyboard.press('3');
    await poll(() => page.getByTestId('activity-attendance-counts').textContent()).toBe('应到 10 人，实到 3 人，请假 1 人，缺席 6 人，未登记 0 人');
    expect(await page.getByTestId('activity-voting-counts').textContent()).toBe(`其中有表决权（正式党员）：应到 8 人，实到 3 人`);
    await page.getByTestId('save-attendance').click();
    await poll(() => page.getByTestId('quorum-warning').textContent()).toContain('未超过应到 8 人的半数');
    expect(current().quorum[0]).toMatchObject({ rule: '支部党员大会', met: false, present: 3, required: 5 });
    const stored = must('getActivityAttendance', { activityId: current().id }).rows;
    expect(stored.find((r) => r.personId === sheet[3]!.personId)).toMatchObject({ status: '请假', reason: '外出务工' });

    // Two of the absent voting members did come after all; and the township's 组织委员 sat in.
    const fix = stored.filter((r) => r.status === '缺席' && r.voting).slice(0, 2);
    for (const r of fix) await attendanceRow(r.name).getByTestId('mark-出席').click();
    await page.getByTestId('add-observer').click();
    await field(page, 'observer-name').fill('刘书记');
    await field(page, 'observer-note').fill('镇党委组织委员');
    await poll(() => page.getByTestId('activity-voting-counts').textContent()).toBe(`其中有表决权（正式党员）：应到 8 人，实到 5 人`);
    await page.getByTestId('save-attendance').click();
    await poll(() => page.getByTestId('quorum-warning').count()).toBe(0);
    await poll(() => page.getByTestId('quorum-ok').textContent()).toContain('支部党员大会');
    const after = must('getActivityAttendance', { activityId: current().id });
    expect(after.activity.counts).toMatchObject({ expected: 10, present: 5, presentVoting: 5, leave: 1, absent: 4, observers: 1 });
    expect(after.activity.quorum[0]).toMatchObject({ met: true, warning: null });
    expect(after.observers).toEqual([{ name: '刘书记', note: '镇党委组织委员' }]);
  });

  it('attaches a photo with its thumbnail and shows it full size; a non-image is refused in Chinese', async () => {
    await tab('照片与附件');
    await page.getByTestId('attachment-input').setInputFiles({ name: '主题党日合影.png', mimeType: 'image/png', buffer: png(640, 480) });
    await poll(() => page.getByTestId('attachment').count()).toBe(1);
    const [meta] = current().attachments;
    expect(meta).toMatchObject({ fileName: '主题党日合影.png', mime: 'image/png' });
    expect(meta!.thumbnail).toMatch(/^data:image\/jpeg;base64,/);
    await poll(() => page.getByTestId('attachment').locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
    await page.getByTestId('view-attachment').click();
    await poll(() => page.getByTestId('attachment-full').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(640);
    await page.getByTestId('attachment-viewer').locator('.el-dialog__headerbtn').click();

    await page.getByTestId('attachment-input').setInputFiles({ name: '会议通知.png', mimeType: 'image/png', buffer: Buffer.from('这不是图片，是改了扩展名的文字') });
    await poll(() => page.getByTestId('attachment-refusal').textContent()).toContain('附件“会议通知.png”不是 JPG 或 PNG 图片');
    expect(current().attachments).toHaveLength(1);
    await poll(() => page.locator('.el-tabs__item', { hasText: '照片与附件' }).textContent()).toContain('（1）');
  });

  it('keeps what was typed over a stale copy and saves it over the newer one on request', async () => {
    const stale = current();
    must('saveActivity', { id: stale.id, rev: stale.rev, partyOrgId: stale.partyOrgId, types: stale.types, topic: stale.topic, date: stale.date, note: '别处改过', resolutions: stale.resolutions.map(({ passed: _p, ...r }) => r) });
    await tab('活动信息');
    await textarea('activity-note').fill('本次会议收缴党费 10 人次');
    await page.getByTestId('activity-save').click();
    await poll(() => page.getByTestId('activity-conflict').textContent()).toContain('已在别处被修改');
    expect(await textarea('activity-note').inputValue()).toBe('本次会议收缴党费 10 人次');
    await page.getByTestId('activity-overwrite').click();
    await poll(() => current().note).toBe('本次会议收缴党费 10 人次');

    // The list: both activities, types as tags; the print buttons open the bare print routes.
    await page.getByTestId('print-activity-record').click();
    await poll(() => page.url()).toContain(`/print/activity-record?activity=${stale.id}`);
    await page.goBack();
    await page.getByTestId('back-to-activities').click();
    await listAllYears();
    await poll(() => page.getByTestId('activity-table').locator('.el-table__body tr').count()).toBe(2);
    const row = page.getByTestId('activity-table').locator('.el-table__body tr').first();
    expect(await row.getByTestId('activity-type-tag').allTextContents()).toEqual(['支部党员大会', '主题党日']);
    expect(await row.getByTestId('activity-counts').textContent()).toBe('10/5');
    expect(await row.getByTestId('activity-quorum-warning').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });

  it('prints the record of the 主题党日 that is also the 党员大会, and the calendar counts it for both until it is deleted', async () => {
    const meeting = current();
    await page.goto(`${app.host.url}/#/activities/${meeting.id}`);
    await page.getByTestId('print-activity-record').click();
    await page.locator('[data-testid="activity-record-print"][data-state="ready"]').waitFor({ timeout: 30_000 });
    const file = join(tmpdir(), `ledger-activity-record-${process.pid}.pdf`);
    await page.pdf({ path: file, format: 'A4', preferCSSPageSize: true, printBackground: true });
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
    rmSync(file, { force: true });
    expect(text).toContain('东村党支部会议记录');
    expect(text).toContain(meeting.topic.replace(/\s+/g, ''));
    for (const type of meeting.types) expect(text).toContain(type);
    expect(text).toContain(`应到${meeting.counts.expected}人（其中有表决权${meeting.counts.expectedVoting}人）`);
    expect(text).toContain('主持人签字');

    const cellOf = (type: string, index: number) =>
      page.locator(`[data-testid="compliance-row"][data-type="${type}"] [data-testid="compliance-cell"][data-index="${index}"]`).getAttribute('data-status');
    const month = now.getMonth() + 1;
    const quarter = Math.ceil(month / 3);
    await page.goto(`${app.host.url}/#/activities/compliance?year=${now.getFullYear()}`);
    await poll(() => cellOf('主题党日', month)).toBe('done');
    expect(await cellOf('支部党员大会', quarter)).toBe('done');
    // Deleted in another window (the core on the same file): after a reload the month is no longer done.
    must('deleteActivity', { id: meeting.id });
    await page.reload();
    await poll(() => cellOf('支部党员大会', quarter)).not.toBe('done');
    expect(await cellOf('主题党日', month)).not.toBe('done');
    must('restoreActivity', { id: meeting.id });
    expect(app.pageErrors).toEqual([]);
  });
});
