import { onMounted, ref, watch, type WatchSource } from 'vue';

export type PrintState = 'loading' | 'ready' | 'error';

/**
 * Loads what a printout shows when it is mounted and again when its URL changes; a load overtaken by a newer
 * one is dropped. `fetch` puts the data in place, checking `current()` after each wait before it does; it
 * returns the message to show when the data cannot be had, or nothing when it is ready.
 */
export function usePrintLoad(fetch: (current: () => boolean) => Promise<string | undefined>, reloadOn: WatchSource) {
  const state = ref<PrintState>('loading');
  const errorMessage = ref('');
  let loadId = 0;

  async function load(): Promise<void> {
    const id = ++loadId;
    const current = () => id === loadId;
    state.value = 'loading';
    const failure = await fetch(current);
    if (!current()) return;
    if (failure === undefined) {
      state.value = 'ready';
    } else {
      errorMessage.value = failure;
      state.value = 'error';
    }
  }

  onMounted(load);
  watch(reloadOn, load);
  return { state, errorMessage, load };
}
