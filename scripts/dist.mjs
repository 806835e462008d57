#!/usr/bin/env node
/**
 * `npm run dist`: the installers of the platform this machine runs, through the same script the platform's own
 * `dist:<platform>` entry is, so the architectures prepared always match the ones electron-builder.yml packs.
 */
import { spawnSync } from 'node:child_process';

const SCRIPTS = { win32: 'dist:win', linux: 'dist:linux' };
const script = SCRIPTS[process.platform];
if (!script) {
  console.error(`[dist] 暂不支持在 ${process.platform} 上打包安装程序。\n[dist] No installers are built on ${process.platform}; use Windows or Linux.`);
  process.exit(2);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', script], { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
