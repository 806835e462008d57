import { sign, type KeyObject } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { readZip, writeZip } from '../../src/core/sync/zipStore';

/**
 * Tools for making bad packages on purpose: taking a real package apart, editing and re-signing its manifest,
 * and writing zips by hand with whatever names, methods and sizes an attacker would choose.
 */

export const ENTRY_ORDER = ['manifest.json', 'signature.bin', 'parts/ops.bin', 'parts/blobs.bin', 'parts/offices.bin'];

/** The entries of a package, in the order they were written. */
export function entriesOf(bytes: Buffer): { name: string; data: Buffer }[] {
  const map = readZip(bytes, { allowedName: () => true, maxEntries: 16 });
  return [...map].map(([name, data]) => ({ name, data: Buffer.from(data) }));
}

export const manifestOf = (bytes: Buffer): Record<string, unknown> => JSON.parse(entriesOf(bytes).find((e) => e.name === 'manifest.json')!.data.toString('utf8')) as Record<string, unknown>;

/** The package with its manifest edited and signed again by `signer` (the sender's key, or an attacker's). */
export function resign(bytes: Buffer, signer: KeyObject, edit: (manifest: Record<string, unknown>) => void): Buffer {
  const entries = entriesOf(bytes);
  const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.data.toString('utf8')) as Record<string, unknown>;
  edit(manifest);
  const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  return writeZip(
    entries.map((e) => (e.name === 'manifest.json' ? { name: e.name, data: manifestBytes } : e.name === 'signature.bin' ? { name: e.name, data: sign(null, manifestBytes, signer) } : e)),
  );
}

export interface CraftedEntry {
  name: string;
  /** The bytes stored in the zip (already deflated for method 8). */
  data: Buffer;
  /** 0 stored, 8 deflated. */
  method?: number;
  /** The uncompressed size the headers declare (defaults to data.length). */
  declaredSize?: number;
  /** The CRC the headers declare (defaults to the CRC of data). */
  crc?: number;
}

/** A zip written by hand, byte by byte, so names, methods and sizes can be anything. */
export function craftZip(entries: readonly CraftedEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.method ?? 0;
    const crc = entry.crc ?? crc32(entry.data);
    const size = entry.declaredSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}
