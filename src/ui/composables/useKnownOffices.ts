import { computed, ref } from 'vue';
import type { OfficeInfo } from '../../shared/sync';
import { api } from '../api/client';

const offices = ref<OfficeInfo[]>([]);
let loading: Promise<void> | null = null;

/**
 * The offices this file knows (itself first), for the 来源单位 filter. Read once per page load and shared by every
 * page; `refresh` after an import may have introduced a new office.
 */
export function useKnownOffices() {
  const refresh = (): Promise<void> =>
    (loading = api.listOffices({}).then((result) => {
      if (result.ok) offices.value = result.data;
    }));
  if (!loading) void refresh();
  /** A file that only ever held its own records has nothing to filter by. */
  const several = computed(() => offices.value.length > 1);
  return { offices, several, refresh };
}
