import { INSERT_FIELD, PRESENT_FIELD, PURGE_FIELD, SYNC_TABLES, isJunction, type SyncTable } from './syncTables';

/**
 * SQL for the change log's capture triggers. Every write to a synced table, whatever code path made it, becomes
 * log entries in the same transaction: one per changed field, with the hybrid logical clock, this office's next
 * sequence number, the field's previous version (base) and the operator. Writes made while applying another
 * office's changes (sync_state.applying <> 0) are not captured: they are already in the log.
 */

const NOW_HLC = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 1000";
const NOW_ISO = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
const quote = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** The op that holds a field's current value: the newest head, or the row's insert when never edited. */
function baseOf(table: string, rowId: string, field: string): string {
  const head = `SELECT h.op_id FROM field_heads h WHERE h.tbl = ${quote(table)} AND h.row_id = ${rowId} AND h.field = ${quote(field)} ORDER BY h.hlc DESC, h.office_id DESC LIMIT 1`;
  if (field === PRESENT_FIELD) return `(${head})`;
  const insert = `SELECT l.op_id FROM change_log l WHERE l.tbl = ${quote(table)} AND l.row_id = ${rowId} AND l.field = '${INSERT_FIELD}' ORDER BY l.hlc DESC LIMIT 1`;
  return `coalesce((${head}), (${insert}))`;
}

const LOG_COLUMNS = 'op_id, office_id, seq, hlc, tbl, row_id, field, old_value, new_value, base_op, row_base, resolves, seen, operator, at';

function logInsert(values: { table: string; rowId: string; field: string; old: string; now: string; base: string; rowBase: string; resolves: string; seen: string }, where = ''): string {
  return `INSERT INTO change_log (${LOG_COLUMNS})
    SELECT s.office_id || ':' || s.seq, s.office_id, s.seq, s.hlc, ${quote(values.table)}, ${values.rowId}, ${quote(values.field)}, ${values.old}, ${values.now},
      ${values.base}, ${values.rowBase}, ${values.resolves}, ${values.seen}, s.operator, ${NOW_ISO}
    FROM sync_state s ${where};`;
}

/**
 * What a field's heads stand for when telling whether they agree: a deletion is a deletion whatever its time, so two
 * offices deleting the same record agree. Shared with the conflict list (conflicts.ts), so both judge alike.
 */
export function headMeaningSql(field: string, value = 'h.value'): string {
  return field === 'deleted_at' ? `(${value} = 'null')` : value;
}

/**
 * The versions a write settles: every head of the field when the clerk resolves a conflict (sync_state.resolving),
 * and also when the heads all agree (two offices made the same change, which is no conflict to show): an ordinary
 * edit then replaces them all, instead of leaving the other office's equal version to disagree with it.
 */
function settledHeads(table: string, rowId: string, field: string): string {
  const heads = `FROM field_heads h WHERE h.tbl = '${table}' AND h.row_id = ${rowId} AND h.field = '${field}'`;
  const agree = `(SELECT count(*) > 1 AND count(DISTINCT ${headMeaningSql(field)}) = 1 ${heads})`;
  return `CASE WHEN instr(s.resolving, ',${field},') > 0 OR ${agree} THEN (SELECT json_group_array(h.op_id) ${heads}) END`;
}

const TICK = `UPDATE sync_state SET hlc = max(hlc + 1, ${NOW_HLC});`;
const NOT_APPLYING = '(SELECT applying FROM sync_state) = 0';

function rowTriggers(table: SyncTable): string {
  const t = table.name;
  const all = ['id', ...table.columns];
  const json = (row: 'new' | 'old'): string => `json_object(${all.map((c) => `'${c}', ${row}.${c}`).join(', ')})`;
  const insert = `CREATE TRIGGER sync_capture_${t}_insert AFTER INSERT ON ${t} WHEN ${NOT_APPLYING} BEGIN
    ${TICK}
    UPDATE sync_state SET seq = seq + 1;
    ${logInsert({ table: t, rowId: 'new.id', field: INSERT_FIELD, old: 'NULL', now: json('new'), base: 'NULL', rowBase: 'NULL', resolves: 'NULL', seen: 'NULL' })}
  END;`;
  const purge = `CREATE TRIGGER sync_capture_${t}_purge AFTER DELETE ON ${t} WHEN ${NOT_APPLYING} BEGIN
    ${TICK}
    UPDATE sync_state SET seq = seq + 1;
    ${logInsert({ table: t, rowId: 'old.id', field: PURGE_FIELD, old: json('old'), now: 'NULL', base: 'NULL', rowBase: 'NULL', resolves: 'NULL', seen: 'NULL' })}
  END;`;
  // One trigger per column, firing only when that column was set: a single trigger testing thirty columns on
  // every update made each write about eight times slower.
  const tick = `CREATE TRIGGER sync_capture_${t}_tick BEFORE UPDATE ON ${t} WHEN ${NOT_APPLYING} BEGIN
    ${TICK}
  END;`;
  const fields = table.columns.map((c) => {
    const rowBase = table.softDelete && c !== 'deleted_at' ? baseOf(t, 'new.id', 'deleted_at') : 'NULL';
    const resolves = settledHeads(t, 'new.id', c);
    // A delete names every field version it has seen, so an edit it did not see is found as a conflict.
    const seen =
      c === 'deleted_at'
        ? `CASE WHEN new.deleted_at IS NOT NULL THEN (SELECT json_group_array(h.op_id) FROM field_heads h WHERE h.tbl = '${t}' AND h.row_id = new.id AND h.field <> 'deleted_at') END`
        : 'NULL';
    return `CREATE TRIGGER sync_capture_${t}_${c} AFTER UPDATE OF ${c} ON ${t}
    WHEN ${NOT_APPLYING} AND (old.${c} IS NOT new.${c} OR instr((SELECT resolving FROM sync_state), ',${c},') > 0) BEGIN
    UPDATE sync_state SET seq = seq + 1;
    ${logInsert({ table: t, rowId: 'new.id', field: c, old: `json_quote(old.${c})`, now: `json_quote(new.${c})`, base: baseOf(t, 'new.id', c), rowBase, resolves, seen })}
  END;`;
  });
  return [insert, purge, tick, ...fields].join('\n');
}

function junctionTriggers(table: SyncTable): string {
  const t = table.name;
  const [a, b] = table.key;
  const step = (row: 'new' | 'old', present: '1' | '0'): string => {
    const rowId = `json_array(${row}.${a}, ${row}.${b})`;
    const resolves = settledHeads(t, rowId, PRESENT_FIELD);
    return `${TICK}
    UPDATE sync_state SET seq = seq + 1;
    ${logInsert({ table: t, rowId, field: PRESENT_FIELD, old: present === '1' ? "'0'" : "'1'", now: `'${present}'`, base: baseOf(t, rowId, PRESENT_FIELD), rowBase: 'NULL', resolves, seen: 'NULL' })}`;
  };
  return `CREATE TRIGGER sync_capture_${t}_insert AFTER INSERT ON ${t} WHEN ${NOT_APPLYING} BEGIN
    ${step('new', '1')}
  END;
  CREATE TRIGGER sync_capture_${t}_delete AFTER DELETE ON ${t} WHEN ${NOT_APPLYING} BEGIN
    ${step('old', '0')}
  END;`;
}

export function captureTriggersSql(tables: readonly SyncTable[] = SYNC_TABLES): string {
  return tables.map((t) => (isJunction(t) ? junctionTriggers(t) : rowTriggers(t))).join('\n');
}

/** Drops every capture trigger and creates them as this version writes them (a migration after a change of them). */
export function recreateCaptureTriggersSql(tables: readonly SyncTable[] = SYNC_TABLES): string {
  const create = captureTriggersSql(tables);
  const drops = [...create.matchAll(/CREATE TRIGGER (\w+)/g)].map((m) => `DROP TRIGGER IF EXISTS ${m[1]};`);
  return `${drops.join('\n')}\n${create}`;
}

/** Existing rows become insert entries of this office, so the first package carries the whole ledger. */
export function backfillSql(tables: readonly SyncTable[] = SYNC_TABLES): string {
  return tables
    .map((table) => {
      const t = table.name;
      const rowId = isJunction(table) ? `json_array(r.${table.key[0]}, r.${table.key[1]})` : 'r.id';
      const field = isJunction(table) ? PRESENT_FIELD : INSERT_FIELD;
      const value = isJunction(table) ? "'1'" : `json_object(${['id', ...table.columns].map((c) => `'${c}', r.${c}`).join(', ')})`;
      return `INSERT INTO change_log (${LOG_COLUMNS})
        SELECT s.office_id || ':' || (s.seq + n.rn), s.office_id, s.seq + n.rn, s.hlc + n.rn, '${t}', n.row_id, '${field}', NULL, n.value,
          NULL, NULL, NULL, NULL, NULL, ${NOW_ISO}
        FROM sync_state s, (SELECT row_number() OVER (ORDER BY ${isJunction(table) ? table.key.map((k) => `r.${k}`).join(', ') : 'r.rowid'}) AS rn, ${rowId} AS row_id, ${value} AS value FROM ${t} r) n;
      UPDATE sync_state SET seq = seq + (SELECT count(*) FROM ${t}), hlc = hlc + (SELECT count(*) FROM ${t});`;
    })
    .join('\n');
}
