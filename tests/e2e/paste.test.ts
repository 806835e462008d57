import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePerson } from '../../src/core/people/peopleService';
import { idCheckChar } from '../../src/shared/validate/idNumber';
import { startApp, type AppUnderTest } from './harness';

/**
 * Fast entry: rows copied from Excel arrive as a real paste event, every cell is checked in the browser,
 * valid rows are saved in batches through the core (savePeople, each row in its own savepoint), and
 * refused rows stay in the grid with their reasons.
 */

let app: AppUnderTest;
let page: Page;

/** A valid 18-digit ID for a birth date; an odd sequence number is a man, an even one a woman. */
function idFor(birth: string, seq: number): string {
  const first17 = `110101${birth}${String(seq).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}

function withBadCheck(id: string): string {
  const last = id.at(-1) === '0' ? '1' : '0';
  return id.slice(0, 17) + last;
}

const EXISTING_ID = idFor('19750304', 11);

/** Grid row (1-based) → what the test expects of it. */
interface Line {
  cells: string[];
  valid: boolean;
}

function buildLines(): Line[] {
  const lines: Line[] = [];
  const good = (name: string, birth: string, seq: number, extra: Partial<Record<'ethnicity' | 'political' | 'education' | 'phone' | 'unit' | 'post', string>> = {}): Line => ({
    cells: [name, idFor(birth, seq), '', extra.ethnicity ?? '汉族', extra.political ?? '中共党员', extra.education ?? '大学本科', extra.phone ?? '', extra.unit ?? '红旗村', extra.post ?? ''],
    valid: true,
  });
  lines.push(good('王建国', '19700101', 1, { ethnicity: '汉', political: '党员', phone: '138 0013 8001', post: '村党组织书记' }));
  lines.push(good('李秀英', '19720202', 2, { education: '大专' }));
  lines.push(good('张伟', '19800303', 3));
  lines.push(good('刘洋', '19850404', 5, { political: '群众' }));
  lines.push(good('陈静', '19860505', 6, { phone: '139-0013-9002' }));
  lines.push(good('杨帆', '19900606', 7));
  // Excel quotes a cell holding a line break (Alt+Enter); the grid shows it on one line.
  lines.push(good('赵磊', '19910707', 9, { post: '村委会主任\n村务监督委员' }));
  lines.push(good('黄敏', '19920808', 8));
  lines.push(good('周杰', '19930909', 13));
  lines.push(good('吴芳', '19941010', 14));
  lines.push(good('徐强', '19951111', 15));
  lines.push(good('孙丽', '19961212', 16));
  // Bad rows.
  lines.push({ cells: ['马错号', withBadCheck(idFor('19800101', 21)), '', '汉族', '', '', '', '红旗村', ''], valid: false });
  lines.push({ cells: ['朱电话', idFor('19810101', 23), '', '汉族', '', '', '1380013', '红旗村', ''], valid: false });
  lines.push({ cells: ['胡性别', idFor('19820101', 25), '女', '汉族', '', '', '', '红旗村', ''], valid: false });
  lines.push({ cells: ['郭重复', idFor('19800303', 3), '', '汉族', '', '', '', '红旗村', ''], valid: false });
  lines.push({ cells: ['', idFor('19830101', 27), '', '汉族', '', '', '', '红旗村', ''], valid: false });
  // Valid in the browser, refused by the core: the ID number is already in the roster.
  lines.push({ cells: ['何已有', EXISTING_ID, '', '汉族', '', '', '', '青山村', ''], valid: true });
  lines.push(good('高翔', '19970101', 17));
  lines.push(good('林雪', '19980202', 18));
  return lines;
}

const LINES = buildLines();

/** What Excel puts on the clipboard: tabs, CRLF, quotes around cells with a line break, a final CRLF. */
function toClipboardText(rows: string[][]): string {
  const cell = (v: string) => (/[\t\n"]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return rows.map((r) => r.map(cell).join('\t')).join('\r\n') + '\r\n';
}

const HEADER = ['姓名', '身份证号码', '性别', '民族', '政治面貌', '文化程度', '联系电话', '所在村（社区）', '现任职务'];

async function paste(text: string, selector = '[data-testid="paste-zone"]'): Promise<void> {
  await page.evaluate(
    ({ text, selector }) => {
      const target = document.querySelector<HTMLElement>(selector)!;
      target.focus();
      const data = new DataTransfer();
      data.setData('text/plain', text);
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    },
    { text, selector },
  );
}

function gridRow(n: number) {
  return page.getByTestId(`paste-row-${n}`);
}

function cell(row: number, column: number) {
  return page.locator(`input[data-r="${row - 1}"][data-c="${column}"]`);
}

function livePeople(): { name: string; id_number: string; unit: string | null; post: string | null }[] {
  return app.db.prepare('SELECT name, id_number, unit, post FROM people WHERE deleted_at IS NULL ORDER BY name').all() as never;
}

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  const existing = savePerson(app.db, { name: '何老', idNumber: EXISTING_ID, unit: '青山村' });
  if (!existing.ok) throw new Error(existing.error.message);
  await page.goto(`${app.host.url}/#/paste`);
  await page.getByTestId('paste-zone').waitFor();
});

afterAll(async () => {
  await app?.close();
});

describe('paste entry in Chromium', () => {
  it('reads a pasted block with a header row and checks every cell', async () => {
    await paste(toClipboardText([HEADER, ...LINES.map((l) => l.cells)]));
    await expect.poll(() => page.getByTestId('paste-notice').textContent()).toContain('第一行是表头');
    await expect.poll(() => page.locator('.paste-row').count()).toBe(LINES.length);
    // The header's synonyms set the columns.
    const fieldOf = async (letter: string) => (await page.getByTestId(`paste-column-${letter}`).textContent())?.trim();
    expect(await fieldOf('B')).toBe('身份证号');
    expect(await fieldOf('F')).toBe('学历');
    expect(await fieldOf('H')).toBe('单位');
    expect(await fieldOf('I')).toBe('职务');

    for (const [i, line] of LINES.entries()) {
      expect.soft(await gridRow(i + 1).getAttribute('data-valid'), `row ${i + 1} ${line.cells[0]}`).toBe(line.valid ? 'yes' : 'no');
    }
    // Bad checksum on row 13: the ID cell is red, and the message is on hover and at the row's end.
    const badId = cell(13, 1);
    expect(await badId.getAttribute('aria-invalid')).toBe('true');
    expect(await badId.getAttribute('title')).toContain('校验位不正确');
    expect(await gridRow(13).getByTestId('paste-row-messages').textContent()).toContain('校验位不正确');
    expect(await cell(14, 6).getAttribute('title')).toMatch(/手机|电话/);
    expect(await cell(15, 2).getAttribute('title')).toContain('性别与身份证号不符');
    expect(await cell(16, 1).getAttribute('title')).toContain('与第3行的身份证号相同');
    expect(await cell(17, 0).getAttribute('aria-invalid')).toBe('true');
    // A quoted cell with a line break is one cell, shown on one line.
    expect(await cell(7, 8).inputValue()).toBe('村委会主任 村务监督委员');
    expect(await page.getByTestId('paste-summary').textContent()).toContain(`可保存 ${LINES.filter((l) => l.valid).length} 行`);
  });

  it('re-checks a cell as it is corrected in place', async () => {
    const phone = cell(14, 6);
    await phone.click();
    await phone.press('Control+a');
    await page.keyboard.type('13800138014');
    await expect.poll(() => gridRow(14).getAttribute('data-valid')).toBe('yes');
    expect(await phone.getAttribute('aria-invalid')).toBeNull();
    // Enter moves down the column, as in a spreadsheet.
    await page.keyboard.press('Enter');
    expect(await cell(15, 6).evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it('saves the valid rows and keeps the refused ones with their reasons', async () => {
    const ready = LINES.filter((l) => l.valid).length + 1;
    await expect.poll(() => page.getByTestId('paste-save').textContent()).toContain(`（${ready}）`);
    await page.getByTestId('paste-save').click();
    await expect.poll(() => page.getByTestId('paste-result').textContent(), { timeout: 20_000 }).toContain(`已保存 ${ready - 1} 人`);
    expect(await page.getByTestId('paste-result').textContent()).toContain('1 行保存时被拒绝');

    // The person already in the roster is reported by name, not duplicated.
    expect(await gridRow(18).getAttribute('data-status')).toBe('failed');
    expect(await gridRow(18).getByTestId('paste-row-messages').textContent()).toContain('身份证号已登记在何老（青山村）名下');
    expect(await cell(18, 1).getAttribute('title')).toContain('该身份证号已属于何老');

    const savedNames = LINES.filter((l, i) => l.valid && i !== 17).map((l) => l.cells[0]);
    const expected = [...savedNames, '朱电话', '何老'].sort();
    const people = livePeople();
    expect(people.map((p) => p.name).sort()).toEqual(expected);
    expect(people.filter((p) => p.id_number === EXISTING_ID)).toHaveLength(1);
    expect(people.find((p) => p.name === '王建国')).toMatchObject({ unit: '红旗村', post: '村党组织书记' });
    expect(people.find((p) => p.name === '赵磊')?.post).toBe('村委会主任 村务监督委员');
    expect(app.db.prepare("SELECT phone, ethnicity_code, political_status_code FROM people WHERE name = '王建国'").get()).toEqual({
      phone: '13800138001',
      ethnicity_code: '01',
      political_status_code: '01',
    });

    // Saved rows are marked and read-only; the bad rows are still there to fix.
    expect(await gridRow(1).getAttribute('data-status')).toBe('saved');
    expect(await cell(1, 0).getAttribute('readonly')).not.toBeNull();
    for (const n of [13, 15, 16, 17]) expect(await gridRow(n).getAttribute('data-status')).toBe('new');
    expect(await page.getByTestId('paste-summary').textContent()).toContain('有问题 5 行');
  });

  it('removes the saved rows and pastes a block into a cell as a spreadsheet does', async () => {
    await page.getByTestId('paste-remove-saved').click();
    await expect.poll(() => page.locator('.paste-row').count()).toBe(5);
    // Row 1 is now 马错号; paste a corrected ID and the gender column over B1:C2.
    const fixed = idFor('19800101', 21);
    await paste(`${fixed}\t\r\n${idFor('19820101', 26)}\t女\r\n`, 'input[data-r="0"][data-c="1"]');
    await expect.poll(() => cell(1, 1).inputValue()).toBe(fixed);
    await expect.poll(() => gridRow(1).getAttribute('data-valid')).toBe('yes');
    await expect.poll(() => gridRow(2).getAttribute('data-valid')).toBe('yes');
    await page.getByTestId('paste-save').click();
    await expect.poll(() => livePeople().some((p) => p.name === '胡性别')).toBe(true);
    expect(livePeople().find((p) => p.name === '马错号')?.id_number).toBe(fixed);
  });

  it('reads a block without a header in the default order, skipping a 序号 column, and lets the clerk change a column', async () => {
    await page.getByTestId('paste-clear').click();
    await page.locator('.el-message-box').getByRole('button', { name: '清空' }).click();
    await expect.poll(() => page.locator('.paste-row').count()).toBe(0);
    const id = idFor('19990909', 31);
    await paste(`1\t韩梅\t${id}\t\t\t\t\t白云村\r\n2\t曹操\t\t男\r\n`);
    await expect.poll(() => page.locator('.paste-row').count()).toBe(2);
    expect(await page.getByTestId('paste-notice').textContent()).toContain('请检查上方每一列');
    // A is only serial numbers, so the default order starts at B: B 姓名, C 身份证号 … H 联系电话.
    expect(await page.getByTestId('paste-column-A').textContent()).toContain('不导入');
    expect(await gridRow(2).getAttribute('data-valid')).toBe('yes');
    expect(await gridRow(1).getAttribute('data-valid')).toBe('no');
    expect(await cell(1, 7).getAttribute('title')).toContain('联系电话格式不正确');
    // 白云村 is a unit: the clerk says so for column H, and the row is re-checked at once.
    await page.getByTestId('paste-column-H').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: /^单位$/ }).click();
    await expect.poll(() => gridRow(1).getAttribute('data-valid')).toBe('yes');
    expect(await cell(1, 7).getAttribute('title')).toBeNull();
  });

  it('takes a real Ctrl+V from the system clipboard', async () => {
    await page.getByTestId('paste-clear').click();
    await page.locator('.el-message-box').getByRole('button', { name: '清空' }).click();
    await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.host.url });
    await page.evaluate((text) => navigator.clipboard.writeText(text), toClipboardText([['姓名', '性别'], ['鲁达', '男']]));
    await page.getByTestId('paste-zone').focus();
    await page.keyboard.press('Control+v');
    await expect.poll(() => page.locator('.paste-row').count()).toBe(1);
    expect(await cell(1, 0).inputValue()).toBe('鲁达');
    expect(await page.getByTestId('paste-zone').inputValue()).toBe('');
  });

  it('saves 200 pasted rows in batches, timed beside the same work as 200 savePerson calls', async () => {
    await page.getByTestId('paste-clear').click();
    await page.locator('.el-message-box').getByRole('button', { name: '清空' }).click();
    await expect.poll(() => page.locator('.paste-row').count()).toBe(0);
    const pad = (n: number) => String(n).padStart(2, '0');
    const person = (i: number, seq: number) => ({
      name: `${[...'赵钱孙李周吴郑王冯陈'][i % 10]}${[...'建国秀英志强丽华海军'][Math.floor(i / 10) % 10]}`,
      idNumber: idFor(`${1960 + (i % 40)}${pad(1 + (i % 12))}${pad(1 + (i % 28))}`, seq),
      unit: '白云村',
    });
    const before = livePeople().length;
    await paste(toClipboardText([['姓名', '身份证号码', '所在村（社区）'], ...Array.from({ length: 200 }, (_, i) => Object.values(person(i, 100 + i)))]));
    await expect.poll(() => page.getByTestId('paste-summary').textContent()).toContain('可保存 200 行');
    const started = performance.now();
    await page.getByTestId('paste-save').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="paste-result"]')?.textContent?.includes('已保存 200 人'), null, { polling: 'raf', timeout: 60_000 });
    const gridMs = performance.now() - started;
    // The grid's way before savePeople: one savePerson request per row, four in flight (other ID numbers).
    const oneByOneMs = await page.evaluate(async (people) => {
      const t0 = performance.now();
      let next = 0;
      const worker = async () => {
        while (next < people.length) {
          const response = await fetch('./api/savePerson', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(people[next++]) });
          if (!((await response.json()) as { ok: boolean }).ok) throw new Error('savePerson refused a row');
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      return performance.now() - t0;
    }, Array.from({ length: 200 }, (_, i) => person(i, 400 + i)));
    console.log(
      `[paste] 200 rows: grid save ${gridMs.toFixed(0)} ms (savePeople, batches of 100, click to result on screen); ` +
        `the same rows as 200 savePerson requests, 4 in flight (the grid's way before) ${oneByOneMs.toFixed(0)} ms; ratio ${(gridMs / oneByOneMs).toFixed(2)}`,
    );
    expect(livePeople().length).toBe(before + 400);
    expect(await page.locator('.paste-row[data-status="saved"]').count()).toBe(200);
  });

  it('ran without console errors or CSP violations', () => {
    expect(app.pageErrors).toEqual([]);
  });
});
