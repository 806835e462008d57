#!/usr/bin/env node
/**
 * Prepares the Electron build of better-sqlite3 in native/, next to (never instead of) the Node build in
 * node_modules/better-sqlite3/build, so `npm test` keeps working after `npm start`.
 *
 *   node scripts/electron-native.mjs [--platform win32|linux|darwin] [--arch x64|arm64|ia32|armv7l] [--print-path]
 *
 * Writes native/electron-<electron version>-<platform>-<arch>/better_sqlite3.node (read by
 * electron/main/nativeBinding.ts during development) and refreshes native/pack/<os>-<arch>/ (read by
 * electron-builder.yml, whose ${os} macro says win/linux/mac and whose ${platform} means the build host).
 * Tries a prebuilt binary first (prebuild-install), then compiling (node-gyp, same platform only).
 * Both need internet access; on failure nothing in node_modules has changed.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const projectDir = path.resolve(import.meta.dirname, '..');
const PLATFORMS = { win32: 'win', linux: 'linux', darwin: 'mac' };
const ARCHES = ['x64', 'arm64', 'ia32', 'armv7l'];

function fail(zh, en, code = 1) {
  console.error(`\n[electron-native] ${zh}\n[electron-native] ${en}\n`);
  process.exit(code);
}

function parseArgs(argv) {
  const args = { platform: process.platform, arch: process.arch, printPath: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--platform') args.platform = value();
    else if (flag === '--arch') args.arch = value();
    else if (flag === '--print-path') args.printPath = true;
    else fail(`未知参数：${argv[i]}`, `Unknown argument: ${argv[i]}. Usage: node scripts/electron-native.mjs [--platform P] [--arch A] [--print-path]`, 2);
  }
  if (!Object.hasOwn(PLATFORMS, args.platform ?? '')) fail(`不支持的平台：${args.platform}`, `Unsupported --platform ${args.platform}; use one of ${Object.keys(PLATFORMS).join(', ')}`, 2);
  if (!ARCHES.includes(args.arch ?? '')) fail(`不支持的架构：${args.arch}`, `Unsupported --arch ${args.arch}; use one of ${ARCHES.join(', ')}`, 2);
  return args;
}

function electronVersion() {
  const file = path.join(projectDir, 'node_modules', 'electron', 'package.json');
  if (!existsSync(file)) fail('找不到 node_modules/electron，请先运行 npm install。', 'node_modules/electron is missing; run `npm install` first.');
  return JSON.parse(readFileSync(file, 'utf8')).version;
}

/** Runs a Node script in cwd; true when it exits 0. Output goes straight to the terminal. */
function runNode(script, args, cwd) {
  console.log(`[electron-native] ${path.basename(script)} ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [script, ...args], { cwd, stdio: 'inherit', env: process.env });
  if (result.error) console.error(`[electron-native] ${result.error.message}`);
  return result.status === 0;
}

function findNodeGyp() {
  const npmDir = process.platform === 'win32' ? path.join(path.dirname(process.execPath), 'node_modules', 'npm') : path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  const candidates = [path.join(projectDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'), path.join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')];
  return candidates.find((file) => existsSync(file));
}

const args = parseArgs(process.argv.slice(2));
const version = electronVersion();
const outDir = path.join(projectDir, 'native', `electron-${version}-${args.platform}-${args.arch}`);
const outFile = path.join(outDir, 'better_sqlite3.node');
const packFile = path.join(projectDir, 'native', 'pack', `${PLATFORMS[args.platform]}-${args.arch}`, 'better_sqlite3.node');

if (args.printPath) {
  console.log(outFile);
  process.exit(0);
}

/** The packaging copy always follows the versioned build, so an Electron upgrade cannot ship a stale one. */
function stageForPackaging() {
  mkdirSync(path.dirname(packFile), { recursive: true });
  copyFileSync(outFile, packFile);
}

if (existsSync(outFile)) {
  stageForPackaging();
  console.log(`[electron-native] 已存在 / already present: ${path.relative(projectDir, outFile)}`);
  process.exit(0);
}

const source = path.join(projectDir, 'node_modules', 'better-sqlite3');
if (!existsSync(path.join(source, 'package.json'))) fail('找不到 node_modules/better-sqlite3，请先运行 npm install。', 'node_modules/better-sqlite3 is missing; run `npm install` first.');

// Work on a copy without build/: building in place would replace the Node binary the tests load.
const work = mkdtempSync(path.join(tmpdir(), 'ledger-native-'));
let built = false;
try {
  const moduleDir = path.join(work, 'better-sqlite3');
  cpSync(source, moduleDir, { recursive: true, filter: (src) => path.relative(source, src).split(path.sep)[0] !== 'build' });
  const binary = path.join(moduleDir, 'build', 'Release', 'better_sqlite3.node');

  const prebuild = path.join(projectDir, 'node_modules', 'prebuild-install', 'bin.js');
  if (existsSync(prebuild)) {
    built = runNode(prebuild, ['--runtime', 'electron', '--target', version, '--arch', args.arch, '--platform', args.platform, '--verbose'], moduleDir) && existsSync(binary);
  }
  if (!built) {
    const nodeGyp = findNodeGyp();
    if (args.platform !== process.platform) {
      console.error(`[electron-native] 无法在 ${process.platform} 上为 ${args.platform} 编译，只能下载预编译文件。/ Cannot compile for ${args.platform} on ${process.platform}; only the prebuilt download works.`);
    } else if (!nodeGyp) {
      console.error('[electron-native] 找不到 node-gyp。/ node-gyp not found.');
    } else {
      built =
        runNode(nodeGyp, ['rebuild', '--release', '--runtime=electron', `--target=${version}`, `--arch=${args.arch}`, '--dist-url=https://electronjs.org/headers'], moduleDir) &&
        existsSync(binary);
    }
  }
  if (built) {
    mkdirSync(outDir, { recursive: true });
    // Copy then rename, so an interrupted run never leaves a half-written binary that later runs would skip.
    const partial = `${outFile}.partial`;
    copyFileSync(binary, partial);
    renameSync(partial, outFile);
    stageForPackaging();
    console.log(`[electron-native] 完成 / done: ${path.relative(projectDir, outFile)}`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (!built) {
  fail(
    `未能准备 Electron ${version}（${args.platform}-${args.arch}）所需的 better-sqlite3 组件。此步骤需要联网（下载预编译文件或 Electron 头文件）；国内网络可设置环境变量 npm_config_better_sqlite3_binary_host_mirror 使用镜像。node_modules 未被改动，npm test 不受影响。`,
    `Could not prepare better-sqlite3 for Electron ${version} (${args.platform}-${args.arch}). This step needs internet access (prebuilt download or Electron headers); a mirror can be set with npm_config_better_sqlite3_binary_host_mirror. node_modules was not changed, so npm test still works.`,
  );
}
