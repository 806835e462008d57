import { sign, type KeyObject } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { readZip, writeZip, zipBytes } from '../../src/core/sync/zipStore';
import { syntheticId } from './ledger';
import { importInto, introduce, makeOffice, packageFor, type TestOffice } from './offices';
import { seedTownship } from './training';

/**
 * Tools for making bad packages on purpose: taking a real package apart, editing and re-signing its manifest,
 * and writing zips by hand with whatever names, methods and sizes an attacker would choose.
 */

/**
 * The offices the bad packages travel between: 红旗镇, 青山县 and 东村, introduced to each other. The county already
 * holds the town's first package (so its change_log, office and sync_* tables are not empty), and the town has
 * entered one person more since, for the next package to carry.
 */
export function packageOffices(): { town: TestOffice; county: TestOffice; village: TestOffice } {
  const town = makeOffice('红旗镇');
  const county = makeOffice('青山县');
  const village = makeOffice('东村');
  introduce(town, county, village);
  seedTownship(town, 1, 3);
  importInto(county, packageFor(town, county));
  town.must('savePerson', { name: '新来的', idNumber: syntheticId('19900101', '012'), phone: '13812345678' });
  return { town, county, village };
}

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

/** A zip written by hand, so names, methods, sizes and CRCs can be anything. */
export function craftZip(entries: readonly CraftedEntry[]): Buffer {
  return zipBytes(entries.map((entry) => ({ name: entry.name, data: entry.data, method: entry.method ?? 0, crc: entry.crc ?? crc32(entry.data), size: entry.declaredSize ?? entry.data.length })));
}
