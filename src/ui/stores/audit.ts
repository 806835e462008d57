import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LockState, OperatorState } from '../../shared/audit';
import type { LedgerError } from '../../shared/result';
import { api, lockedListeners } from '../api/client';

/** The operator of this session and the app lock, as the header, the prompt and the lock screen share them. */
export const useAuditStore = defineStore('audit', () => {
  const operators = ref<OperatorState>({ operators: [], current: null });
  const lock = ref<LockState>({ hasPassword: false, locked: false, idleMinutes: 0 });
  /** Set once the ledger has been seen unlocked: pages load their data only from then on. */
  const opened = ref(false);

  lockedListeners.add(() => {
    lock.value = { ...lock.value, hasPassword: true, locked: true };
  });

  async function loadOperators(): Promise<void> {
    const result = await api.listOperators({});
    if (result.ok) operators.value = result.data;
  }

  async function chooseOperator(name: string): Promise<LedgerError | null> {
    const result = await api.setCurrentOperator({ name });
    if (!result.ok) return result.error;
    operators.value = result.data;
    return null;
  }

  async function removeOperator(name: string): Promise<void> {
    const result = await api.removeOperator({ name });
    if (result.ok) operators.value = result.data;
  }

  /** `active`: the clerk used the window since the last report, which postpones the core's own idle lock. */
  async function refreshLock(active = false): Promise<void> {
    const result = await api.lockState(active ? { active } : {});
    if (result.ok) setLock(result.data);
  }

  function setLock(state: LockState): void {
    lock.value = state;
    if (!state.locked) opened.value = true;
  }

  return { operators, lock, opened, loadOperators, chooseOperator, removeOperator, refreshLock, setLock };
});
