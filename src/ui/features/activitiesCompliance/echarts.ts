import { LegendComponent, type LegendComponentOption } from 'echarts/components';
import { use, type ComposeOption } from 'echarts/core.js';
import type { CoverageOption } from '../trainingLedger/echarts';

/**
 * The training ledger's tree-shaken ECharts (bars, grid, tooltip, zoom, canvas: no inline script, so the strict
 * CSP holds) plus the legend the stacked 完成/逾期/未到期 bars need. Loaded only with the compliance page.
 */
export { init, type Chart } from '../trainingLedger/echarts';

use([LegendComponent]);

export type ComplianceChartOption = CoverageOption | ComposeOption<LegendComponentOption>;
