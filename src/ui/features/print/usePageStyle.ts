import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';

/**
 * Puts a <style> element in <head> while the calling component is mounted and removes it afterwards, so
 * page-wide print rules (@page size, margin boxes) apply to this printout only. The CSP allows inline
 * styles, not inline scripts; this adds no script.
 */
export function usePageStyle(css: Ref<string>, id: string): void {
  let element: HTMLStyleElement | null = null;
  onMounted(() => {
    element = document.createElement('style');
    element.dataset.printStyle = id;
    element.textContent = css.value;
    document.head.appendChild(element);
  });
  watch(css, (text) => {
    if (element) element.textContent = text;
  });
  onBeforeUnmount(() => {
    element?.remove();
    element = null;
  });
}
