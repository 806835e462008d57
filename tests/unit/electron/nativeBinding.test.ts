import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { devNativeDirName, nativeBindingPath } from '../../../electron/main/nativeBinding';

const repo = path.resolve(import.meta.dirname, '../../..');
const script = path.join(repo, 'scripts', 'electron-native.mjs');
const base = { resourcesPath: '/opt/乡镇党建台账/resources', projectDir: '/home/dev/ledger', electronVersion: '45.4.1', platform: 'linux', arch: 'x64' };

describe('Electron build of better-sqlite3', () => {
  it('packaged: loads it from resources/native', () => {
    const file = nativeBindingPath({ ...base, isPackaged: true, exists: () => true });
    expect(file).toBe(path.join(base.resourcesPath, 'native', 'better_sqlite3.node'));
  });

  it('packaged but missing: says to reinstall', () => {
    expect(() => nativeBindingPath({ ...base, isPackaged: true, exists: () => false })).toThrow(/重新安装/);
  });

  it('development: uses the per-version, per-platform folder under native/', () => {
    const seen: string[] = [];
    const file = nativeBindingPath({ ...base, isPackaged: false, exists: (f) => (seen.push(f), true) });
    expect(file).toBe(path.join('/home/dev/ledger', 'native', 'electron-45.4.1-linux-x64', 'better_sqlite3.node'));
    expect(seen).toEqual([file]);
    expect(devNativeDirName('45.4.1', 'win32', 'arm64')).toBe('electron-45.4.1-win32-arm64');
  });

  it('development but missing: tells the developer (in Chinese and English) which script to run', () => {
    let message = '';
    try {
      nativeBindingPath({ ...base, isPackaged: false, exists: () => false });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('node scripts/electron-native.mjs');
    expect(message).toContain('请先运行');
    expect(message).toContain('Run');
  });

  it('the prepare script writes exactly where the shell looks', () => {
    const result = spawnSync(process.execPath, [script, '--print-path'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    const electronVersion = (JSON.parse(readFileSync(path.join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;
    const expected = nativeBindingPath({ ...base, projectDir: repo, electronVersion, platform: process.platform, arch: process.arch, isPackaged: false, exists: () => true });
    expect(result.stdout.trim()).toBe(expected);
  });

  it('the prepare script rejects unknown targets before doing anything', () => {
    const result = spawnSync(process.execPath, [script, '--platform', 'beos'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('不支持的平台');
    const bad = spawnSync(process.execPath, [script, '--frobnicate'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });
});
