import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { buildExport, recordExport } from '../../src/core/sync/exportPackage';
import { importPackage } from '../../src/core/sync/importPackage';
import { registerOffice, selfKeys } from '../../src/core/sync/officeKeys';
import { importInto, type TestOffice } from '../helpers/offices';

/** Steps a clerk takes on the 数据交换 screen, shared by the exchange tests. */

export type Tab = 'offices' | 'export' | 'import' | 'history' | 'conflicts' | 'duplicates';

export async function openExchange(page: Page, tab: Tab): Promise<void> {
  if (!(await page.getByTestId('exchange-tabs').isVisible())) await page.getByTestId('nav-exchange').click();
  await page.getByTestId(`tab-${tab}`).click();
}

/** Picks a package in 导入数据包 as the browser's file chooser would. */
export async function choosePackage(page: Page, name: string, bytes: Buffer): Promise<void> {
  await openExchange(page, 'import');
  await page.getByTestId('import-input').setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
}

/** An Element Plus input by its test id (the attribute lands on the <input> itself). */
export const inputOf = (page: Page, testId: string) => page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`);

export async function typePassphrase(page: Page, passphrase: string): Promise<void> {
  await inputOf(page, 'import-passphrase').fill(passphrase);
  await page.getByTestId('import-passphrase-open').click();
}

export async function pickOption(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first().click();
}

/** 导出数据包 to `office` in the browser host: the package arrives as a download, returned as bytes. */
export async function exportFromUi(page: Page, officeName: string, dir: string): Promise<{ name: string; bytes: Buffer }> {
  await openExchange(page, 'export');
  await pickOption(page, 'export-target', officeName);
  const download = page.waitForEvent('download');
  await page.getByTestId('export-start').click();
  const file = await download;
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  await expect.poll(() => page.getByTestId('export-result').isVisible()).toBe(true);
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** A package from one database to another office, built by the core as the other office's app would. */
export function packageBetween(from: Database, toOfficeId: string, passphrase: string | null = null): { name: string; bytes: Buffer } {
  const built = buildExport(from, { to: toOfficeId, passphrase, scryptN: 2 ** 14 });
  recordExport(from, built, built.fileName);
  return { name: built.fileName, bytes: built.bytes };
}

/** A full package anyone with the passphrase can import (scrypt kept cheap for tests). */
export function fullPackage(from: TestOffice, passphrase: string): { name: string; bytes: Buffer } {
  const built = buildExport(from.db, { to: null, passphrase, scryptN: 2 ** 14 });
  recordExport(from.db, built, built.fileName);
  return { name: built.fileName, bytes: built.bytes };
}

/** The office a ledger file belongs to (the app's: the county in these tests). */
export function officeIdOf(db: Database): string {
  return db.prepare('SELECT office_id FROM sync_state').pluck().get() as string;
}

/** A first exchange both ways, the township's stick to the app and the app's back: both then hold the same ledger. */
export function exchangeBothWays(app: Database, town: TestOffice): void {
  const first = packageBetween(town.db, officeIdOf(app));
  importPackage(app, { bytes: first.bytes, fileName: first.name, passphrase: null, dryRun: false });
  importInto(town, packageBetween(app, town.officeId).bytes);
}

/** Both offices know each other's keys, as after a first exchange of office cards. */
export function introduceApp(app: Database, office: TestOffice): void {
  registerOffice(app, selfKeys(office.db).card);
  registerOffice(office.db, selfKeys(app).card);
}

/** Rows that must not move when a package is refused. */
export function ledgerFingerprint(db: Database): string {
  const counts = ['people', 'units', 'change_log', 'sync_imports', 'field_heads', 'office'].map((t) => `${t}=${String(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get())}`);
  const people = db.prepare('SELECT id, name, phone, note, deleted_at FROM people ORDER BY id').all();
  return `${counts.join(',')}|${JSON.stringify(people)}`;
}
