import type { LedgerHandlers } from '../shared/contract';
import { call } from './commands';
import { CliError } from './output';

/**
 * `--office OFFICE_ID`: a county file holds several townships' records; the id is the one `ledger office show`
 * prints in each township (and `listOffices` here). An id this file has never heard of is refused rather than
 * answered with an empty report.
 */
export async function officeIdOf(api: LedgerHandlers, id: string | undefined): Promise<string | undefined> {
  if (id === undefined) return undefined;
  const wanted = id.trim();
  const offices = await call(api, 'listOffices', {});
  if (offices.some((o) => o.id === wanted)) return wanted;
  const known = offices.map((o) => `${o.name}（${o.id}）`).join('、');
  throw new CliError(`本数据文件中没有编号为“${wanted}”的单位。已知单位：${known}`, 2);
}
