import { open, type FileHandle } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { constants as zlibConstants, createInflateRaw, inflateRawSync } from 'node:zlib';
import { SpreadsheetError } from './spreadsheetError';

/**
 * A small reader of a ZIP file's central directory (an xlsx is a ZIP), so a file can be judged before any
 * of it is decompressed: a few kilobytes of xlsx can inflate to gigabytes (a zip bomb), and entry names
 * with `../` are a classic path-traversal trick. No dependency: the format is a few fixed-size records.
 */

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  /** Where the compressed bytes start (after the local header). */
  dataOffset: number;
}

/** Limits no real roster comes near: a county's 100k-person roster is about 60 MB of XML. */
export const ZIP_LIMITS = {
  maxTotalUncompressed: 500 * 1024 * 1024,
  /** Compression ratio above which a large file is taken for a bomb; real sheets stay well under 100. */
  maxRatio: 200,
  /** Small files may compress extremely well (empty styled rows) and are harmless. */
  ratioCheckFrom: 16 * 1024 * 1024,
  maxEntries: 5000,
} as const;

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN = 22;
const MAX_COMMENT = 0xffff;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

function unsafeName(name: string): boolean {
  if (name.includes('\\') || name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.includes('\0')) return true;
  return name.split('/').some((part) => part === '..');
}

function findEocd(tail: Buffer): number {
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_MIN + tail.readUInt16LE(i + 20) === tail.length) return i;
  }
  // Some writers pad after the comment; accept the last signature found at all.
  for (let i = tail.length - EOCD_MIN; i >= 0; i--) if (tail.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  return -1;
}

/**
 * Reads and checks the central directory: every entry's name, sizes and offsets, the local headers they
 * point at, and the totals. Throws a SpreadsheetError naming the file when anything looks unsafe or broken.
 */
export async function readZipDirectory(path: string, fileName: string): Promise<ZipEntry[]> {
  const damaged = () => new SpreadsheetError(`文件“${fileName}”已损坏或不完整（压缩结构无法读取），请重新保存或重新拷贝后再导入`);
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const tailLength = Math.min(size, EOCD_MIN + MAX_COMMENT);
    const tail = await readAt(handle, size - tailLength, tailLength);
    const at = findEocd(tail);
    if (at < 0) throw damaged();
    const count = tail.readUInt16LE(at + 10);
    const cdSize = tail.readUInt32LE(at + 12);
    const cdOffset = tail.readUInt32LE(at + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new SpreadsheetError(`文件“${fileName}”使用了超大文件格式（ZIP64），不像是一份花名册，已拒绝读取`);
    }
    if (count > ZIP_LIMITS.maxEntries) throw new SpreadsheetError(`文件“${fileName}”内部包含${count}个部件，不是正常的 Excel 工作簿，已拒绝读取`);
    const eocdPosition = size - tailLength + at;
    if (cdOffset + cdSize > eocdPosition) throw damaged();
    const cd = await readAt(handle, cdOffset, cdSize);
    if (cd.length !== cdSize) throw damaged();

    const entries: ZipEntry[] = [];
    const rawNames: Buffer[] = [];
    let p = 0;
    let total = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) throw damaged();
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const compressedSize = cd.readUInt32LE(p + 20);
      const uncompressedSize = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      const localOffset = cd.readUInt32LE(p + 42);
      if (p + 46 + nameLength > cd.length) throw damaged();
      const rawName = cd.subarray(p + 46, p + 46 + nameLength);
      const name = rawName.toString(flags & 0x800 ? 'utf8' : 'latin1');
      p += 46 + nameLength + extraLength + commentLength;

      if (unsafeName(name)) throw new SpreadsheetError(`文件“${fileName}”内部含有可疑的路径“${name}”，可能是恶意文件，已拒绝读取`);
      if (flags & 0x1) throw new SpreadsheetError(`文件“${fileName}”设置了密码，请在 Excel 或 WPS 中取消密码、另存为 .xlsx 后再导入`);
      if (method !== 0 && method !== 8) throw damaged();
      if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) {
        throw new SpreadsheetError(`文件“${fileName}”使用了超大文件格式（ZIP64），不像是一份花名册，已拒绝读取`);
      }
      total += uncompressedSize;
      entries.push({ name, method, compressedSize, uncompressedSize, dataOffset: localOffset });
      rawNames.push(rawName);
    }
    checkTotals(fileName, size, total);
    await locateData(handle, entries, rawNames, cdOffset, damaged);
    return entries;
  } finally {
    await handle.close();
  }
}

function checkTotals(fileName: string, fileSize: number, total: number): void {
  const mb = (n: number) => Math.round(n / 1024 / 1024);
  if (total > ZIP_LIMITS.maxTotalUncompressed) {
    throw new SpreadsheetError(`文件“${fileName}”解压后有${mb(total)} MB，远超正常花名册的大小，可能是恶意文件（压缩炸弹），已拒绝读取`);
  }
  if (total > ZIP_LIMITS.ratioCheckFrom && total / Math.max(fileSize, 1) > ZIP_LIMITS.maxRatio) {
    throw new SpreadsheetError(`文件“${fileName}”的压缩比异常（解压后是原来的${Math.round(total / fileSize)}倍），可能是恶意文件（压缩炸弹），已拒绝读取`);
  }
}

/**
 * Follows each entry to its local header: the names must agree (the streaming parser trusts local headers)
 * and no two entries may share bytes (overlapping entries are how the smallest zip bombs are built).
 */
async function locateData(handle: FileHandle, entries: ZipEntry[], rawNames: Buffer[], cdOffset: number, damaged: () => Error): Promise<void> {
  for (const [i, entry] of entries.entries()) {
    const local = await readAt(handle, entry.dataOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw damaged();
    const nameLength = local.readUInt16LE(26);
    const extraLength = local.readUInt16LE(28);
    const name = await readAt(handle, entry.dataOffset + 30, nameLength);
    if (!name.equals(rawNames[i]!)) throw damaged();
    entry.dataOffset += 30 + nameLength + extraLength;
    if (entry.dataOffset + entry.compressedSize > cdOffset) throw damaged();
  }
  const byOffset = [...entries].sort((a, b) => a.dataOffset - b.dataOffset);
  for (let i = 1; i < byOffset.length; i++) {
    const before = byOffset[i - 1]!;
    if (before.dataOffset + before.compressedSize > byOffset[i]!.dataOffset) throw damaged();
  }
}

/**
 * Inflates every entry once, counting bytes and keeping none, and refuses an entry that inflates past the
 * size its header declares: the directory check above only sees declared sizes, and a crafted file can lie.
 * zlib runs on the thread pool, so this does not hold up the event loop.
 */
export async function verifyInflatedSizes(path: string, fileName: string, entries: readonly ZipEntry[]): Promise<void> {
  for (const entry of entries) {
    if (entry.method !== 8 || entry.compressedSize === 0) {
      if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) throw new SpreadsheetError(`文件“${fileName}”已损坏（部件大小不一致），请重新保存后再导入`);
      continue;
    }
    await new Promise<void>((resolve, reject) => {
      let seen = 0;
      const source = createReadStream(path, { start: entry.dataOffset, end: entry.dataOffset + entry.compressedSize - 1 });
      const inflate = createInflateRaw();
      const stop = (error: Error) => {
        source.destroy();
        inflate.destroy();
        reject(error);
      };
      inflate.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > entry.uncompressedSize) stop(new SpreadsheetError(`文件“${fileName}”解压后的大小与文件记录不符，可能是恶意文件（压缩炸弹），已拒绝读取`));
      });
      inflate.on('end', () => resolve());
      inflate.on('error', () => stop(new SpreadsheetError(`文件“${fileName}”已损坏（压缩数据无法解开），请重新保存或重新拷贝后再导入`)));
      source.on('error', (e) => stop(e));
      source.pipe(inflate);
    });
  }
}

async function readCompressed(path: string, entry: ZipEntry, limit: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    return await readAt(handle, entry.dataOffset, Math.min(entry.compressedSize, limit));
  } finally {
    await handle.close();
  }
}

/** The whole text of a small entry (workbook.xml, its relationships). */
export async function readEntryText(path: string, entry: ZipEntry, maxBytes = 8 * 1024 * 1024): Promise<string> {
  if (entry.uncompressedSize > maxBytes) throw new SpreadsheetError('工作簿结构部件过大，不是正常的 Excel 工作簿');
  const raw = await readCompressed(path, entry, entry.compressedSize);
  const data = entry.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
  return data.toString('utf8');
}

/** The first few kilobytes of an entry's text, e.g. a sheet's <dimension>, without inflating the rest. */
export async function readEntryHead(path: string, entry: ZipEntry, compressedBytes = 16 * 1024): Promise<string> {
  const raw = await readCompressed(path, entry, compressedBytes);
  if (entry.method === 0) return raw.toString('utf8');
  try {
    return inflateRawSync(raw, { finishFlush: zlibConstants.Z_SYNC_FLUSH, maxOutputLength: 1024 * 1024 }).toString('utf8');
  } catch {
    return '';
  }
}
