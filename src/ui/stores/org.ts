import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { Input } from '../../shared/contract';
import type { PartyOrg, Unit } from '../../shared/org';
import type { LedgerError, Result } from '../../shared/result';
import { api } from '../api/client';
import { buildTree } from '../features/org/tree';

/**
 * Units and party organisations, shared by the 组织机构 page, the person form and the roster filters.
 * The lists are small (a township has tens of units), so each change reloads them whole.
 */
export const useOrgStore = defineStore('org', () => {
  const units = ref<Unit[]>([]);
  const partyOrgs = ref<PartyOrg[]>([]);
  /** The 组织机构 page can show deleted nodes to restore them; pickers never do. */
  const includeDeleted = ref(false);
  const loaded = ref(false);
  const error = ref<LedgerError | null>(null);

  const liveUnits = computed(() => units.value.filter((u) => !u.deletedAt));
  const livePartyOrgs = computed(() => partyOrgs.value.filter((o) => !o.deletedAt));
  const unitTree = computed(() => buildTree(liveUnits.value));
  const partyOrgTree = computed(() => buildTree(livePartyOrgs.value));

  async function load(): Promise<void> {
    const [u, o] = await Promise.all([
      api.listUnits({ includeDeleted: includeDeleted.value }),
      api.listPartyOrgs({ includeDeleted: includeDeleted.value }),
    ]);
    if (!u.ok || !o.ok) {
      error.value = !u.ok ? u.error : !o.ok ? o.error : null;
      return;
    }
    error.value = null;
    units.value = u.data;
    partyOrgs.value = o.data;
    loaded.value = true;
  }

  /** Loads once for pickers; the 组织机构 page calls load() itself. */
  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await load();
  }

  async function run<T>(call: Promise<Result<T>>): Promise<LedgerError | null> {
    const result = await call;
    if (!result.ok) return result.error;
    await load();
    return null;
  }

  return {
    units,
    partyOrgs,
    includeDeleted,
    error,
    liveUnits,
    livePartyOrgs,
    unitTree,
    partyOrgTree,
    load,
    ensureLoaded,
    saveUnit: (input: Input<'saveUnit'>) => run(api.saveUnit(input)),
    deleteUnit: (id: string) => run(api.deleteUnit({ id })),
    restoreUnit: (id: string) => run(api.restoreUnit({ id })),
    savePartyOrg: (input: Input<'savePartyOrg'>) => run(api.savePartyOrg(input)),
    deletePartyOrg: (id: string) => run(api.deletePartyOrg({ id })),
    restorePartyOrg: (id: string) => run(api.restorePartyOrg({ id })),
  };
});
