import { createHash, randomUUID, sign, verify } from 'node:crypto';
import { z } from 'zod';
import type { Blob } from './applyOps';
import type { Vector } from './exchangeState';
import { publicKeyFrom, type OfficeCard, type SelfKeys } from './officeKeys';
import { wireOpSchema, type WireOp } from './ops';
import { PartError, newContentKey, openPart, sealPart, unwrapForOffice, unwrapWithPassphrase, wrapForOffice, wrapWithPassphrase, type KeySlot } from './packageCrypto';
import { ZipFormatError, readZip, writeZip } from './zipStore';

/**
 * The .ledgerpkg file: a zip of manifest.json (plain: who, for whom, which changes, the hash of each part, how the
 * key is wrapped), signature.bin (the sender's Ed25519 signature of the manifest) and encrypted parts. Checked in
 * that order: structure, format version, signature, hashes; only then is anything decrypted.
 */

export const PACKAGE_FORMAT = 'township-ledger-package';
export const PACKAGE_VERSION = 1;
export const PACKAGE_EXTENSION = '.ledgerpkg';
const MAX_PART_BYTES = 1024 * 1024 * 1024;
const PART_NAMES = ['parts/ops.bin', 'parts/blobs.bin', 'parts/offices.bin'] as const;
const ENTRY_NAMES = new Set<string>(['manifest.json', 'signature.bin', ...PART_NAMES]);

export type PackageErrorCode = 'DAMAGED' | 'NEWER_FORMAT' | 'WRONG_PASSPHRASE' | 'NEEDS_PASSPHRASE' | 'NOT_FOR_US' | 'OWN_PACKAGE' | 'KEY_MISMATCH';

export class PackageError extends Error {
  constructor(
    readonly code: PackageErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const base64 = z.string().max(10_000).regex(/^[A-Za-z0-9+/=]*$/);
const cardSchema = z.object({ id: z.string().min(1).max(64), name: z.string().max(200), code: z.string().max(50).nullable(), signKey: base64, boxKey: base64 }).strict();
const vectorSchema = z.record(z.string().max(64), z.number().int().nonnegative());
const slotSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('office'), office: z.string().max(64), ephemeralKey: base64, iv: base64, wrapped: base64 }).strict(),
  z
    .object({ kind: z.literal('passphrase'), salt: base64, n: z.number().int().min(2 ** 14).max(2 ** 20), r: z.number().int().min(1).max(16), p: z.number().int().min(1).max(4), iv: base64, wrapped: base64 })
    .strict(),
]);

const manifestSchema = z
  .object({
    format: z.literal(PACKAGE_FORMAT),
    version: z.literal(PACKAGE_VERSION),
    packageId: z.string().uuid(),
    createdAt: z.string().max(40),
    sender: cardSchema,
    recipient: z.object({ id: z.string().max(64), name: z.string().max(200) }).strict().nullable(),
    slots: z.array(slotSchema).min(1).max(8),
    vector: vectorSchema,
    ranges: z.array(z.object({ office: z.string().max(64), from: z.number().int(), to: z.number().int(), count: z.number().int() }).strict()).max(10_000),
    opCount: z.number().int().nonnegative(),
    parts: z
      .array(z.object({ name: z.enum(PART_NAMES), sha256: z.string().regex(/^[0-9a-f]{64}$/), size: z.number().int().nonnegative(), plainSize: z.number().int().nonnegative().max(MAX_PART_BYTES) }).strict())
      .length(PART_NAMES.length),
  })
  .strict();

export type Manifest = z.infer<typeof manifestSchema>;

export interface PackageContents {
  ops: WireOp[];
  blobs: Map<string, Blob>;
  offices: OfficeCard[];
}

export interface BuildInput {
  self: SelfKeys;
  recipient: { id: string; name: string; boxKey: string } | null;
  passphrase: string | null;
  vector: Vector;
  ranges: Manifest['ranges'];
  contents: PackageContents;
  /** Tests only: a cheaper scrypt cost. Packages for people always use 2^17. */
  scryptN?: number;
}

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

function encodeBlobs(blobs: Map<string, Blob>): Buffer {
  const out: Record<string, { data: string; thumbnail: string | null }> = {};
  for (const [id, blob] of blobs) out[id] = { data: blob.data.toString('base64'), thumbnail: blob.thumbnail?.toString('base64') ?? null };
  return Buffer.from(JSON.stringify(out), 'utf8');
}

export function buildPackage(input: BuildInput): { bytes: Buffer; manifest: Manifest } {
  const packageId = randomUUID();
  const key = newContentKey();
  const slots: KeySlot[] = [];
  if (input.recipient) slots.push(wrapForOffice(key, input.recipient.id, input.recipient.boxKey, packageId));
  if (input.passphrase) slots.push(wrapWithPassphrase(key, input.passphrase, packageId, input.scryptN));
  if (slots.length === 0) throw new Error('a package needs a recipient office or a passphrase');
  const plain: Record<(typeof PART_NAMES)[number], Buffer> = {
    'parts/ops.bin': Buffer.from(JSON.stringify(input.contents.ops), 'utf8'),
    'parts/blobs.bin': encodeBlobs(input.contents.blobs),
    'parts/offices.bin': Buffer.from(JSON.stringify(input.contents.offices), 'utf8'),
  };
  const sealed = PART_NAMES.map((name) => ({ name, plain: plain[name], data: sealPart(key, packageId, name, plain[name]) }));
  const manifest: Manifest = {
    format: PACKAGE_FORMAT,
    version: PACKAGE_VERSION,
    packageId,
    createdAt: new Date().toISOString(),
    sender: input.self.card,
    recipient: input.recipient ? { id: input.recipient.id, name: input.recipient.name } : null,
    slots,
    vector: input.vector,
    ranges: input.ranges,
    opCount: input.contents.ops.length,
    parts: sealed.map((p) => ({ name: p.name, sha256: sha256(p.data), size: p.data.length, plainSize: p.plain.length })),
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest), 'utf8');
  const signature = sign(null, manifestBytes, input.self.signPrivate);
  const bytes = writeZip([
    { name: 'manifest.json', data: manifestBytes },
    { name: 'signature.bin', data: signature },
    ...sealed.map((p) => ({ name: p.name, data: p.data })),
  ]);
  return { bytes, manifest };
}

export interface OpenOptions {
  self: SelfKeys;
  passphrase: string | null;
  /** Offices already known here, to refuse a package signed with a key other than the registered one. */
  registeredSignKey: (officeId: string) => string | null;
}

const damaged = (why: string): PackageError => new PackageError('DAMAGED', `数据包无法读取：${why}。数据库未作任何改动。`);

/** Reads only what is needed to describe the package: the manifest, checked and signed. */
export function readManifest(bytes: Buffer, options: Pick<OpenOptions, 'registeredSignKey'>): { manifest: Manifest; entries: Map<string, Buffer> } {
  let entries: Map<string, Buffer>;
  try {
    entries = readZip(bytes, { allowedName: (name) => ENTRY_NAMES.has(name), maxEntries: ENTRY_NAMES.size });
  } catch (error) {
    if (error instanceof ZipFormatError) throw damaged(error.message);
    throw error;
  }
  const manifestBytes = entries.get('manifest.json');
  const signature = entries.get('signature.bin');
  if (!manifestBytes || !signature) throw damaged('缺少清单或签名');
  let raw: unknown;
  try {
    raw = JSON.parse(manifestBytes.toString('utf8'));
  } catch {
    throw damaged('清单不是有效的数据');
  }
  const header = z.object({ format: z.string(), version: z.number() }).safeParse(raw);
  if (!header.success || header.data.format !== PACKAGE_FORMAT) throw damaged('这不是台账数据包');
  if (header.data.version > PACKAGE_VERSION) {
    throw new PackageError('NEWER_FORMAT', `数据包格式版本为 ${header.data.version}，本程序只认识到版本 ${PACKAGE_VERSION}。请先升级本程序再导入。数据库未作任何改动。`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) throw damaged('清单内容不完整或不正确');
  const manifest = parsed.data;
  let valid: boolean;
  try {
    valid = verify(null, manifestBytes, publicKeyFrom(manifest.sender.signKey), signature);
  } catch {
    valid = false;
  }
  if (!valid) throw damaged('签名不正确，数据包可能被改动过或已损坏');
  const registered = options.registeredSignKey(manifest.sender.id);
  if (registered && registered !== manifest.sender.signKey) {
    throw new PackageError('KEY_MISMATCH', `数据包自称来自「${manifest.sender.name}」，但签名密钥与本机登记的该单位密钥不一致，已拒绝。数据库未作任何改动。`);
  }
  for (const part of manifest.parts) {
    const data = entries.get(part.name);
    if (!data || data.length !== part.size || sha256(data) !== part.sha256) throw damaged(`${part.name} 的校验值不符（文件不完整或被改动过）`);
  }
  return { manifest, entries };
}

const opsSchema = z.array(wireOpSchema).max(10_000_000);
const blobsSchema = z.record(z.string().max(64), z.object({ data: z.string(), thumbnail: z.string().nullable() }).strict());
const officesSchema = z.array(cardSchema).max(10_000);

export function openPackage(bytes: Buffer, options: OpenOptions): { manifest: Manifest; contents: PackageContents } {
  const { manifest, entries } = readManifest(bytes, options);
  const selfId = options.self.card.id;
  if (manifest.sender.id === selfId) throw new PackageError('OWN_PACKAGE', '这是本单位自己导出的数据包，不需要导入。数据库未作任何改动。');
  if (manifest.recipient && manifest.recipient.id !== selfId) {
    throw new PackageError('NOT_FOR_US', `此数据包是发给「${manifest.recipient.name}」的，不是发给本单位的，已拒绝。数据库未作任何改动。`);
  }
  let key: Buffer | null = null;
  const officeSlot = manifest.slots.find((s): s is Extract<KeySlot, { kind: 'office' }> => s.kind === 'office' && s.office === selfId);
  if (officeSlot) key = unwrapForOffice(officeSlot, options.self.boxPrivate, manifest.packageId);
  if (!key) {
    const passphraseSlot = manifest.slots.find((s): s is Extract<KeySlot, { kind: 'passphrase' }> => s.kind === 'passphrase');
    if (!passphraseSlot) {
      if (officeSlot) throw damaged('本单位的解密钥匙无法打开数据包');
      throw new PackageError('NOT_FOR_US', '此数据包没有给本单位的解密钥匙，也没有设置密码，无法打开。数据库未作任何改动。');
    }
    if (!options.passphrase) throw new PackageError('NEEDS_PASSPHRASE', '此数据包设置了密码，请输入导出时设置的密码。');
    key = unwrapWithPassphrase(passphraseSlot, options.passphrase, manifest.packageId);
    if (!key) throw new PackageError('WRONG_PASSPHRASE', '密码不正确，无法打开数据包。数据库未作任何改动。');
  }
  const part = (name: (typeof PART_NAMES)[number]): unknown => {
    const info = manifest.parts.find((p) => p.name === name)!;
    try {
      return JSON.parse(openPart(key, manifest.packageId, name, entries.get(name)!, info.plainSize).toString('utf8'));
    } catch (error) {
      if (error instanceof PartError) throw damaged(error.message);
      throw damaged(`${name} 不是有效的数据`);
    }
  };
  const ops = opsSchema.safeParse(part('parts/ops.bin'));
  if (!ops.success) throw damaged(`变更记录不正确（${ops.error.issues[0]?.message ?? ''}）`);
  const blobs = blobsSchema.safeParse(part('parts/blobs.bin'));
  if (!blobs.success) throw damaged('附件内容不正确');
  const offices = officesSchema.safeParse(part('parts/offices.bin'));
  if (!offices.success) throw damaged('单位名录不正确');
  if (ops.data.length !== manifest.opCount) throw damaged('变更条数与清单不符');
  const blobMap = new Map<string, Blob>();
  for (const [id, blob] of Object.entries(blobs.data)) {
    blobMap.set(id, { data: Buffer.from(blob.data, 'base64'), thumbnail: blob.thumbnail === null ? null : Buffer.from(blob.thumbnail, 'base64') });
  }
  return { manifest, contents: { ops: ops.data, blobs: blobMap, offices: offices.data } };
}
