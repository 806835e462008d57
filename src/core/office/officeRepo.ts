import type { Database } from 'better-sqlite3';
import type { Office } from '../../shared/office';
import { nowIso, uuidv7 } from '../ids';

interface OfficeRow {
  id: string;
  name: string;
  code: string | null;
  configured: number;
}

const toOffice = (row: OfficeRow): Office => ({ id: row.id, name: row.name, code: row.code, configured: row.configured === 1 });

/** The office this data file belongs to; created unnamed on first use so records always have an origin. */
export function ensureSelfOffice(db: Database): Office {
  const row = db.prepare('SELECT id, name, code, configured FROM office WHERE is_self = 1').get() as OfficeRow | undefined;
  if (row) return toOffice(row);
  const now = nowIso();
  const id = uuidv7();
  db.prepare('INSERT INTO office (id, name, code, is_self, configured, created_at, updated_at) VALUES (?, ?, NULL, 1, 0, ?, ?)').run(id, '本单位', now, now);
  return { id, name: '本单位', code: null, configured: false };
}

export function updateSelfOffice(db: Database, name: string, code: string | null): Office {
  const self = ensureSelfOffice(db);
  db.prepare('UPDATE office SET name = ?, code = ?, configured = 1, updated_at = ? WHERE id = ?').run(name, code, nowIso(), self.id);
  return { id: self.id, name, code, configured: true };
}
