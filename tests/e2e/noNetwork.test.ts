import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLedgerApi } from '../../src/core/api';
import { startApp, type AppUnderTest } from './harness';

/**
 * The app makes no network request: Chromium browses every main screen of the renderer, served by the browser
 * host, and every request the browser made — documents, scripts, styles, fonts, images, API calls, from any
 * page or worker of the context — went to the host's own 127.0.0.1 origin (or was a data:/blob: URL made in
 * the page). No websocket is opened. The CSP would block anything else, so no CSP violation may be reported.
 */

const SCREENS = [
  '/roster',
  '/org',
  '/import',
  '/paste',
  '/training',
  '/training/ledger',
  '/activities',
  '/activities/compliance',
  '/backups',
  '/settings',
  '/print/roster',
];

let app: AppUnderTest;
const requests: string[] = [];
const sockets: string[] = [];

beforeAll(async () => {
  app = await startApp();
  const api = createLedgerApi(app.db);
  api.setOffice({ name: '红旗镇', code: '110101001' } as never);
  api.savePerson({ name: '张建国', idNumber: '110101198001010010', politicalStatus: '中共党员', unit: '红旗村' } as never);
  app.context.on('request', (request) => requests.push(request.url()));
  app.page.on('websocket', (ws) => sockets.push(ws.url()));
});

afterAll(async () => {
  await app?.close();
});

describe('no network requests', () => {
  it('browsing every main screen requests nothing outside the host', async () => {
    const { page } = app;
    await page.goto(app.host.url);
    await page.waitForLoadState('networkidle');
    for (const screen of SCREENS) {
      await page.goto(`${app.host.url}/#${screen}`);
      await page.waitForLoadState('networkidle');
      // The screen really rendered (the router found it and the app mounted).
      await page.waitForFunction(() => (document.querySelector('#app')?.textContent ?? '').trim().length > 0);
      expect(await page.evaluate(() => location.hash), screen).toBe(`#${screen}`);
    }
    const origin = new URL(app.host.url).origin;
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(requests.length).toBeGreaterThan(SCREENS.length);
    // Scripts and API calls were seen, so the recorder worked.
    expect(requests.some((u) => u.startsWith(`${origin}/assets/`) && u.endsWith('.js'))).toBe(true);
    expect(requests.some((u) => u.startsWith(`${origin}/api/`))).toBe(true);
    const elsewhere = requests.filter((u) => !u.startsWith(`${origin}/`) && !/^(data|blob):/.test(u));
    expect(elsewhere).toEqual([]);
    expect(sockets).toEqual([]);
    expect(app.pageErrors.filter((e) => /Content Security Policy|Refused to/i.test(e))).toEqual([]);
  });
});
