import type { LedgerHandlers, PeoplePage } from '../../shared/contract';
import type { Person } from '../../shared/person';
import type { RosterView } from '../../shared/rosterColumns';
import { dispatch } from '../dispatch';

const PAGE = 1000;

/**
 * A view's live people in name order, fetched through the contract a page of 1000 at a time, so an export
 * of 100k people streams instead of holding them all. The core filters by the view's categories (any of
 * them). Shared by the CLI and the window's exportRoster.
 */
export async function* viewPeople(api: LedgerHandlers, view: Pick<RosterView, 'categories'>): AsyncGenerator<Person> {
  const categories = view.categories.length > 0 ? view.categories : undefined;
  for (let offset = 0; ; offset += PAGE) {
    const result = await dispatch(api, 'listPeople', { categories, sort: 'name', offset, limit: PAGE });
    if (!result.ok) throw new Error(result.error.message);
    const page = result.data as PeoplePage;
    yield* page.items;
    if (page.items.length < PAGE || offset + PAGE >= page.total) return;
  }
}
