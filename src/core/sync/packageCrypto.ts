import { createCipheriv, createDecipheriv, diffieHellman, generateKeyPairSync, hkdfSync, randomBytes, scryptSync, type KeyObject } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { publicKeyFrom } from './officeKeys';

/**
 * Package encryption: each part is deflated, then sealed with AES-256-GCM under one random content key; the key
 * travels in slots, wrapped either to the recipient office's X25519 key (ECDH + HKDF) or to a passphrase
 * (scrypt, N = 2^17). The package id and part name are authenticated with each part, so parts cannot be swapped.
 */

export const SCRYPT_N = 2 ** 17;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type KeySlot =
  | { kind: 'office'; office: string; ephemeralKey: string; iv: string; wrapped: string }
  | { kind: 'passphrase'; salt: string; n: number; r: number; p: number; iv: string; wrapped: string };

function seal(key: Buffer, plain: Buffer, aad: string): { iv: Buffer; sealed: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return { iv, sealed: Buffer.concat([body, cipher.getAuthTag()]) };
}

/** Null when the key is wrong or the bytes were changed (GCM authenticates both). */
function unseal(key: Buffer, iv: Buffer, sealed: Buffer, aad: string): Buffer | null {
  if (sealed.length < TAG_BYTES || iv.length !== IV_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}

export const newContentKey = (): Buffer => randomBytes(32);

export function sealPart(key: Buffer, packageId: string, name: string, plain: Buffer): Buffer {
  const { iv, sealed } = seal(key, deflateRawSync(plain, { level: 6 }), `${packageId}/${name}`);
  return Buffer.concat([iv, sealed]);
}

export class PartError extends Error {}

/** Decrypts and inflates a part, never to more than the size the signed manifest declares. */
export function openPart(key: Buffer, packageId: string, name: string, sealed: Buffer, plainSize: number): Buffer {
  const deflated = unseal(key, sealed.subarray(0, IV_BYTES), sealed.subarray(IV_BYTES), `${packageId}/${name}`);
  if (!deflated) throw new PartError(`数据包中的 ${name} 无法解密：已损坏或被改动过`);
  let plain: Buffer;
  try {
    plain = inflateRawSync(deflated, { maxOutputLength: Math.max(plainSize, 1) });
  } catch {
    throw new PartError(`数据包中的 ${name} 解压后超出声明的大小，已拒绝（可能是恶意构造的数据包）`);
  }
  if (plain.length !== plainSize) throw new PartError(`数据包中的 ${name} 大小与清单不符`);
  return plain;
}

const officeKek = (shared: Buffer, packageId: string): Buffer => Buffer.from(hkdfSync('sha256', shared, Buffer.from(packageId, 'utf8'), 'township-ledger/office-slot', 32));

export function wrapForOffice(contentKey: Buffer, officeId: string, boxKey: string, packageId: string): KeySlot {
  const ephemeral = generateKeyPairSync('x25519');
  const shared = diffieHellman({ privateKey: ephemeral.privateKey, publicKey: publicKeyFrom(boxKey) });
  const { iv, sealed } = seal(officeKek(shared, packageId), contentKey, `${packageId}/slot/${officeId}`);
  return {
    kind: 'office',
    office: officeId,
    ephemeralKey: ephemeral.publicKey.export({ format: 'der', type: 'spki' }).toString('base64'),
    iv: iv.toString('base64'),
    wrapped: sealed.toString('base64'),
  };
}

export function unwrapForOffice(slot: Extract<KeySlot, { kind: 'office' }>, boxPrivate: KeyObject, packageId: string): Buffer | null {
  try {
    const shared = diffieHellman({ privateKey: boxPrivate, publicKey: publicKeyFrom(slot.ephemeralKey) });
    return unseal(officeKek(shared, packageId), Buffer.from(slot.iv, 'base64'), Buffer.from(slot.wrapped, 'base64'), `${packageId}/slot/${slot.office}`);
  } catch {
    return null;
  }
}

const passphraseKek = (passphrase: string, salt: Buffer, n: number, r: number, p: number): Buffer =>
  scryptSync(passphrase.normalize('NFC'), salt, 32, { N: n, r, p, maxmem: 256 * 1024 * 1024 });

export function wrapWithPassphrase(contentKey: Buffer, passphrase: string, packageId: string, n = SCRYPT_N): KeySlot {
  const salt = randomBytes(16);
  const { iv, sealed } = seal(passphraseKek(passphrase, salt, n, SCRYPT_R, SCRYPT_P), contentKey, `${packageId}/slot/passphrase`);
  return { kind: 'passphrase', salt: salt.toString('base64'), n, r: SCRYPT_R, p: SCRYPT_P, iv: iv.toString('base64'), wrapped: sealed.toString('base64') };
}

export function unwrapWithPassphrase(slot: Extract<KeySlot, { kind: 'passphrase' }>, passphrase: string, packageId: string): Buffer | null {
  return unseal(
    passphraseKek(passphrase, Buffer.from(slot.salt, 'base64'), slot.n, slot.r, slot.p),
    Buffer.from(slot.iv, 'base64'),
    Buffer.from(slot.wrapped, 'base64'),
    `${packageId}/slot/passphrase`,
  );
}
