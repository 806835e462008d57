import type { Office } from '../../../shared/office';
import type { Person } from '../../../shared/person';
import { fail, ok, type Result } from '../../../shared/result';
import { DEFAULT_ROSTER_VIEWS, type RosterView } from '../../../shared/rosterColumns';
import { api } from '../../api/client';

/** Everything a printout needs, fetched through the API client like any other screen. */

const PAGE = 1000;

export interface PrintData {
  office: Office;
  views: RosterView[];
  view: RosterView;
}

export async function loadPrintSetup(viewId: string | null): Promise<Result<PrintData>> {
  const [office, views] = await Promise.all([api.getOffice({}), api.getRosterViews({})]);
  if (!office.ok) return office;
  // An office that never saved its views still has the built-in ones.
  const all = views.ok && views.data.length > 0 ? views.data : DEFAULT_ROSTER_VIEWS.map((v) => ({ ...v }));
  const view = all.find((v) => v.id === (viewId ?? 'all')) ?? (viewId ? undefined : all[0]);
  if (!view) return fail('NOT_FOUND', `找不到花名册“${viewId}”`);
  return ok({ office: office.data, views: all, view });
}

/**
 * The view's people in name order, a page of 1000 at a time. One category is filtered by the core;
 * several are filtered here so the order stays one list (as the CLI export does).
 */
export async function loadViewPeople(view: Pick<RosterView, 'categories'>, onProgress: (loaded: number, total: number) => void): Promise<Result<Person[]>> {
  const single = view.categories.length === 1 ? view.categories[0] : undefined;
  const wanted = new Set(view.categories);
  const people: Person[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.listPeople({ category: single, sort: 'name', offset, limit: PAGE });
    if (!page.ok) return page;
    for (const person of page.data.items) if (wanted.size <= 1 || person.categories.some((c) => wanted.has(c))) people.push(person);
    onProgress(Math.min(offset + PAGE, page.data.total), page.data.total);
    if (page.data.items.length < PAGE || offset + PAGE >= page.data.total) return ok(people);
  }
}
