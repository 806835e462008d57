import { computed, onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { pageCounterContent, pageCss, type Orientation } from './printLayout';

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

/** The @page rules of one printout: A4 in the given orientation and margins, 第 x 页 共 y 页 at the foot. */
export function usePrintPageStyle(id: string, orientation?: Orientation, margin?: string): void {
  const { t } = useI18n();
  usePageStyle(
    computed(() => pageCss(pageCounterContent((marks) => t('print.pageOf', marks)), orientation, margin)),
    id,
  );
}
