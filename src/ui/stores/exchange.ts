import { ElMessage } from 'element-plus';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Result } from '../../shared/result';
import type { ConflictItem, DuplicatePair, ImportHistoryItem, OfficeInfo } from '../../shared/sync';
import { api } from '../api/client';

/**
 * What the 数据交换 tabs share: the offices, the open conflicts and duplicates (their counts sit on the tabs) and
 * the import history. An import, an undo or a resolution changes several of them, so each reloads what it touched.
 */
export const useExchangeStore = defineStore('exchange', () => {
  const offices = ref<OfficeInfo[]>([]);
  const conflicts = ref<ConflictItem[]>([]);
  const duplicates = ref<DuplicatePair[]>([]);
  const history = ref<ImportHistoryItem[]>([]);
  /** Names of units and party organisations by id, for showing raw ids in duplicates and conflicts. */
  const names = ref<Record<string, string>>({});

  function take<T>(result: Result<T>, into: { value: T }): void {
    if (result.ok) into.value = result.data;
    else ElMessage.error(result.error.message);
  }

  const loadOffices = async () => take(await api.listOffices({}), offices);
  const loadConflicts = async () => take(await api.listConflicts({}), conflicts);
  const loadDuplicates = async () => take(await api.listDuplicates({}), duplicates);
  const loadHistory = async () => take(await api.packageImports({}), history);

  async function loadNames(): Promise<void> {
    const [units, orgs] = await Promise.all([api.listUnits({ includeDeleted: true }), api.listPartyOrgs({ includeDeleted: true })]);
    names.value = Object.fromEntries([...(units.ok ? units.data : []), ...(orgs.ok ? orgs.data : [])].map((n) => [n.id, n.name]));
  }

  async function loadAll(): Promise<void> {
    await Promise.all([loadOffices(), loadConflicts(), loadDuplicates(), loadHistory(), loadNames()]);
  }

  return { offices, conflicts, duplicates, history, names, loadNames, loadOffices, loadConflicts, loadDuplicates, loadHistory, loadAll };
});
