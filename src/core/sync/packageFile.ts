import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** The steps of writing a package; tests stop the writer at each to prove a half-written package never verifies. */
export type WriteStep = 'temp-opened' | 'temp-written' | 'temp-synced' | 'renamed' | 'dir-synced' | 'verified';

export interface WriteOptions {
  /** Called after each step; a test may throw (or kill the process) there. */
  afterStep?: (step: WriteStep) => void;
  /** Reads the renamed file back; throws when it is not the package that was meant. */
  verify: (bytes: Buffer) => void;
}

export class PackageWriteError extends Error {}

/**
 * Writes the package next to its final name, flushes it to the stick, renames it into place, flushes the folder,
 * then reads it back and checks it. A power cut leaves either no package or the whole one, never a short file
 * under the real name; a stick that lies about what it stored is caught by the read-back.
 */
export function writePackageFile(path: string, bytes: Buffer, options: WriteOptions): void {
  const step = options.afterStep ?? (() => undefined);
  const temp = `${path}.part`;
  const fd = openSync(temp, 'w');
  try {
    step('temp-opened');
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    step('temp-written');
    fsyncSync(fd);
    step('temp-synced');
  } catch (error) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(temp, path);
  step('renamed');
  syncDirectory(dirname(path));
  step('dir-synced');
  try {
    options.verify(readFileSync(path));
  } catch (error) {
    rmSync(path, { force: true });
    throw new PackageWriteError(`写入后读回校验失败，已删除该文件（U盘可能有问题）：${(error as Error).message}`);
  }
  step('verified');
}

function syncDirectory(dir: string): void {
  // Windows cannot open a folder for fsync; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
