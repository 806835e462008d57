import type { LedgerHandlers, PeoplePage } from '../../shared/contract';
import type { Office } from '../../shared/office';
import type { Person } from '../../shared/person';
import type { RosterView } from '../../shared/rosterColumns';
import type { OfficeInfo } from '../../shared/sync';
import { dispatch } from '../dispatch';

const PAGE = 1000;

/**
 * A view's live people in name order, fetched through the contract a page of 1000 at a time, so an export
 * of 100k people streams instead of holding them all. The core filters by the view's categories (any of
 * them) and, in a county file, by the office that recorded them. Shared by the CLI and the window's exportRoster.
 */
export async function* viewPeople(api: LedgerHandlers, view: Pick<RosterView, 'categories'>, originOffice?: string): AsyncGenerator<Person> {
  const categories = view.categories.length > 0 ? view.categories : undefined;
  for (let offset = 0; ; offset += PAGE) {
    const result = await dispatch(api, 'listPeople', { categories, originOffice, sort: 'name', offset, limit: PAGE });
    if (!result.ok) throw new Error(result.error.message);
    const page = result.data as PeoplePage;
    yield* page.items;
    if (page.items.length < PAGE || offset + PAGE >= page.total) return;
  }
}

/**
 * The office a roster export is titled with (标题, 填报单位, 单位代码): this file's own, or the township a county
 * file's export is filtered to. An office the file does not know falls back to its own, as the ledger exports do.
 */
export async function exportOffice(api: LedgerHandlers, originOffice?: string): Promise<Pick<Office, 'name' | 'code' | 'configured'>> {
  const own = await dispatch(api, 'getOffice', {});
  if (!own.ok) throw new Error(own.error.message);
  if (!originOffice) return own.data as Office;
  const offices = await dispatch(api, 'listOffices', {});
  if (!offices.ok) throw new Error(offices.error.message);
  const picked = (offices.data as OfficeInfo[]).find((o) => o.id === originOffice);
  return picked ? { name: picked.name, code: picked.code, configured: true } : (own.data as Office);
}
