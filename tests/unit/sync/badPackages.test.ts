import BetterSqlite3 from 'better-sqlite3';
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExport } from '../../../src/core/sync/exportPackage';
import { importPackage } from '../../../src/core/sync/importPackage';
import { knownOffice, selfKeys, type OfficeCard } from '../../../src/core/sync/officeKeys';
import { newContentKey, sealPart, wrapForOffice } from '../../../src/core/sync/packageCrypto';
import { buildPackage, PACKAGE_FORMAT, PACKAGE_VERSION, PackageError, type Manifest, type PackageErrorCode } from '../../../src/core/sync/packageFormat';
import { writeZip } from '../../../src/core/sync/zipStore';
import { CJK } from '../../helpers/cjk';
import { dumpTables, type TableDump } from '../../helpers/dbDump';
import { craftZip, entriesOf, packageOffices, resign } from '../../helpers/packageForgery';
import { importInto, makeOffice, packageFor, type TestOffice } from '../../helpers/offices';

/**
 * Issue 6, bad input: every kind of bad package is refused with its PackageError code and a clear Chinese
 * message, through the engine and through the API (import and preview), and the receiving ledger is unchanged
 * in content: every row of every table (change_log, office, sync_* included) is the same, no transaction
 * committed (PRAGMA data_version seen from a second connection does not move), and no 导入前 backup was made.
 */

const MESSAGES: Record<PackageErrorCode, RegExp> = {
  DAMAGED: /^数据包无法读取：.+数据库未作任何改动。$/,
  NEWER_FORMAT: /格式版本为 \d+.*请先升级本程序.*数据库未作任何改动/,
  WRONG_PASSPHRASE: /密码不正确.*数据库未作任何改动/,
  NEEDS_PASSPHRASE: /设置了密码，请输入导出时设置的密码/,
  NOT_FOR_US: /(不是发给本单位的|没有给本单位的解密钥匙).*数据库未作任何改动/,
  OWN_PACKAGE: /本单位自己导出的数据包.*数据库未作任何改动/,
  KEY_MISMATCH: /密钥.*不一致.*数据库未作任何改动/,
};
const API_CODE: Record<PackageErrorCode, string> = {
  DAMAGED: 'VALIDATION',
  NEWER_FORMAT: 'VALIDATION',
  WRONG_PASSPHRASE: 'FORBIDDEN',
  NEEDS_PASSPHRASE: 'FORBIDDEN',
  NOT_FOR_US: 'VALIDATION',
  OWN_PACKAGE: 'VALIDATION',
  KEY_MISMATCH: 'VALIDATION',
};

let town: TestOffice;
let county: TestOffice;
let village: TestOffice;
let attacker: TestOffice;
/** A second connection: data_version moves only when another connection commits. */
let watcher: BetterSqlite3.Database;
/** The next package from the town to the county: good, and the base of most bad ones. */
let good: Buffer;
let passphrasePackage: Buffer;
const PASSPHRASE = '正确的密码123';

beforeAll(() => {
  ({ town, county, village } = packageOffices());
  // Not introduced to anyone: an office the others have never heard of.
  attacker = makeOffice('冒名镇');
  good = packageFor(town, county);
  passphrasePackage = buildExport(town.db, { to: null, passphrase: PASSPHRASE, scryptN: 2 ** 14 }).bytes;
  watcher = new BetterSqlite3(county.file, { readonly: true });
}, 60_000);

afterAll(() => {
  watcher?.close();
  for (const o of [town, county, village, attacker]) o?.cleanup();
});

const dataVersion = (): number => watcher.pragma('data_version', { simple: true }) as number;
const backups = (): string[] => (existsSync(join(county.dir, 'backups')) ? readdirSync(join(county.dir, 'backups')) : []);

interface Refusal {
  code: PackageErrorCode;
  message: string;
}

/** Refused by the engine (import, not a preview) and by the API (import and preview); nothing changes. */
function refusedEverywhere(bytes: Buffer, options: { passphrase?: string; api?: boolean; dump?: TableDump; backupMade?: boolean } = {}): Refusal {
  // In the loops below (`dump` given), the tables are compared once at the end; data_version is checked every time.
  const before = options.dump ?? dumpTables(county.db);
  const version = dataVersion();
  const passphrase = options.passphrase ?? null;
  let refusal: Refusal | null = null;
  try {
    importPackage(county.db, { bytes, fileName: '坏.ledgerpkg', passphrase, dryRun: false });
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(PackageError);
    refusal = { code: (error as PackageError).code, message: (error as PackageError).message };
  }
  expect(refusal, 'the package was imported').not.toBeNull();
  expect(refusal!.message).toMatch(CJK);
  expect(refusal!.message).toMatch(MESSAGES[refusal!.code]);
  if (options.api !== false && bytes.length > 0) {
    for (const method of ['importPackage', 'previewPackage'] as const) {
      const error = county.refuse(method, { dataBase64: bytes.toString('base64'), fileName: '坏.ledgerpkg', passphrase });
      expect(error.code, method).toBe(API_CODE[refusal!.code]);
      expect(error.message, method).toBe(refusal!.message);
    }
  }
  expect(county.db.inTransaction).toBe(false);
  expect(dataVersion()).toBe(version);
  if (!options.dump) expect(dumpTables(county.db)).toEqual(before);
  if (!options.backupMade) expect(backups()).toEqual([]);
  return refusal!;
}

function expectRefused(bytes: Buffer, code: PackageErrorCode, message?: RegExp, options: { passphrase?: string } = {}): void {
  const refusal = refusedEverywhere(bytes, options);
  expect(refusal.code, refusal.message).toBe(code);
  if (message) expect(refusal.message).toMatch(message);
}

/** A package whose manifest and signature are the attacker office's own, built from the engine's parts. */
function forged(input: { sender: OfficeCard; signWith: Parameters<typeof sign>[2]; parts: Record<string, { plain: Buffer; declared?: number }> }): Buffer {
  const packageId = randomUUID();
  const key = newContentKey();
  const countyCard = selfKeys(county.db).card;
  const sealed = Object.entries(input.parts).map(([name, p]) => ({ name, data: sealPart(key, packageId, name, p.plain), plainSize: p.declared ?? p.plain.length }));
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    packageId,
    createdAt: new Date().toISOString(),
    sender: input.sender,
    recipient: { id: countyCard.id, name: countyCard.name },
    slots: [wrapForOffice(key, countyCard.id, countyCard.boxKey, packageId)],
    vector: {},
    ranges: [],
    opCount: 0,
    parts: sealed.map((p) => ({ name: p.name as Manifest['parts'][number]['name'], sha256: createHash('sha256').update(p.data).digest('hex'), size: p.data.length, plainSize: p.plainSize })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  return writeZip([{ name: 'manifest.json', data: manifestBytes }, { name: 'signature.bin', data: sign(null, manifestBytes, input.signWith) }, ...sealed.map((p) => ({ name: p.name, data: p.data }))]);
}

const emptyParts = (): Record<string, { plain: Buffer; declared?: number }> => ({
  'parts/ops.bin': { plain: Buffer.from('[]') },
  'parts/blobs.bin': { plain: Buffer.from('{}') },
  'parts/offices.bin': { plain: Buffer.from('[]') },
});

describe('damaged on the way', () => {
  it('refuses a package cut short anywhere (every 250 bytes, and a byte short)', () => {
    const dump = dumpTables(county.db);
    const cuts = new Set([0, 1, 21, 22, 30, good.length - 22, good.length - 1]);
    for (let at = 250; at < good.length; at += 250) cuts.add(at);
    for (const at of cuts) {
      const refusal = refusedEverywhere(good.subarray(0, at), { dump, api: at % 1000 === 0 || at === good.length - 1 });
      expect(refusal.code, `cut at ${at}`).toBe('DAMAGED');
    }
    expect(cuts.size).toBeGreaterThan(8);
    expect(dumpTables(county.db)).toEqual(dump);
  });

  it('refuses a package with any one bit flipped (every third byte, a different bit each time)', () => {
    const dump = dumpTables(county.db);
    let tried = 0;
    for (let at = 0; at < good.length; at += 3) {
      const flipped = Buffer.from(good);
      flipped[at]! ^= 1 << (at % 8);
      const refusal = refusedEverywhere(flipped, { dump, api: at % 300 === 0 });
      expect(refusal.code, `bit ${at % 8} of byte ${at}`).toBe('DAMAGED');
      tried++;
    }
    expect(tried).toBeGreaterThan(good.length / 3 - 1);
    expect(dumpTables(county.db)).toEqual(dump);
  }, 60_000);

  it('refuses a wrong passphrase, and asks for one when none was given', () => {
    expectRefused(passphrasePackage, 'WRONG_PASSPHRASE', undefined, { passphrase: '错误的密码456' });
    expectRefused(passphrasePackage, 'NEEDS_PASSPHRASE');
  });
});

describe('not for this ledger', () => {
  it('refuses a package addressed to another office', () => {
    expectRefused(packageFor(town, village), 'NOT_FOR_US', /「东村」/);
  });

  it("refuses the office's own package", () => {
    expectRefused(packageFor(county, town), 'OWN_PACKAGE');
  });

  it('refuses a package from a newer format version, validly signed', () => {
    const signer = selfKeys(town.db).signPrivate;
    for (const version of [PACKAGE_VERSION + 1, 99]) expectRefused(resign(good, signer, (m) => (m.version = version)), 'NEWER_FORMAT', new RegExp(`版本为 ${version}`));
  });

  it('refuses a package claiming to be from an office but signed by a different key than the one registered for it', () => {
    const impostor = generateKeyPairSync('ed25519');
    const forgedPackage = resign(good, impostor.privateKey, (m) => {
      (m.sender as OfficeCard).signKey = impostor.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    });
    expectRefused(forgedPackage, 'KEY_MISMATCH', /「红旗镇」/);
    // Nothing about the town was learned from it.
    expect(knownOffice(county.db, town.officeId)!.signKey).toBe(selfKeys(town.db).card.signKey);
  });

  it('refuses, inside the import transaction, a genuine package that carries a forged card for another office', () => {
    const villageCard = selfKeys(village.db).card;
    const fake = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    const countyCard = selfKeys(county.db).card;
    const bytes = buildPackage({
      self: selfKeys(town.db),
      recipient: { id: countyCard.id, name: countyCard.name, boxKey: countyCard.boxKey },
      passphrase: null,
      vector: {},
      ranges: [],
      contents: { ops: [], blobs: new Map(), offices: [{ ...villageCard, signKey: fake }] },
    }).bytes;
    // Refused inside the transaction, so after the package opened and checked: its 导入前 backup was made.
    const refusal = refusedEverywhere(bytes, { backupMade: true });
    expect(refusal.code).toBe('KEY_MISMATCH');
    expect(refusal.message).toMatch(/「东村」/);
    rmSync(join(county.dir, 'backups'), { recursive: true, force: true });
  });
});

describe('hostile zips', () => {
  it('refuses entry names that leave their folder (../x, /abs, a\\b and friends), written by hand', () => {
    const entries = entriesOf(good);
    for (const evil of ['../x', '/abs', 'a\\b', '../../../../tmp/x', 'parts/../manifest.json', 'parts/..\\ops.bin', 'C:\\Windows\\x', 'parts/./ops.bin', 'manifest.json\u0000']) {
      for (const replaced of ['manifest.json', 'parts/blobs.bin']) {
        const bytes = craftZip(entries.map((e) => (e.name === replaced ? { name: evil, data: e.data } : e)));
        expectRefused(bytes, 'DAMAGED', /不允许的文件名/);
      }
      // One entry too many is refused before any name is even read.
      expectRefused(craftZip([...entries, { name: evil, data: Buffer.from('x') }]), 'DAMAGED', /文件数量不正确/);
    }
  });

  it('refuses a zip bomb: an entry deflated instead of stored, declaring a huge size', () => {
    const entries = entriesOf(good);
    const bomb = deflateRawSync(Buffer.alloc(32 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(64 * 1024);
    for (const victim of ['manifest.json', 'parts/ops.bin']) {
      const bytes = craftZip(entries.map((e) => (e.name === victim ? { name: e.name, data: bomb, method: 8, declaredSize: 0xffffffff } : e)));
      expectRefused(bytes, 'DAMAGED', /不支持的压缩方式/);
    }
    // Stored, but the headers claim far more bytes than the file holds.
    expectRefused(craftZip(entries.map((e) => (e.name === 'parts/ops.bin' ? { ...e, declaredSize: 0xfffffff0 } : e))), 'DAMAGED', /大小不一致/);
  });

  it('refuses a validly signed package whose encrypted part inflates far beyond its declared size', () => {
    const keys = selfKeys(attacker.db);
    const parts = emptyParts();
    // 32 MB of JSON-looking bytes that deflate to a few dozen KB, declared as 2 bytes.
    parts['parts/ops.bin'] = { plain: Buffer.concat([Buffer.from('['), Buffer.alloc(32 * 1024 * 1024, 0x20), Buffer.from(']')]), declared: 2 };
    const bytes = forged({ sender: keys.card, signWith: keys.signPrivate, parts });
    expect(bytes.length).toBeLessThan(256 * 1024);
    expectRefused(bytes, 'DAMAGED', /解压后超出声明的大小/);
    // The attacker office was not registered by the refused package.
    expect(knownOffice(county.db, keys.card.id)).toBeUndefined();
    // The same package, honest about its size, is accepted as far as the bytes go (a control for the forgery).
    const honest = forged({ sender: keys.card, signWith: keys.signPrivate, parts: emptyParts() });
    expect(importInto(county, honest, { dryRun: true }).sender.name).toBe('冒名镇');
  });
});

describe('a package that is fine', () => {
  it('still imports through the API after all that, with its 导入前 backup', () => {
    const summary = county.must('importPackage', { dataBase64: good.toString('base64'), fileName: '镇到县.ledgerpkg', passphrase: null });
    expect(summary.created).toBe(1);
    expect(backups()).toHaveLength(1);
  });
});
