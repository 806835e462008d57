import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Office } from '../../shared/office';
import type { LedgerError } from '../../shared/result';
import { api } from '../api/client';

export const useOfficeStore = defineStore('office', () => {
  const office = ref<Office | null>(null);

  async function load(): Promise<void> {
    const result = await api.getOffice({});
    if (result.ok) office.value = result.data;
  }

  async function save(name: string, code: string | null): Promise<LedgerError | null> {
    const result = await api.setOffice({ name, code });
    if (!result.ok) return result.error;
    office.value = result.data;
    return null;
  }

  return { office, load, save };
});
