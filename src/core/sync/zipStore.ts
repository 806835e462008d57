import { crc32 } from 'node:zlib';

/**
 * The package's outer container: a plain zip of stored (uncompressed) entries, so any zip tool can list it. Its
 * parts are encrypted and so do not compress; refusing every other compression method also refuses zip bombs at
 * this level, and only names from a fixed list are accepted, so no entry can point outside its folder.
 */

export interface ZipEntry {
  name: string;
  data: Buffer;
}

export class ZipFormatError extends Error {}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
// 1980-01-01 00:00 in DOS time: entries carry no real dates (the manifest has the time).
const DOS_DATE = 0x21;

export function writeZip(entries: readonly ZipEntry[]): Buffer {
  return zipBytes(entries.map((entry) => ({ ...entry, method: 0, crc: crc32(entry.data), size: entry.data.length })));
}

/** An entry as its headers declare it: writeZip's are stored with their true CRC and size; tests forge others. */
export interface ZipEntryHeaders extends ZipEntry {
  /** 0 stored, 8 deflated (`data` is then what is stored). */
  method: number;
  crc: number;
  /** The uncompressed size declared; the compressed size is always data.length. */
  size: number;
}

/** The zip's bytes, headers exactly as declared: local headers and data, the central directory, its end record. */
export function zipBytes(entries: readonly ZipEntryHeaders[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(entry.method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(entry.crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(entry.method, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(entry.crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

export interface ReadZipOptions {
  allowedName: (name: string) => boolean;
  maxEntries: number;
}

/** Reads a zip written by writeZip, refusing anything else: compression, encryption, data descriptors, odd names. */
export function readZip(file: Buffer, options: ReadZipOptions): Map<string, Buffer> {
  const fail = (why: string): never => {
    throw new ZipFormatError(why);
  };
  if (file.length < 22) fail('文件太短，不是完整的数据包');
  const endAt = file.length - 22;
  if (file.readUInt32LE(endAt) !== END) fail('文件末尾不完整（可能未拷贝完）');
  const count = file.readUInt16LE(endAt + 10);
  const centralSize = file.readUInt32LE(endAt + 12);
  const centralAt = file.readUInt32LE(endAt + 16);
  if (file.readUInt16LE(endAt + 4) !== 0 || file.readUInt16LE(endAt + 6) !== 0 || file.readUInt16LE(endAt + 8) !== count) fail('不支持分卷的数据包');
  if (file.readUInt16LE(endAt + 20) !== 0) fail('数据包末尾不完整');
  if (count === 0 || count > options.maxEntries) fail('数据包中的文件数量不正确');
  if (centralAt + centralSize !== endAt) fail('数据包目录位置不正确');
  const entries = new Map<string, Buffer>();
  let at = centralAt;
  let dataEnd = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > endAt || file.readUInt32LE(at) !== CENTRAL) fail('数据包目录已损坏');
    const flags = file.readUInt16LE(at + 8);
    const method = file.readUInt16LE(at + 10);
    const crc = file.readUInt32LE(at + 16);
    const compressed = file.readUInt32LE(at + 20);
    const size = file.readUInt32LE(at + 24);
    const nameLength = file.readUInt16LE(at + 28);
    const extraLength = file.readUInt16LE(at + 30);
    const commentLength = file.readUInt16LE(at + 32);
    const localAt = file.readUInt32LE(at + 42);
    if (method !== 0) fail('数据包中的文件使用了不支持的压缩方式');
    if ((flags & ~0x0800) !== 0) fail('数据包中的文件使用了不支持的选项');
    // Every other header field must be what writeZip writes: a flipped bit anywhere means a damaged copy.
    if (!fixedFields(file, at, [[4, 20], [6, 20], [12, 0], [14, DOS_DATE], [30, 0], [32, 0], [34, 0], [36, 0], [38, 0], [40, 0]])) fail('数据包目录已损坏');
    if (compressed !== size) fail('数据包中的文件大小不一致');
    if (at + 46 + nameLength + extraLength + commentLength > endAt) fail('数据包目录已损坏');
    const name = file.toString('utf8', at + 46, at + 46 + nameLength);
    if (!options.allowedName(name) || name.includes('..') || name.startsWith('/') || name.includes('\\')) fail(`数据包中含有不允许的文件名：${printable(name.slice(0, 80))}`);
    if (entries.has(name)) fail(`数据包中的文件重复：${name}`);
    if (localAt !== dataEnd) fail('数据包中的文件位置不正确');
    if (localAt + 30 > centralAt || file.readUInt32LE(localAt) !== LOCAL) fail('数据包中的文件头已损坏');
    const localNameLength = file.readUInt16LE(localAt + 26);
    const localExtra = file.readUInt16LE(localAt + 28);
    if (
      file.readUInt16LE(localAt + 8) !== 0 ||
      !fixedFields(file, localAt, [[4, 20], [6, flags], [10, 0], [12, DOS_DATE], [28, 0]]) ||
      file.readUInt32LE(localAt + 14) !== crc ||
      file.readUInt32LE(localAt + 18) !== size ||
      file.readUInt32LE(localAt + 22) !== size ||
      localNameLength !== nameLength ||
      file.toString('utf8', localAt + 30, localAt + 30 + nameLength) !== name
    ) {
      fail('数据包中的文件头与目录不一致');
    }
    const start = localAt + 30 + localNameLength + localExtra;
    const end = start + size;
    if (end > centralAt) fail('数据包中的文件超出了范围（可能未拷贝完）');
    const data = file.subarray(start, end);
    if (crc32(data) !== crc) fail(`数据包中的文件已损坏：${name}`);
    entries.set(name, data);
    dataEnd = end;
    at += 46 + nameLength + extraLength + commentLength;
  }
  if (dataEnd !== centralAt) fail('数据包中有多余的内容');
  return entries;
}

/** True when each [offset, value] 16-bit field at `base` holds exactly that value. */
function fixedFields(file: Buffer, base: number, fields: readonly (readonly [number, number])[]): boolean {
  return fields.every(([offset, value]) => file.readUInt16LE(base + offset) === value);
}

/** A damaged name is shown, never its control characters or broken bytes (they would garble the message). */
const printable = (text: string): string => text.replace(/[\p{Cc}\p{Cs}\p{Co}\p{Cn}\uFFFD]/gu, '?');
