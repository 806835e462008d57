import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { MAX_IMPORT_FILE_BYTES } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import { uuidv7 } from '../ids';

/**
 * Files handed over for import (the renderer cannot pass a path), kept in a private folder of this process
 * under the OS temp dir and named by a UUID, never by the name the user gave. Removed on dispose and at exit,
 * because they hold personal data.
 */

export interface StagedFile {
  fileId: string;
  fileName: string;
  path: string;
  bytes: number;
}

const KEEP_FILES = 20;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class StagingArea {
  private dir: string | null = null;
  private readonly files = new Map<string, StagedFile>();
  private readonly onExit = () => this.dispose();

  constructor(private readonly base: string = tmpdir()) {}

  /** Created on first use, so opening the API (the CLI does) leaves nothing behind. */
  private folder(): string {
    if (this.dir === null) {
      mkdirSync(this.base, { recursive: true });
      this.dir = mkdtempSync(join(this.base, 'ledger-import-'));
      process.once('exit', this.onExit);
    }
    return this.dir;
  }

  stage(name: string, dataBase64: string): Result<{ fileId: string; fileName: string; bytes: number }> {
    const data = /\s/.test(dataBase64) ? dataBase64.replace(/\s+/g, '') : dataBase64;
    // The size is known from the length alone: a file over the limit is refused before anything is decoded.
    const size = Math.floor((data.length * 3) / 4) - (data.endsWith('==') ? 2 : data.endsWith('=') ? 1 : 0);
    if (size > MAX_IMPORT_FILE_BYTES) {
      return fail('VALIDATION', `文件“${name}”有${(size / 1024 / 1024).toFixed(1)} MB，超过了${MAX_IMPORT_FILE_BYTES / 1024 / 1024} MB 的上限，请拆分后再导入`);
    }
    if (!BASE64.test(data) || data.length % 4 === 1) return fail('VALIDATION', `文件“${name}”的内容传输不完整，请重新选择文件`);
    const bytes = Buffer.from(data, 'base64');
    if (bytes.length === 0) return fail('VALIDATION', `文件“${name}”是空的（0 字节），请检查是否拷贝完整`);
    const fileId = uuidv7();
    // The extension is kept (CSV is recognised by it); nothing else of the given name reaches the disk.
    const ext = /^\.[a-z0-9]{1,5}$/i.test(extname(name)) ? extname(name).toLowerCase() : '';
    const path = join(this.folder(), `${fileId}${ext}`);
    writeFileSync(path, bytes, { mode: 0o600 });
    this.files.set(fileId, { fileId, fileName: name, path, bytes: bytes.length });
    this.evict();
    return ok({ fileId, fileName: name, bytes: bytes.length });
  }

  get(fileId: string): StagedFile | undefined {
    return this.files.get(fileId);
  }

  /** A long session stages many files; the oldest go once there are more than a few. */
  private evict(): void {
    while (this.files.size > KEEP_FILES) {
      const [oldest] = this.files.keys();
      const file = this.files.get(oldest!)!;
      rmSync(file.path, { force: true });
      this.files.delete(oldest!);
    }
  }

  get directory(): string | null {
    return this.dir;
  }

  dispose(): void {
    process.removeListener('exit', this.onExit);
    try {
      if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true, maxRetries: 3 });
    } catch {
      // A file still open elsewhere (Windows) stays until the OS cleans its temp folder; never fail shutdown.
    }
    this.dir = null;
    this.files.clear();
  }
}
