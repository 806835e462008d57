import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LedgerHandlers, ParsedInput } from '../../shared/contract';
import { fail, ok, type Result } from '../../shared/result';
import { dispatch } from '../dispatch';
import { rosterTitle } from './exportCells';
import { exportRosterCsv } from './exportCsv';
import { exportOffice, viewPeople } from './exportPeople';
import { exportRosterViews } from './exportRoster';

export interface ExportedFile {
  fileName: string;
  dataBase64: string;
  rows: number;
}

async function unwrap<T>(result: ReturnType<typeof dispatch>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.error.message);
  return r.data as T;
}

/**
 * Excel or CSV of one or more roster views, for the window to save (a download in the browser host, a save
 * dialog in Electron). Written through the same exporter as the CLI, to a private temp file, then handed over.
 */
export async function exportRosterForApp(api: LedgerHandlers, input: ParsedInput<'exportRoster'>, today: Date = new Date()): Promise<Result<ExportedFile>> {
  const office = await exportOffice(api, input.originOffice);
  const views = await unwrap<{ id: string; name: string; title: string; categories: string[]; columns: string[]; builtin: boolean }[]>(dispatch(api, 'getRosterViews', {}));
  const chosen = input.viewIds.map((id) => views.find((v) => v.id === id));
  if (chosen.some((v) => v === undefined)) return fail('NOT_FOUND', '找不到要导出的花名册视图，请刷新后重试');
  const picked = chosen as (typeof views)[number][];
  if (input.format === 'csv' && picked.length !== 1) return fail('VALIDATION', 'CSV 只能导出一张花名册');
  const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
  const base = picked.length === 1 ? rosterTitle(office, picked[0]!) : `${office.name}花名册`;
  const fileName = `${base}_${date}.${input.format}`.replace(/[\\/:*?"<>|]/g, '_');
  const dir = mkdtempSync(join(tmpdir(), 'ledger-export-'));
  try {
    const file = join(dir, `export.${input.format}`);
    const options = { maskIdNumbers: input.maskIdNumbers ?? false, today };
    const rows =
      input.format === 'csv'
        ? (await exportRosterCsv(file, picked[0]!, viewPeople(api, picked[0]!, input.originOffice), options)).rows
        : (await exportRosterViews(file, picked.map((view) => ({ view, people: viewPeople(api, view, input.originOffice) })), { ...options, office })).rows;
    return ok({ fileName, dataBase64: readFileSync(file).toString('base64'), rows });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
