import type { LedgerHandlers, PeoplePage } from '../../shared/contract';
import type { Person } from '../../shared/person';
import type { RosterView } from '../../shared/rosterColumns';
import { dispatch } from '../dispatch';

const PAGE = 1000;

/**
 * A view's live people in name order, fetched through the contract a page of 1000 at a time, so an export
 * of 100k people streams instead of holding them all. One category is filtered by the core; several are
 * filtered here from everyone, which keeps one sort order across the whole roster. Shared by the CLI and
 * any other host that writes exports (Electron main, the browser host).
 */
export async function* viewPeople(api: LedgerHandlers, view: Pick<RosterView, 'categories'>): AsyncGenerator<Person> {
  const single = view.categories.length === 1 ? view.categories[0] : undefined;
  const wanted = new Set(view.categories);
  for (let offset = 0; ; offset += PAGE) {
    const result = await dispatch(api, 'listPeople', { category: single, sort: 'name', offset, limit: PAGE });
    if (!result.ok) throw new Error(result.error.message);
    const page = result.data as PeoplePage;
    for (const person of page.items) if (wanted.size <= 1 || person.categories.some((c) => wanted.has(c))) yield person;
    if (page.items.length < PAGE || offset + PAGE >= page.total) return;
  }
}
