import { defineStore } from 'pinia';
import { computed, reactive, ref, shallowReactive } from 'vue';
import type { Input } from '../../shared/contract';
import type { Person, PersonStatus } from '../../shared/person';
import type { LedgerError } from '../../shared/result';
import { api } from '../api/client';
import { ageBand } from '../features/roster/ageBands';
import { useRosterViewsStore } from './rosterViews';

/** Rows per request: a screenful or three, small enough to answer in a few milliseconds at 100k people. */
export const PAGE_SIZE = 100;
/** Pages kept in memory; the farthest from the screen go first. */
const MAX_CACHED_PAGES = 30;

export interface RosterQuery {
  query: string;
  gender?: '男' | '女';
  politicalStatusCode?: string;
  category?: string;
  unitId?: string;
  /** The office that recorded the people (a county file holds several townships'). */
  originOffice?: string;
  status?: PersonStatus;
  /** An AGE_BANDS id, or 'custom' for ageMin/ageMax typed by the clerk. */
  ageBand?: string;
  ageMin?: number;
  ageMax?: number;
  deleted: 'live' | 'deleted';
  sort: 'name' | 'birthDate' | 'unit';
  direction: 'asc' | 'desc';
}

type ListFilter = Omit<Input<'listPeople'>, 'offset' | 'limit'>;

/**
 * The roster list for a virtualised table: the total from the server and the pages of people around what
 * is on screen, fetched as the clerk scrolls. Row i is `personAt(i)`; a row whose page has not arrived
 * yet is undefined and drawn as a placeholder.
 */
export const useRosterStore = defineStore('roster', () => {
  const views = useRosterViewsStore();
  const query = reactive<RosterQuery>({ query: '', deleted: 'live', sort: 'name', direction: 'asc' });
  const total = ref(0);
  const loading = ref(false);
  const error = ref<LedgerError | null>(null);
  const pages = shallowReactive(new Map<number, Person[]>());
  /** Bumped when the list starts over (new filter or sort): the table scrolls back to the top. */
  const resetCount = ref(0);
  // Answers for an older filter must not land in the new list.
  let generation = 0;
  const pending = new Set<number>();
  let visible = { start: 0, end: 0 };
  let fetchTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * The view's categories narrow the list to people holding any of them (乡镇干部 spans three); the
   * category filter narrows further to one of them.
   */
  const viewCategories = computed(() => views.current.categories);
  const effectiveCategory = computed(() => {
    const within = viewCategories.value;
    if (within.length === 0) return query.category || undefined;
    return query.category && within.includes(query.category) ? query.category : undefined;
  });
  const effectiveCategories = computed(() => (viewCategories.value.length > 0 ? [...viewCategories.value] : undefined));

  /** The listPeople filter for what the clerk sees; print and export use it too. */
  function listInput(): ListFilter {
    const band = query.ageBand === 'custom' ? { ageMin: query.ageMin, ageMax: query.ageMax } : ageBand(query.ageBand);
    return {
      query: query.query.trim() || undefined,
      gender: query.gender || undefined,
      politicalStatusCode: query.politicalStatusCode || undefined,
      category: effectiveCategory.value,
      categories: effectiveCategories.value,
      unitId: query.unitId || undefined,
      originOffice: query.originOffice || undefined,
      status: query.status || undefined,
      ageMin: band?.ageMin ?? undefined,
      ageMax: band?.ageMax ?? undefined,
      deleted: query.deleted,
      sort: query.sort,
      direction: query.direction,
    };
  }

  function personAt(index: number): Person | undefined {
    return pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  function pagesIn(range: { start: number; end: number }): number[] {
    const first = Math.floor(Math.max(0, range.start) / PAGE_SIZE);
    const last = Math.floor(Math.max(range.start, range.end) / PAGE_SIZE);
    return Array.from({ length: last - first + 1 }, (_, k) => first + k);
  }

  function fetchPage(page: number) {
    return api.listPeople({ ...listInput(), offset: page * PAGE_SIZE, limit: PAGE_SIZE });
  }

  function evictFarPages(): void {
    if (pages.size <= MAX_CACHED_PAGES) return;
    const centre = Math.floor((visible.start + visible.end) / 2 / PAGE_SIZE);
    const far = [...pages.keys()].sort((a, b) => Math.abs(b - centre) - Math.abs(a - centre));
    for (const page of far.slice(0, pages.size - MAX_CACHED_PAGES)) pages.delete(page);
  }

  /**
   * Called by the table with the rows it draws. Fetching waits for the scrolling to pause briefly, so
   * dragging the scrollbar across 100,000 rows asks only for where it stops, not for every page passed.
   */
  function ensureRows(start: number, end: number): void {
    visible = { start, end };
    clearTimeout(fetchTimer);
    fetchTimer = setTimeout(fetchMissing, 40);
  }

  function fetchMissing(): void {
    const { start, end } = visible;
    if (total.value === 0) return;
    const gen = generation;
    for (const page of pagesIn({ start, end: Math.min(end, total.value - 1) })) {
      if (pages.has(page) || pending.has(page)) continue;
      pending.add(page);
      void fetchPage(page).then((result) => {
        if (gen !== generation) return;
        pending.delete(page);
        if (!result.ok) {
          error.value = result.error;
          return;
        }
        total.value = result.data.total;
        pages.set(page, result.data.items);
        evictFarPages();
      });
    }
  }

  /**
   * Reloads what is on screen after a change (a save, a delete), keeping the scroll position, and drops
   * every other cached page. Usable by any feature that changed people.
   */
  async function load(): Promise<void> {
    const gen = ++generation;
    pending.clear();
    loading.value = true;
    const wanted = pagesIn(visible);
    const results = await Promise.all(wanted.map(fetchPage));
    if (gen !== generation) return;
    loading.value = false;
    const failed = results.find((r) => !r.ok);
    if (failed && !failed.ok) {
      error.value = failed.error;
      return;
    }
    error.value = null;
    pages.clear();
    results.forEach((r, k) => {
      if (r.ok) pages.set(wanted[k]!, r.data.items);
    });
    const last = results.at(-1);
    total.value = last?.ok ? last.data.total : 0;
    // Rows scrolled into view while the answer was on its way.
    fetchMissing();
  }

  /** A new filter or sort: start from the top. */
  function reset(): Promise<void> {
    visible = { start: 0, end: Math.max(0, visible.end - visible.start) };
    resetCount.value++;
    return load();
  }

  async function remove(person: Person): Promise<LedgerError | null> {
    const result = await api.deletePerson({ id: person.id });
    if (!result.ok) return result.error;
    await load();
    return null;
  }

  async function restore(person: Person): Promise<LedgerError | null> {
    const result = await api.restorePerson({ id: person.id });
    if (!result.ok) return result.error;
    await load();
    return null;
  }

  return { query, total, loading, error, pages, resetCount, effectiveCategory, listInput, personAt, ensureRows, load, reset, remove, restore };
});
