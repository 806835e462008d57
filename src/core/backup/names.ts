import { BACKUP_KIND_NAMES, BACKUP_KINDS, type BackupKind } from '../../shared/backupContract';

/**
 * Backup file names say what they are, so a clerk browsing the folder recognises them:
 * `导入前_2026-11-22_103015_花名册.xlsx.sqlite`, `每日_2026-11-22_080001.sqlite`, and `-2` after the time when
 * two land in the same second. Kind and time live in the name (local time, the clerk's calendar), so listing
 * and rotation never have to open a file, and the backup itself stays an untouched copy of the ledger.
 */

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function localDate(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

export function localTime(at: Date): string {
  return `${pad(at.getHours())}${pad(at.getMinutes())}${pad(at.getSeconds())}`;
}

/** A label safe in a Windows file name; empty when nothing useful is left. */
export function safeLabel(label: string | undefined): string {
  return (label ?? '')
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, '_')
    .replace(/^[.\s_]+/, '')
    .trim()
    .slice(0, 60);
}

export function backupFileName(kind: BackupKind, at: Date, label?: string, seq = 1): string {
  const clean = safeLabel(label);
  return `${BACKUP_KIND_NAMES[kind]}_${localDate(at)}_${localTime(at)}${seq > 1 ? `-${seq}` : ''}${clean ? `_${clean}` : ''}.sqlite`;
}

const KIND_BY_NAME = new Map(BACKUP_KINDS.map((k) => [BACKUP_KIND_NAMES[k], k]));
const PATTERN = /^([^_]+)_(\d{4})-(\d{2})-(\d{2})_(\d{2})(\d{2})(\d{2})(?:-(\d+))?(?:_(.*))?\.sqlite$/;

export interface ParsedName {
  kind: BackupKind;
  takenAt: Date;
  /** Sorts backups of the same second in the order they were made. */
  seq: number;
  label: string;
  date: string;
}

export function parseBackupName(name: string): ParsedName | null {
  const m = PATTERN.exec(name);
  if (!m) return null;
  const kind = KIND_BY_NAME.get(m[1]!);
  if (!kind) return null;
  const [y, mo, d, h, mi, s] = m.slice(2, 8).map(Number) as [number, number, number, number, number, number];
  const takenAt = new Date(y, mo - 1, d, h, mi, s);
  if (Number.isNaN(takenAt.getTime())) return null;
  return { kind, takenAt, seq: m[8] ? Number(m[8]) : 1, label: m[9] ?? '', date: `${m[2]}-${m[3]}-${m[4]}` };
}

/** A file in the backup folder that listBackups shows: ours or a copied-in .sqlite, never our temp files. */
export function isBackupFileName(name: string): boolean {
  return name.endsWith('.sqlite') && !name.startsWith('.');
}

export const TEMP_PREFIX = '.tmp-';
