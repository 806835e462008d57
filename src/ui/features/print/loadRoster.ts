import type { Person } from '../../../shared/person';
import { fail, ok, type Result } from '../../../shared/result';
import { DEFAULT_ROSTER_VIEWS, type RosterView } from '../../../shared/rosterColumns';
import { api } from '../../api/client';
import { loadPrintOffice, type PrintOffice } from './printOffice';

/** Everything a printout needs, fetched through the API client like any other screen. */

const PAGE = 1000;

export interface PrintData {
  /** This file's office, or the township a county file's roster is filtered to. */
  office: PrintOffice;
  views: RosterView[];
  view: RosterView;
}

export async function loadPrintSetup(viewId: string | null, originOffice?: string): Promise<Result<PrintData>> {
  const [office, views] = await Promise.all([loadPrintOffice(originOffice), api.getRosterViews({})]);
  if (!office.ok) return office;
  // An office that never saved its views still has the built-in ones.
  const all = views.ok && views.data.length > 0 ? views.data : DEFAULT_ROSTER_VIEWS.map((v) => ({ ...v }));
  const view = all.find((v) => v.id === (viewId ?? 'all')) ?? (viewId ? undefined : all[0]);
  if (!view) return fail('NOT_FOUND', `找不到花名册“${viewId}”`);
  return ok({ office: office.data, views: all, view });
}

/**
 * The view's people (holding any of its categories, recorded by `originOffice` when given) in name order, a page
 * of 1000 at a time, as the export does.
 */
export async function loadViewPeople(
  view: Pick<RosterView, 'categories'>,
  originOffice: string | undefined,
  onProgress: (loaded: number, total: number) => void,
): Promise<Result<Person[]>> {
  const categories = view.categories.length > 0 ? [...view.categories] : undefined;
  const people: Person[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api.listPeople({ categories, originOffice, sort: 'name', offset, limit: PAGE });
    if (!page.ok) return page;
    people.push(...page.data.items);
    onProgress(Math.min(offset + PAGE, page.data.total), page.data.total);
    if (page.data.items.length < PAGE || offset + PAGE >= page.data.total) return ok(people);
  }
}
