import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { startApp, type AppUnderTest } from './harness';
import { rosterRow, visibleNames } from './rosterTable';

/** 备份与恢复 in Chromium: back up, change the data, preview the backup, restore it, see the old roster. */

let app: AppUnderTest;
let page: Page;

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  const api = createLedgerApi(app.db);
  api.setOffice({ name: '红旗镇', code: '130131100' });
  api.savePerson({ name: '张三', gender: '男' });
  api.savePerson({ name: '李四', gender: '女' });
  await page.goto(app.host.url);
});

afterAll(async () => {
  await app?.close();
});

const backupRows = () => page.locator('[data-testid="backup-list"] .el-table__body tr');

describe('backups', () => {
  it('backs up, previews the backup after a change, restores it and shows the old roster', async () => {
    await page.getByTestId('nav-backups').click();
    await page.getByTestId('backup-now').click();
    await expect.poll(() => backupRows().count()).toBe(1);
    await expect.poll(() => backupRows().first().innerText()).toMatch(/手动[\s\S]*人员 2，培训班 0，组织生活 0[\s\S]*完好/);
    const files = readdirSync(join(dirname(app.dbFile), 'backups'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^手动_\d{4}-\d{2}-\d{2}_\d{6}\.sqlite$/);

    // Change the data after the backup: one more person, one deleted.
    const api = createLedgerApi(app.db);
    api.savePerson({ name: '王五', gender: '男' });
    const li = app.db.prepare("SELECT id FROM people WHERE name = '李四'").pluck().get() as string;
    api.deletePerson({ id: li });
    await page.getByTestId('nav-roster').click();
    await expect.poll(() => visibleNames(page)).toEqual(['王五', '张三']);

    await page.getByTestId('nav-backups').click();
    await backupRows().first().getByTestId('backup-preview').click();
    const body = page.getByTestId('backup-preview-body');
    await expect.poll(() => body.isVisible()).toBe(true);
    expect(await page.getByTestId('backup-preview-counts').innerText()).toBe('人员 2，培训班 0，组织生活 0');
    expect((await page.getByTestId('backup-preview-people').innerText()).split('、').sort()).toEqual(['张三', '李四'].sort());

    await page.getByTestId('backup-preview-restore').click();
    const box = page.locator('.el-message-box');
    await expect.poll(() => box.innerText()).toMatch(/恢复前程序会先把当前数据另做一份备份/);
    await box.locator('input').fill('恢复');
    await box.getByRole('button', { name: '确定恢复' }).click();
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toMatch(/已恢复到.*恢复前的数据已备份为“恢复前_/);
    await expect.poll(() => backupRows().count()).toBe(2);
    expect(await backupRows().first().innerText()).toMatch(/恢复前[\s\S]*人员 2，/);

    await page.getByTestId('nav-roster').click();
    await expect.poll(() => visibleNames(page)).toEqual(['李四', '张三'].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    expect(await rosterRow(page, '王五').count()).toBe(0);
    expect(app.db.prepare('SELECT name FROM people WHERE deleted_at IS NULL ORDER BY name').pluck().all()).toEqual(['张三', '李四'].sort());
    expect(app.pageErrors).toEqual([]);
  });

  it('restores a full backup chosen from a USB stick: checked, previewed, confirmed, data replaced after a 恢复前 backup', async () => {
    const api = createLedgerApi(app.db);
    const usb = join(dirname(app.dbFile), 'U盘');
    mkdirSync(usb, { recursive: true });
    api.savePerson({ name: '赵六', gender: '女' });
    const copy = api.backupTo({ folder: usb, fileName: '红旗镇U盘备份.sqlite' });
    expect(copy).toMatchObject({ ok: true });
    const onUsb = app.db.prepare('SELECT name FROM people WHERE deleted_at IS NULL ORDER BY name').pluck().all() as string[];
    // After the copy: one more person, and 赵六 deleted.
    api.savePerson({ name: '孙七', gender: '男' });
    api.deletePerson({ id: app.db.prepare("SELECT id FROM people WHERE name = '赵六'").pluck().get() as string });

    await page.getByTestId('nav-backups').click();
    const listedBefore = await backupRows().count();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('backup-restore-file').click();
    await (await chooser).setFiles(join(usb, '红旗镇U盘备份.sqlite'));
    const body = page.getByTestId('backup-preview-body');
    await expect.poll(() => body.isVisible()).toBe(true);
    expect(await page.getByTestId('backup-preview-file').innerText()).toBe('红旗镇U盘备份.sqlite');
    expect(await page.getByTestId('backup-preview-counts').innerText()).toBe(`人员 ${onUsb.length}，培训班 0，组织生活 0`);
    expect(await page.getByTestId('backup-preview-people').innerText()).toContain('赵六');
    // Previewing changed nothing.
    expect(await backupRows().count()).toBe(listedBefore);

    await page.getByTestId('backup-preview-restore').click();
    const box = page.locator('.el-message-box');
    await expect.poll(() => box.innerText()).toMatch(/将用备份文件“红旗镇U盘备份\.sqlite”替换当前全部数据[\s\S]*恢复前程序会先把当前数据另做一份备份/);
    await box.locator('input').fill('恢复');
    await box.getByRole('button', { name: '确定恢复' }).click();
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toMatch(/已从备份文件“红旗镇U盘备份\.sqlite”恢复。恢复前的数据已备份为“恢复前_/);
    await expect.poll(() => backupRows().count()).toBe(listedBefore + 1);
    expect(await backupRows().first().innerText()).toMatch(/恢复前[\s\S]*人员 \d+，/);
    expect(app.db.prepare('SELECT name FROM people WHERE deleted_at IS NULL ORDER BY name').pluck().all()).toEqual(onUsb);

    await page.getByTestId('nav-roster').click();
    await expect.poll(() => visibleNames(page)).toContain('赵六');
    expect(await rosterRow(page, '孙七').count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });

  it('refuses a chosen file that is not a ledger backup, naming it, and changes nothing', async () => {
    const dir = join(dirname(app.dbFile), 'U盘');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, '会议记录.sqlite'), 'not a database at all\n'.repeat(300));
    const people = () => app.db.prepare('SELECT name FROM people WHERE deleted_at IS NULL ORDER BY name').pluck().all();
    const before = people();
    await page.getByTestId('nav-backups').click();
    const listedBefore = await backupRows().count();
    await page.getByTestId('backup-file-input').setInputFiles(join(dir, '会议记录.sqlite'));
    const error = page.getByTestId('backup-file-error');
    await expect.poll(() => error.isVisible()).toBe(true);
    expect(await error.innerText()).toMatch(/“会议记录\.sqlite”不能用于恢复：.*不是台账数据文件[\s\S]*当前数据没有改动/);
    expect(await page.getByTestId('backup-preview-body').isVisible()).toBe(false);
    expect(people()).toEqual(before);
    expect(await backupRows().count()).toBe(listedBefore);
    expect(app.pageErrors).toEqual([]);
  });

  it('warns that a USB copy holds personal data, then offers the backup as a download', async () => {
    await page.getByTestId('nav-backups').click();
    await page.getByTestId('backup-to').click();
    const box = page.locator('.el-message-box');
    await expect.poll(() => box.innerText()).toMatch(/身份证号、电话等个人信息/);
    const download = page.waitForEvent('download');
    await box.getByRole('button', { name: '继续备份' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^台账备份_红旗镇_\d{4}-\d{2}-\d{2}_\d{6}\.sqlite$/);
    expect(app.pageErrors).toEqual([]);
  });
});
