import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runHost, type RunningLedgerHost } from '../../../src/host/run';
import { makeTempDir } from '../../helpers/ledger';

/** `npm run host`'s start (src/host/main.ts → runHost) on a temp ledger: the start backups and the daily check. */

let temp: ReturnType<typeof makeTempDir>;
let running: RunningLedgerHost | null = null;
let staticDir: string;

beforeEach(() => {
  temp = makeTempDir();
  staticDir = join(temp.dir, 'renderer');
  mkdirSync(staticDir);
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>t</title>');
});
afterEach(async () => {
  await running?.close();
  running = null;
  vi.useRealTimers();
  temp.cleanup();
});

const backups = (kind: string) => {
  const dir = join(temp.dir, 'data', 'backups');
  return existsSync(dir) ? readdirSync(dir).filter((n) => n.startsWith(`${kind}_`)).sort() : [];
};

describe('browser host start', () => {
  it('makes a 启动时 and the day\'s 每日 backup in backups/ beside the data file, then serves', async () => {
    mkdirSync(join(temp.dir, 'data'));
    running = await runHost({ dbFile: join(temp.dir, 'data', '台账.sqlite'), staticDir, port: 0 });
    expect(backups('启动时')).toHaveLength(1);
    expect(backups('启动时')[0]).toMatch(/^启动时_\d{4}-\d{2}-\d{2}_\d{6}\.sqlite$/);
    expect(backups('每日')).toHaveLength(1);
    const answer = await fetch(`${running.host.url}/api/listBackups`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    const listed = (await answer.json()) as { ok: true; data: { kind: string; ok: boolean }[] };
    expect(listed.data.map((b) => [b.kind, b.ok]).sort()).toEqual([
      ['daily', true],
      ['start', true],
    ]);
  });

  it('starts the hourly daily check, which makes the next day\'s backup overnight and stops on close', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    vi.setSystemTime(new Date(2026, 10, 22, 23, 15, 0));
    mkdirSync(join(temp.dir, 'data'));
    running = await runHost({ dbFile: join(temp.dir, 'data', 'ledger.sqlite'), staticDir, port: 0 });
    expect(backups('启动时')).toEqual(['启动时_2026-11-22_231500.sqlite']);
    expect(backups('每日')).toEqual(['每日_2026-11-22_231500.sqlite']);
    expect(vi.getTimerCount()).toBe(1);
    vi.advanceTimersByTime(3600_000);
    expect(backups('每日')).toEqual(['每日_2026-11-22_231500.sqlite', '每日_2026-11-23_001500.sqlite']);
    await running.close();
    running = null;
    expect(vi.getTimerCount()).toBe(0);
  });
});
