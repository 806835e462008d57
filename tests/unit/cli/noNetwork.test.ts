import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeMessyRoster } from '../../fixtures/buildRosterWorkbooks';
import { makeTempDir } from '../../helpers/ledger';

/**
 * The core and the CLI never touch the network: `ledger` runs in a child process with
 * tests/helpers/noNetwork.mjs preloaded, which makes every socket, HTTP request, DNS lookup and fetch throw and
 * report itself. A whole working session (init, save, list, roster import, export, check, backup) must succeed
 * with no attempt reported. A control run proves the guard really is in force.
 */

const ROOT = resolve(import.meta.dirname, '../../..');
const BIN = join(ROOT, 'bin/ledger.mjs');
const GUARD = `--import ${pathToFileURL(join(ROOT, 'tests/helpers/noNetwork.mjs')).href}`;

function guarded(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done, failed) => {
    const child = spawn(process.execPath, args, { cwd: temp.dir, env: { ...process.env, NODE_OPTIONS: GUARD }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', failed);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

let temp: ReturnType<typeof makeTempDir>;
beforeAll(() => {
  temp = makeTempDir();
});
afterAll(() => temp?.cleanup());

describe('no network from Node', () => {
  it('the guard catches sockets, HTTP, DNS and fetch (control)', async () => {
    const probe = `
      const tries = [
        () => require('node:https').get('https://example.com/'),
        () => require('node:http').request('http://10.0.0.1/'),
        () => require('node:net').connect(80, 'example.com'),
        () => require('node:dns').lookup('example.com', () => {}),
      ];
      for (const t of tries) { try { t(); } catch {} }
      fetch('https://example.com/').catch(() => {});`;
    const run = await guarded(['-e', probe]);
    const attempts = run.stderr.split('\n').filter((l) => l.startsWith('NETWORK-ATTEMPT'));
    expect(attempts.map((l) => l.split(' ')[1])).toEqual(['https.get', 'http.request', 'net.connect', 'dns.lookup', 'fetch']);
  });

  it('a CLI session (init, people, roster import and export, check) makes no network attempt', async () => {
    const db = join(temp.dir, 'ledger.sqlite');
    const xlsx = await writeMessyRoster(temp.dir);
    const steps: string[][] = [
      ['init', '--db', db, '--office', '红旗镇', '--office-code', '110101001'],
      ['people', 'save', '--db', db, '--json', JSON.stringify({ name: '张三', idNumber: '110101198001010010', politicalStatus: '中共党员' })],
      ['people', 'list', '--db', db, '--json', '--search', 'zs'],
      ['roster', 'import', xlsx, '--db', db, '--json'],
      ['roster', 'export', join(temp.dir, 'out.xlsx'), '--db', db],
      ['check', '--db', db, '--json'],
    ];
    for (const step of steps) {
      const run = await guarded([BIN, ...step]);
      const where = `ledger ${step.slice(0, 2).join(' ')}`;
      expect(run.stderr, where).not.toContain('NETWORK-ATTEMPT');
      expect(run.code, `${where}: ${run.stderr}`).toBe(0);
    }
  }, 120_000);
});
