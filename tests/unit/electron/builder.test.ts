import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * electron-builder.yml cannot be exercised here (no Electron binary to package), so check what matters:
 * it parses, electron-builder's own schema accepts it, and the security and install settings hold.
 */
const repo = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

interface FileSet {
  from: string;
  to: string;
}
interface BuilderConfig {
  appId: string;
  afterPack: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  extraResources: FileSet[];
  asar: boolean;
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  win: { target: { target: string; arch: string[] }[] };
  nsis: Record<string, unknown>;
  linux: { target: { target: string; arch: string[] }[]; category: string; maintainer: string; synopsis: string };
}

const config = yaml.load(readFileSync(path.join(repo, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('names the app and keeps output and resources where the repo has them', () => {
    expect(config.appId).toBe('cn.township.ledger');
    expect(config.productName).toBe('乡镇党建台账');
    expect(config.directories).toEqual({ output: 'release', buildResources: 'resources' });
  });

  it('flips the fuses that close side doors into the packaged app', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
    expect(config.asar).toBe(true);
  });

  it('installs per user, without administrator rights, in Chinese', () => {
    expect(config.nsis).toMatchObject({
      oneClick: false,
      perMachine: false,
      allowElevation: false,
      allowToChangeInstallationDirectory: true,
      unicode: true,
      shortcutName: '乡镇党建台账',
      installerLanguages: ['zh_CN'],
    });
    expect(String(config.nsis.language)).toBe('2052');
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.win.target[0]!.arch).toContain('x64');
  });

  it('builds deb and AppImage for x64 and arm64', () => {
    for (const target of ['deb', 'AppImage']) {
      expect(config.linux.target.find((t) => t.target === target)?.arch.sort()).toEqual(['arm64', 'x64']);
    }
    expect(config.linux.category).toBe('Office');
    expect(config.linux.maintainer).toBeTruthy();
    expect(config.linux.synopsis).toBeTruthy();
  });

  it('prepares the Electron build of better-sqlite3 for every architecture each platform packs', () => {
    const scripts = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const prepared = (script: string, platform: string) =>
      [...script.matchAll(/electron-native\.mjs --platform (\S+) --arch (\S+)/g)].filter((m) => m[1] === platform).map((m) => m[2]!).sort();
    const packed = (targets: { arch: string[] }[]) => [...new Set(targets.flatMap((t) => t.arch))].sort();
    // electron-builder packs the yml's architectures when the command line names no target; a missing one fails afterPack.
    expect(prepared(scripts['dist:win']!, 'win32')).toEqual(packed(config.win.target));
    expect(prepared(scripts['dist:linux']!, 'linux')).toEqual(packed(config.linux.target));
    expect(scripts['dist:win']).toMatch(/electron-builder --win$/);
    expect(scripts['dist:linux']).toMatch(/electron-builder --linux$/);
    expect(scripts.dist).toBe('node scripts/dist.mjs');
  });

  it('never rebuilds node_modules in place and ships the Electron build from native/', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**', 'dist-electron/**', 'package.json']));
    expect(config.files.some((f) => f.startsWith('!node_modules/better-sqlite3/') && f.includes('build'))).toBe(true);
    // Where electron/main/nativeBinding.ts looks in a packaged app: resources/native/better_sqlite3.node.
    expect(config.extraResources).toEqual([{ from: 'native/pack/${os}-${arch}/better_sqlite3.node', to: 'native/better_sqlite3.node' }]);
    // ${platform} expands to the build host's platform, which is wrong when packaging Windows on Linux.
    expect(JSON.stringify(config.extraResources)).not.toContain('${platform}');
  });

  it('has a 512x512 PNG icon in the build resources', () => {
    const png = readFileSync(path.join(repo, config.directories.buildResources, 'icon.png'));
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
  });

  it('fails the build when the packed app lacks the Electron build of better-sqlite3', async () => {
    expect(config.afterPack).toBe('./scripts/after-pack.mjs');
    const hook = (await import(pathToFileURL(path.join(repo, config.afterPack)).href)) as { afterPack(context: unknown): Promise<void> };
    const appOutDir = mkdtempSync(path.join(tmpdir(), 'ledger-pack-'));
    try {
      const context = { appOutDir, electronPlatformName: 'win32', arch: 1, packager: { appInfo: { productFilename: '乡镇党建台账' } } };
      await expect(hook.afterPack(context)).rejects.toThrow(/electron-native\.mjs --platform win32 --arch x64/);
      mkdirSync(path.join(appOutDir, 'resources', 'native'), { recursive: true });
      writeFileSync(path.join(appOutDir, 'resources', 'native', 'better_sqlite3.node'), 'ELF');
      await expect(hook.afterPack(context)).resolves.toBeUndefined();
    } finally {
      rmSync(appOutDir, { recursive: true, force: true });
    }
  });
});
