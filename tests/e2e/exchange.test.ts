import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { importInto, makeOffice, type TestOffice } from '../helpers/offices';
import { seedTownship } from '../helpers/training';
import { startApp, type AppUnderTest } from './harness';
import { choosePackage, exportFromUi, fullPackage, inputOf, ledgerFingerprint, officeIdOf, openExchange, packageBetween, pickOption, typePassphrase } from './exchangeUi';

/**
 * 数据交换 in Chromium, as the county clerk does it: the township's first package (with a passphrase) previewed and
 * imported, the same stick again, damaged packages, a package back to the township, and undo of the last import.
 */

let app: AppUnderTest;
let page: Page;
let town: TestOffice;
let dir: string;
let first: { name: string; bytes: Buffer };
const PASSPHRASE = '红旗镇2026交换';
const people = () => app.db.prepare('SELECT count(*) FROM people WHERE deleted_at IS NULL').pluck().get() as number;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  dir = mkdtempSync(join(tmpdir(), 'ledger-e2e-exchange-'));
  console.log(`[e2e] exchange files and screenshots in ${dir}`);
  createLedgerApi(app.db).setOffice({ name: '青山县', code: '130131000' });
  town = makeOffice('红旗镇');
  seedTownship(town, 1, 4);
  first = fullPackage(town, PASSPHRASE);
  await page.goto(app.host.url);
});

afterAll(async () => {
  await app?.close();
  town?.cleanup();
  // Screenshots are kept for a look unless the run asks for a clean temp dir.
  if (process.env.KEEP_E2E_SCREENSHOTS !== '1') rmSync(dir, { recursive: true, force: true });
});

describe('a township package at the county', () => {
  it('asks for the passphrase, refuses a wrong one, previews, imports once, and says so the second time', async () => {
    await openExchange(page, 'offices');
    await expect.poll(() => page.getByTestId('self-office').innerText()).toMatch(/青山县[\s\S]*130131000/);
    await expect.poll(() => page.getByTestId('self-fingerprint').innerText()).toMatch(/^[0-9A-F]{4}( [0-9A-F]{4}){3}$/);
    expect(await page.getByTestId('office-list').innerText()).toMatch(/还没有往来单位/);

    const before = ledgerFingerprint(app.db);
    await choosePackage(page, first.name, first.bytes);
    await expect.poll(() => page.getByTestId('import-passphrase-message').innerText()).toMatch(/此数据包设置了密码，请输入导出时设置的密码/);
    await typePassphrase(page, 'not-the-passphrase');
    await expect.poll(() => page.getByTestId('import-passphrase-message').innerText()).toMatch(/密码不正确，无法打开数据包。数据库未作任何改动。/);
    expect(ledgerFingerprint(app.db)).toBe(before);

    await typePassphrase(page, PASSPHRASE);
    const preview = page.getByTestId('package-preview');
    await expect.poll(() => preview.isVisible()).toBe(true);
    expect(await page.getByTestId('preview-sender').innerText()).toBe('红旗镇');
    const created = Number(await page.getByTestId('preview-created').locator('.n').innerText());
    expect(created).toBeGreaterThan(4);
    expect(await page.getByTestId('preview-by-table').innerText()).toMatch(/人员\s+4\s+0\s+0\s+0/);
    // The preview wrote nothing.
    expect(ledgerFingerprint(app.db)).toBe(before);
    await page.screenshot({ path: join(dir, 'preview.png'), fullPage: true });

    await page.getByTestId('import-confirm').click();
    await expect.poll(() => page.getByTestId('import-message').innerText()).toMatch(new RegExp(`来自「红旗镇」的数据包：新增 ${created} 条`));
    expect(people()).toBe(4);
    const afterImport = ledgerFingerprint(app.db);

    // The same stick again: told it was imported, and nothing can change.
    await choosePackage(page, first.name, first.bytes);
    await typePassphrase(page, PASSPHRASE);
    await expect.poll(() => page.getByTestId('import-already').innerText()).toMatch(/此数据包已于 .* 导入过，没有新的变更，数据库未作改动。/);
    expect(await page.getByTestId('import-confirm').isDisabled()).toBe(true);
    expect(ledgerFingerprint(app.db)).toBe(afterImport);

    await openExchange(page, 'offices');
    await expect.poll(() => page.getByTestId('office-list').innerText()).toMatch(/红旗镇[\s\S]*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(app.pageErrors).toEqual([]);
  });

  it('refuses a bit-flipped and a truncated package with Chinese messages, changing nothing', async () => {
    const before = ledgerFingerprint(app.db);
    const flipped = Buffer.from(first.bytes);
    flipped[Math.floor(flipped.length / 2)]! ^= 0x10;
    await choosePackage(page, '红旗镇_损坏.ledgerpkg', flipped);
    await expect.poll(() => page.getByTestId('import-error').innerText()).toMatch(/数据包.*数据库未作任何改动/);
    expect(await page.getByTestId('package-preview').count()).toBe(0);
    await choosePackage(page, '红旗镇_截断.ledgerpkg', first.bytes.subarray(0, first.bytes.length - 100));
    await expect.poll(() => page.getByTestId('import-error').innerText()).toMatch(/数据包无法读取.*数据库未作任何改动/);
    await choosePackage(page, '花名册.xlsx', Buffer.from('not a package'));
    await expect.poll(() => page.getByTestId('import-error').innerText()).toMatch(/不是数据包/);
    expect(ledgerFingerprint(app.db)).toBe(before);
    expect(app.pageErrors).toEqual([]);
  });

  it('exports a package back to the township as a download that the township imports', async () => {
    createLedgerApi(app.db).savePerson({ name: '县里录入', gender: '女', phone: '13700000001' });
    // The township has acknowledged none of the county's own changes yet.
    await openExchange(page, 'offices');
    await page.getByTestId('exchange-refresh').click();
    await expect.poll(async () => Number((await page.getByTestId('office-list').locator('.el-table__body tr').first().locator('td').nth(3).innerText()).trim())).toBeGreaterThan(0);
    await openExchange(page, 'export');
    expect(await page.getByTestId('export-warning').innerText()).toMatch(/身份证号、联系电话/);
    await pickOption(page, 'export-target', '全部数据');
    await inputOf(page, 'export-passphrase').fill('123456');
    await inputOf(page, 'export-passphrase-again').fill('1234567');
    await expect.poll(() => page.getByTestId('export-problem').innerText()).toBe('两次输入的密码不一致');
    await inputOf(page, 'export-passphrase').fill('');
    await pickOption(page, 'export-target', '红旗镇');
    await expect.poll(() => page.getByTestId('export-file-name').innerText()).toMatch(/^青山县_致_红旗镇_\d{4}-\d{2}-\d{2}\.ledgerpkg$/);

    const sent = await exportFromUi(page, '红旗镇', dir);
    expect(sent.name).toMatch(/^青山县_致_红旗镇_\d{4}-\d{2}-\d{2}\.ledgerpkg$/);
    expect(await page.getByTestId('export-op-count').innerText()).toMatch(/共 \d+ 条变更/);
    expect(await page.getByTestId('export-ranges').innerText()).toMatch(/青山县：第 1–\d+ 条/);
    const atTown = importInto(town, sent.bytes);
    expect(atTown.created).toBeGreaterThan(0);
    expect(town.db.prepare("SELECT phone FROM people WHERE name = '县里录入'").pluck().get()).toBe('13700000001');
    expect(app.pageErrors).toEqual([]);
  });

  it('undoes the last import exactly, and refuses to undo one whose changes may have left on a stick', async () => {
    const id = town.db.prepare('SELECT id FROM people WHERE deleted_at IS NULL ORDER BY created_at LIMIT 1').pluck().get() as string;
    const phone = app.db.prepare('SELECT phone FROM people WHERE id = ?').pluck().get(id);
    const before = ledgerFingerprint(app.db);
    town.db.prepare('UPDATE people SET phone = ? WHERE id = ?').run('13600000009', id);
    // The township now knows the county's key: no passphrase needed.
    const second = packageBetween(town.db, officeIdOf(app.db));
    await choosePackage(page, second.name, second.bytes);
    await expect.poll(() => page.getByTestId('preview-updated').locator('.n').innerText()).toBe('1');
    await page.getByTestId('import-confirm').click();
    await expect.poll(() => page.getByTestId('import-message').innerText()).toMatch(/更新 1 条/);
    expect(app.db.prepare('SELECT phone FROM people WHERE id = ?').pluck().get(id)).toBe('13600000009');
    // Its package acknowledged everything the county sent back.
    await openExchange(page, 'offices');
    await expect.poll(() => page.getByTestId('office-list').locator('.el-table__body tr').first().locator('td').nth(3).innerText()).toBe('0');

    await openExchange(page, 'history');
    const rows = page.locator('[data-testid="import-history"] .el-table__body tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().innerText()).toMatch(/红旗镇[\s\S]*新增 0，更新 1/);
    await page.getByTestId('undo-import').click();
    const box = page.locator('.el-message-box');
    await expect.poll(() => box.innerText()).toMatch(/撤销最近一次导入/);
    await box.getByRole('button', { name: '确定撤销' }).click();
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toMatch(/已撤销导入/);
    expect(app.db.prepare('SELECT phone FROM people WHERE id = ?').pluck().get(id)).toBe(phone);
    expect(ledgerFingerprint(app.db).replace(/sync_imports=\d+/, '')).toBe(before.replace(/sync_imports=\d+/, ''));
    await expect.poll(() => rows.first().innerText()).toMatch(/已撤销/);

    // The first import came before the package sent back to the township: its undo is refused, with the reason.
    const held = ledgerFingerprint(app.db);
    await page.getByTestId('undo-import').click();
    await box.getByRole('button', { name: '确定撤销' }).click();
    await expect.poll(() => page.getByTestId('undo-refusal').innerText()).toMatch(/之后已导出过数据包（青山县_致_红旗镇_.*），其中可能已带走这些变更，不能撤销/);
    expect(ledgerFingerprint(app.db)).toBe(held);
    await page.screenshot({ path: join(dir, 'history.png'), fullPage: true });
    expect(app.pageErrors).toEqual([]);
  });
});
