import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { LedgerError } from '../../shared/result';
import { DEFAULT_ROSTER_VIEWS, type RosterView } from '../../shared/rosterColumns';
import { api } from '../api/client';

const LAST_VIEW_KEY = 'ledger.roster.view';

function rememberedViewId(): string {
  try {
    return localStorage.getItem(LAST_VIEW_KEY) ?? 'all';
  } catch {
    return 'all';
  }
}

/** The roster views (全部人员, 两委花名册 …) with their columns, saved in the data file; the chosen one per machine. */
export const useRosterViewsStore = defineStore('rosterViews', () => {
  const views = ref<RosterView[]>(DEFAULT_ROSTER_VIEWS.map((v) => ({ ...v, categories: [...v.categories], columns: [...v.columns] })));
  const currentId = ref(rememberedViewId());
  const current = computed(() => views.value.find((v) => v.id === currentId.value) ?? views.value[0]!);
  const error = ref<LedgerError | null>(null);

  async function load(): Promise<void> {
    const result = await api.getRosterViews({});
    if (!result.ok) {
      error.value = result.error;
      return;
    }
    error.value = null;
    views.value = result.data;
  }

  function select(id: string): void {
    currentId.value = id;
    try {
      localStorage.setItem(LAST_VIEW_KEY, id);
    } catch {
      // A locked-down profile without storage just forgets the choice.
    }
  }

  async function saveColumns(viewId: string, columns: string[]): Promise<LedgerError | null> {
    const next = views.value.map((v) => (v.id === viewId ? { ...v, columns } : v));
    const previous = views.value;
    // Shown at once; put back if the save is refused.
    views.value = next;
    const result = await api.saveRosterViews({ views: next });
    if (!result.ok) {
      views.value = previous;
      return result.error;
    }
    views.value = result.data;
    return null;
  }

  return { views, currentId, current, error, load, select, saveColumns };
});
