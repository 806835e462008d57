import { randomUUID } from 'node:crypto';
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes an export next to its final name, fsyncs it and renames it into place, so a crash, a full USB
 * stick or an error half-way never leaves a truncated file under the name the clerk asked for.
 */
export async function writeFileAtomically<T>(target: string, write: (stream: WriteStream) => Promise<T>): Promise<T> {
  // Same folder as the target: rename is atomic only within one file system.
  const temp = join(dirname(target), `.${basename(target)}.${randomUUID().slice(0, 8)}.tmp`);
  const stream = createWriteStream(temp, { flags: 'wx' });
  try {
    const result = await write(stream);
    await finished(stream);
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, target);
    return result;
  } catch (error) {
    stream.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

/** Resolves once everything written has reached the file (the writer may or may not have ended it). */
function finished(stream: WriteStream): Promise<void> {
  if (stream.closed) return stream.errored ? Promise.reject(stream.errored) : Promise.resolve();
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.once('close', () => resolve());
    if (!stream.writableEnded) stream.end();
  });
}
