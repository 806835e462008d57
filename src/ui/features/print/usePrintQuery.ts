import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router';

/** The URL says what a printout shows (so Electron can load it for print/printToPDF): read and change its query. */
export function usePrintQuery() {
  const route = useRoute();
  const router = useRouter();
  function queryText(name: string): string | null {
    const value = route.query[name];
    return typeof value === 'string' && value !== '' ? value : null;
  }
  function updateQuery(patch: LocationQueryRaw): void {
    void router.replace({ query: { ...route.query, ...patch } });
  }
  return { queryText, updateQuery };
}
