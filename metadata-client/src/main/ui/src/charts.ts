// Charts with Apache ECharts (canvas renderer), only the parts the dashboard draws: lines, scatter, parallel axes.
import * as echarts from 'echarts/core';
import { LineChart, ScatterChart, ParallelChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, ParallelComponent, TitleComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { EChartsCoreOption } from 'echarts/core';
import type { MetricPoint } from './api';

echarts.use([LineChart, ScatterChart, ParallelChart, GridComponent, TooltipComponent, LegendComponent,
  DataZoomComponent, ParallelComponent, TitleComponent, CanvasRenderer]);

const live = new Set<echarts.ECharts>();

/** Disposes every chart of the previous view. */
export function disposeCharts(): void {
  for (const c of live) c.dispose();
  live.clear();
}

/** Draws an option into el; resolves once the chart has rendered. */
export function draw(el: HTMLElement, option: EChartsCoreOption): Promise<echarts.ECharts> {
  const chart = echarts.init(el, undefined, { renderer: 'canvas' });
  live.add(chart);
  return new Promise(resolve => {
    chart.on('finished', () => resolve(chart));
    chart.setOption({ animation: false, ...option });
  });
}

export type XAxis = 'step' | 'time';

export interface Curve { name: string; points: MetricPoint[] }

/** Curves of one metric, overlaid, on step or wall-clock time. */
export function curveOption(title: string, curves: Curve[], x: XAxis): EChartsCoreOption {
  return {
    title: { text: title, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis' },
    legend: curves.length > 1 ? { top: 22, type: 'scroll' } : undefined,
    grid: { left: 60, right: 20, top: curves.length > 1 ? 56 : 36, bottom: 50 },
    xAxis: { type: x === 'time' ? 'time' : 'value', name: x, nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', scale: true },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 14, bottom: 4 }],
    series: curves.map(c => ({
      name: c.name,
      type: 'line',
      showSymbol: c.points.length < 50,
      sampling: 'lttb',
      data: c.points.map(p => [x === 'time' ? p.timestamp : p.step, Number.isFinite(p.value) ? p.value : null]),
    })),
  };
}

export interface Axis { name: string; categories?: string[] }

/** Parallel coordinates: one line per run across params and metrics. */
export function parallelOption(axes: Axis[], rows: { name: string; values: (number | string | null)[] }[]): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item' },
    parallel: { left: 60, right: 80, top: 40, bottom: 30 },
    parallelAxis: axes.map((a, i) => (a.categories
      ? { dim: i, name: a.name, type: 'category', data: a.categories }
      : { dim: i, name: a.name, type: 'value', scale: true })),
    series: [{
      type: 'parallel',
      lineStyle: { width: 1.5, opacity: 0.6 },
      data: rows.map(r => ({ name: r.name, value: r.values })),
    }],
  };
}

/** A param against a metric, one point per run. */
export function scatterOption(xName: string, yName: string, points: { name: string; x: number | string; y: number }[], categories?: string[]): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item', formatter: (p: { data: { name: string; value: [unknown, unknown] } }) => `${p.data.name}: ${p.data.value[0]}, ${p.data.value[1]}` },
    grid: { left: 60, right: 20, top: 20, bottom: 50 },
    xAxis: categories ? { type: 'category', data: categories, name: xName, nameLocation: 'middle', nameGap: 28 }
      : { type: 'value', name: xName, nameLocation: 'middle', nameGap: 28, scale: true },
    yAxis: { type: 'value', name: yName, scale: true },
    series: [{ type: 'scatter', symbolSize: 9, data: points.map(p => ({ name: p.name, value: [p.x, p.y] })) }],
  };
}
