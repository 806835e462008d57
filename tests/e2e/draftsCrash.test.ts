import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idCheckChar } from '../../src/shared/validate/idNumber';
import { launchChromium, type LaunchedChromium } from './chromium';
import { startApp, type AppUnderTest } from './harness';
import { field, waitFocused } from './orgUi';

/**
 * A draft survives the whole browser being killed, not only a reload: the person form is typed, Chromium
 * (every process of it) gets SIGKILL as a crash or a power cut would leave it, and a new Chromium on the same
 * profile offers the draft back. Chromium writes localStorage to disk on its own schedule, shortly after the
 * page stores it; the test waits until the typed phone number is in the profile's storage files and prints how
 * long that took, which is the most a crash can lose.
 */

let app: AppUnderTest;
let page: Page;
let second: LaunchedChromium | null = null;
let profile = '';

const PHONE = '13900139777';
const ID = (() => {
  const first17 = '11010119850606021';
  return first17 + idCheckChar(first17);
})();

/** Every file of the profile's localStorage database that holds `text` as Chromium stores it (UTF-16LE here). */
function onDisk(text: string): boolean {
  const folder = join(profile, 'Default', 'Local Storage', 'leveldb');
  if (!existsSync(folder)) return false;
  const needle = Buffer.from(text, 'utf16le');
  return readdirSync(folder).some((name) => readFileSync(join(folder, name)).includes(needle));
}

function killChromium(): void {
  // Every Chromium process started on this profile: the browser, its renderers, its utilities.
  execFileSync('pkill', ['-KILL', '-f', `user-data-dir=${profile}`]);
}

beforeAll(async () => {
  app = await startApp();
  page = app.page;
  profile = join(dirname(app.dbFile), 'profile');
  await page.goto(`${app.host.url}/#/roster`);
  await page.getByTestId('add-person').waitFor();
});

afterAll(async () => {
  await second?.context.close();
  await app?.close();
});

describe('a form draft when Chromium is killed', () => {
  it('is offered back by a new Chromium on the same profile', async () => {
    await page.getByTestId('add-person').click();
    await waitFocused(page, 'field-name');
    await field(page, 'field-name').fill('赵断电');
    await field(page, 'field-idNumber').fill(ID);
    await field(page, 'field-phone').fill(PHONE);
    const typedAt = Date.now();
    await expect.poll(() => onDisk(PHONE), { timeout: 30_000, interval: 100 }).toBe(true);
    console.log(`[e2e] the draft reached the disk ${Date.now() - typedAt} ms after the last keystroke`);

    killChromium();
    second = await launchChromium(profile);
    const again = second.page;
    await again.goto(`${app.host.url}/#/roster`);
    await again.getByTestId('add-person').click();
    const dialog = again.getByTestId('person-dialog');
    await expect.poll(() => dialog.getByTestId('draft-prompt').textContent()).toMatch(/有未保存的草稿/);
    await dialog.getByTestId('draft-restore').click();
    await expect.poll(() => field(again, 'field-name').inputValue()).toBe('赵断电');
    expect(await field(again, 'field-idNumber').inputValue()).toBe(ID);
    expect(await field(again, 'field-phone').inputValue()).toBe(PHONE);

    await again.getByTestId('person-save').click();
    await expect
      .poll(() => app.db.prepare('SELECT phone FROM people WHERE name = ? AND deleted_at IS NULL').pluck().get('赵断电'))
      .toBe(PHONE);
    expect(second.pageErrors).toEqual([]);
  });
});
