/**
 * electron-builder afterPack hook. electron-builder only warns when an extraResources source is missing,
 * which would ship an installer whose app cannot open its database. Fail the build instead.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';

// electron-builder's Arch enum, by number.
const ARCH_NAMES = { 0: 'ia32', 1: 'x64', 2: 'armv7l', 3: 'arm64', 4: 'universal' };

export async function afterPack(context) {
  const { appOutDir, electronPlatformName, arch } = context;
  const resources =
    electronPlatformName === 'darwin' || electronPlatformName === 'mas'
      ? path.join(appOutDir, `${context.packager.appInfo.productFilename}.app`, 'Contents', 'Resources')
      : path.join(appOutDir, 'resources');
  const file = path.join(resources, 'native', 'better_sqlite3.node');
  if (existsSync(file) && statSync(file).size > 0) return;
  const archName = ARCH_NAMES[arch] ?? String(arch);
  throw new Error(
    `安装包缺少数据库组件 ${file}。请先运行 node scripts/electron-native.mjs --platform ${electronPlatformName} --arch ${archName}（需要联网）。\n` +
      `The package lacks ${file}. Run \`node scripts/electron-native.mjs --platform ${electronPlatformName} --arch ${archName}\` first (needs internet access).`,
  );
}
