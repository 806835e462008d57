import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { nowIso } from '../ids';
import { ensureSelfOffice } from '../office/officeRepo';
import type { OfficeInfo } from '../../shared/sync';
import type { Vector } from './exchangeState';

/** What an office tells others about itself: enough to check its signature and to encrypt packages for it. */
export interface OfficeCard {
  id: string;
  name: string;
  code: string | null;
  signKey: string;
  boxKey: string;
}

export interface SelfKeys {
  card: OfficeCard;
  signPrivate: KeyObject;
  boxPrivate: KeyObject;
}

const der = (key: KeyObject, type: 'spki' | 'pkcs8'): string => key.export({ format: 'der', type }).toString('base64');
export const publicKeyFrom = (base64: string): KeyObject => createPublicKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'spki' });
const privateKeyFrom = (base64: string): KeyObject => createPrivateKey({ key: Buffer.from(base64, 'base64'), format: 'der', type: 'pkcs8' });

interface SelfRow {
  id: string;
  name: string;
  code: string | null;
  sign_public_key: string | null;
  box_public_key: string | null;
  sign_private_key: string | null;
  box_private_key: string | null;
}

/** This office's signing (Ed25519) and receiving (X25519) key pairs, made on first use and kept in the file. */
export function selfKeys(db: Database): SelfKeys {
  ensureSelfOffice(db);
  let row = db.prepare('SELECT id, name, code, sign_public_key, box_public_key, sign_private_key, box_private_key FROM office WHERE is_self = 1').get() as SelfRow;
  if (!row.sign_private_key || !row.box_private_key || !row.sign_public_key || !row.box_public_key) {
    const sign = generateKeyPairSync('ed25519');
    const box = generateKeyPairSync('x25519');
    db.prepare('UPDATE office SET sign_public_key = ?, box_public_key = ?, sign_private_key = ?, box_private_key = ?, updated_at = ? WHERE id = ?').run(
      der(sign.publicKey, 'spki'),
      der(box.publicKey, 'spki'),
      der(sign.privateKey, 'pkcs8'),
      der(box.privateKey, 'pkcs8'),
      nowIso(),
      row.id,
    );
    row = db.prepare('SELECT id, name, code, sign_public_key, box_public_key, sign_private_key, box_private_key FROM office WHERE is_self = 1').get() as SelfRow;
  }
  return {
    card: { id: row.id, name: row.name, code: row.code, signKey: row.sign_public_key!, boxKey: row.box_public_key! },
    signPrivate: privateKeyFrom(row.sign_private_key!),
    boxPrivate: privateKeyFrom(row.box_private_key!),
  };
}

/** An office as the API shows it, with what it has acknowledged instead of the count that is derived from it. */
export interface KnownOffice extends Omit<OfficeInfo, 'unacknowledged'> {
  acked: Vector;
}

interface OfficeRow {
  id: string;
  name: string;
  code: string | null;
  is_self: number;
  sign_public_key: string | null;
  box_public_key: string | null;
  acked: string;
  last_package_at: string | null;
}

const toKnown = (row: OfficeRow): KnownOffice => ({
  id: row.id,
  name: row.name,
  code: row.code,
  isSelf: row.is_self === 1,
  signKey: row.sign_public_key,
  boxKey: row.box_public_key,
  acked: JSON.parse(row.acked) as Vector,
  lastPackageAt: row.last_package_at,
});

const OFFICE_COLUMNS = 'id, name, code, is_self, sign_public_key, box_public_key, acked, last_package_at';

export function knownOffices(db: Database): KnownOffice[] {
  return (db.prepare(`SELECT ${OFFICE_COLUMNS} FROM office ORDER BY is_self DESC, name`).all() as OfficeRow[]).map(toKnown);
}

export function knownOffice(db: Database, id: string): KnownOffice | undefined {
  const row = db.prepare(`SELECT ${OFFICE_COLUMNS} FROM office WHERE id = ?`).get(id) as OfficeRow | undefined;
  return row ? toKnown(row) : undefined;
}

export class OfficeKeyMismatch extends Error {}

/**
 * Registers or refreshes another office from its card. A card whose keys differ from the ones already known is
 * refused: someone else is using that office's id.
 */
export function registerOffice(db: Database, card: OfficeCard): void {
  const known = knownOffice(db, card.id);
  const now = nowIso();
  if (!known) {
    db.prepare(
      'INSERT INTO office (id, name, code, is_self, configured, sign_public_key, box_public_key, created_at, updated_at) VALUES (?, ?, ?, 0, 1, ?, ?, ?, ?)',
    ).run(card.id, card.name, card.code, card.signKey, card.boxKey, now, now);
    return;
  }
  if (known.isSelf) return;
  if ((known.signKey && known.signKey !== card.signKey) || (known.boxKey && known.boxKey !== card.boxKey)) {
    throw new OfficeKeyMismatch(`单位「${known.name}」的密钥与已登记的不一致，可能是伪造的数据包`);
  }
  db.prepare('UPDATE office SET name = ?, code = ?, sign_public_key = ?, box_public_key = ?, updated_at = ? WHERE id = ?').run(
    card.name,
    card.code,
    card.signKey,
    card.boxKey,
    now,
    card.id,
  );
}
