import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { Input } from '../../shared/contract';
import type { Person } from '../../shared/person';
import type { LedgerError } from '../../shared/result';
import { api } from '../api/client';

type ListQuery = Required<Pick<Input<'listPeople'>, 'deleted' | 'sort' | 'direction'>> &
  Pick<Input<'listPeople'>, 'query' | 'gender' | 'politicalStatusCode'>;

/** The roster list: query, filters and the page on screen. */
export const useRosterStore = defineStore('roster', () => {
  const query = reactive<ListQuery>({ query: '', deleted: 'live', sort: 'name', direction: 'asc' });
  const page = ref(1);
  const pageSize = ref(50);
  const items = ref<Person[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const error = ref<LedgerError | null>(null);
  // Typing fires many searches; only the newest answer may land on screen.
  let latestRequest = 0;

  async function load(): Promise<void> {
    const request = ++latestRequest;
    loading.value = true;
    const result = await api.listPeople({
      ...query,
      query: query.query?.trim() || undefined,
      offset: (page.value - 1) * pageSize.value,
      limit: pageSize.value,
    });
    if (request !== latestRequest) return;
    loading.value = false;
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    error.value = null;
    items.value = result.data.items;
    total.value = result.data.total;
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

  return { query, page, pageSize, items, total, loading, error, load, remove, restore };
});
