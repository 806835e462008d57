import type { Database } from 'better-sqlite3';
import { nowIso, uuidv7 } from '../ids';
import { changesNotAcknowledged, receivedVector } from './exchangeState';
import { knownOffice, knownOffices, selfKeys, type OfficeCard } from './officeKeys';
import { buildPackage, readManifest, PACKAGE_EXTENSION, type Manifest } from './packageFormat';

export interface ExportRequest {
  /** The destination office, or null for a package anyone holding the passphrase can import (full). */
  to: string | null;
  passphrase: string | null;
  scryptN?: number;
}

export interface BuiltPackage {
  bytes: Buffer;
  manifest: Manifest;
  fileName: string;
  /** Checks bytes read back from the stick are this package, intact. */
  verify: (bytes: Buffer) => void;
}

export class ExportRefused extends Error {}

const safeName = (name: string): string => name.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '单位';

export function packageFileName(from: string, to: string | null, at = new Date()): string {
  const day = `${at.getFullYear()}-${String(at.getMonth() + 1).padStart(2, '0')}-${String(at.getDate()).padStart(2, '0')}`;
  return `${safeName(from)}_致_${to ? safeName(to) : '全部'}_${day}${PACKAGE_EXTENSION}`;
}

/**
 * A package of every change the destination has not acknowledged (for a full package: every change), with the
 * acknowledgements this office owes and the cards of every office the changes come from.
 */
export function buildExport(db: Database, request: ExportRequest): BuiltPackage {
  const self = selfKeys(db);
  let recipient: { id: string; name: string; boxKey: string } | null = null;
  let acked = {};
  if (request.to !== null) {
    const office = knownOffice(db, request.to);
    if (!office || office.isSelf) throw new ExportRefused('找不到收件单位：请先导入一次该单位发来的数据包，或用密码导出全部数据');
    if (!office.boxKey && !request.passphrase) throw new ExportRefused(`还没有「${office.name}」的公钥：请设置密码导出，首次交换后即可免密码`);
    if (office.boxKey) recipient = { id: office.id, name: office.name, boxKey: office.boxKey };
    acked = office.acked;
  } else if (!request.passphrase) {
    throw new ExportRefused('导出全部数据需要设置密码');
  }
  const changes = changesNotAcknowledged(db, acked);
  const originIds = new Set(changes.ops.map((op) => op.o));
  const offices: OfficeCard[] = knownOffices(db)
    .filter((o) => (originIds.has(o.id) || o.isSelf) && o.signKey && o.boxKey)
    .map((o) => ({ id: o.id, name: o.name, code: o.code, signKey: o.signKey!, boxKey: o.boxKey! }));
  const built = buildPackage({
    self,
    recipient,
    passphrase: request.passphrase,
    vector: receivedVector(db),
    ranges: changes.ranges,
    contents: { ops: changes.ops, blobs: changes.blobs, offices },
    scryptN: request.scryptN,
  });
  const toName = request.to === null ? null : (knownOffice(db, request.to)?.name ?? null);
  const verify = (bytes: Buffer): void => {
    if (!bytes.equals(built.bytes)) throw new Error('读回的内容与写入的不一致');
    readManifest(bytes, { registeredSignKey: () => self.card.signKey });
  };
  return { bytes: built.bytes, manifest: built.manifest, fileName: packageFileName(self.card.name, toName), verify };
}

/** Remembered so an undo of an earlier import can be refused once its changes may have travelled on. */
export function recordExport(db: Database, built: BuiltPackage, fileName: string): void {
  db.prepare('INSERT INTO sync_exports (id, package_id, to_office, file_name, ranges, op_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    uuidv7(),
    built.manifest.packageId,
    built.manifest.recipient?.id ?? null,
    fileName,
    JSON.stringify(built.manifest.ranges),
    built.manifest.opCount,
    nowIso(),
  );
}
