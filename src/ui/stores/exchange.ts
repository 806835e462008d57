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

  function take<T>(result: Result<T>, into: { value: T }): void {
    if (result.ok) into.value = result.data;
    else ElMessage.error(result.error.message);
  }

  const loadOffices = async () => take(await api.listOffices({}), offices);
  const loadConflicts = async () => take(await api.listConflicts({}), conflicts);
  const loadDuplicates = async () => take(await api.listDuplicates({}), duplicates);
  const loadHistory = async () => take(await api.packageImports({}), history);

  async function loadAll(): Promise<void> {
    await Promise.all([loadOffices(), loadConflicts(), loadDuplicates(), loadHistory()]);
  }

  return { offices, conflicts, duplicates, history, loadOffices, loadConflicts, loadDuplicates, loadHistory, loadAll };
});
