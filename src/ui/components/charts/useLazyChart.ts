import { onBeforeUnmount, onMounted, watch, type Ref, type WatchSource } from 'vue';
import type { Chart, init } from '../../features/trainingLedger/echarts';

export interface LazyChartOptions {
  /** The element the chart paints into. */
  host: Ref<HTMLElement | undefined>;
  /** The page's own tree-shaken ECharts module, imported on first draw so the page never waits for it. */
  load: () => Promise<{ init: typeof init }>;
  /** Whether there is anything to draw: a hidden (empty) host has no size, so nothing is made until then. */
  ready: () => boolean;
  /** What the chart shows; a change draws it again. */
  source: WatchSource;
  /** Sets the chart's option. */
  draw: (chart: Chart) => void;
}

/**
 * An ECharts chart made on first draw, resized with its host, drawn again when its data changes and disposed
 * with the component.
 */
export function useLazyChart(options: LazyChartOptions): void {
  const { host } = options;
  let chart: Chart | null = null;
  let observer: ResizeObserver | null = null;
  let disposed = false;

  async function redraw(): Promise<void> {
    if (!host.value || !options.ready()) return;
    if (!chart) {
      const { init } = await options.load();
      if (disposed || !host.value) return;
      chart = init(host.value, undefined, { renderer: 'canvas' });
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(host.value);
    }
    options.draw(chart);
  }

  onMounted(() => void redraw());
  watch(options.source, () => void redraw(), { flush: 'post' });
  onBeforeUnmount(() => {
    disposed = true;
    observer?.disconnect();
    chart?.dispose();
    chart = null;
  });
}
