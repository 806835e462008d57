import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the Electron build of better_sqlite3.node lives. Node (tests, CLI) keeps using the build in
 * node_modules; Electron gets its own copy, prepared by scripts/electron-native.mjs, so `npm start` never
 * breaks `npm test`. The folder name must match the one that script writes.
 */
export interface NativeBindingContext {
  isPackaged: boolean;
  /** process.resourcesPath in a packaged app. */
  resourcesPath: string;
  /** The project root (where package.json is) when running unpackaged. */
  projectDir: string;
  electronVersion: string;
  platform: string;
  arch: string;
  exists?: (file: string) => boolean;
}

/** Thrown when the binary is missing; its message already says what to do, in Chinese and English. */
export class NativeBindingMissingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NativeBindingMissingError';
  }
}

export function devNativeDirName(electronVersion: string, platform: string, arch: string): string {
  return `electron-${electronVersion}-${platform}-${arch}`;
}

export function nativeBindingPath(ctx: NativeBindingContext): string {
  const exists = ctx.exists ?? existsSync;
  if (ctx.isPackaged) {
    const file = path.join(ctx.resourcesPath, 'native', 'better_sqlite3.node');
    if (!exists(file)) {
      throw new NativeBindingMissingError(`安装不完整：缺少数据库组件 ${file}，请重新安装本程序。\nIncomplete installation: ${file} is missing; reinstall the app.`);
    }
    return file;
  }
  const file = path.join(ctx.projectDir, 'native', devNativeDirName(ctx.electronVersion, ctx.platform, ctx.arch), 'better_sqlite3.node');
  if (!exists(file)) {
    throw new NativeBindingMissingError(
      `缺少适用于 Electron ${ctx.electronVersion} 的数据库组件：${file}。请先运行 node scripts/electron-native.mjs（需要联网）。\n` +
        `Missing the Electron build of better-sqlite3 at ${file}. Run \`node scripts/electron-native.mjs\` first (needs internet access).`,
    );
  }
  return file;
}
