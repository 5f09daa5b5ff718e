/**
 * chart.js configurations for the Gradients tab, built from the analysis the
 * service computed (the renderer only draws). Colours come from the theme's
 * CSS variables, so light and dark follow the OS.
 */
import {
  Chart,
  Decimation,
  Legend,
  LineController,
  LineElement,
  LinearScale,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import type { ChartSeries, GradientChart, LoopSeries } from '../api/types';

Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, Legend, Tooltip, Decimation);

type XYPoint = { x: number; y: number };
export type LabChartConfig = ChartConfiguration<'line' | 'scatter', XYPoint[]>;

/** Chart.js draws straight from these arrays (parsing: false), so they must be {x, y} sorted by x. */
export function points(series: ChartSeries): XYPoint[] {
  const out: XYPoint[] = new Array(series.x.length);
  for (let i = 0; i < series.x.length; i++) out[i] = { x: series.x[i], y: series.y[i] };
  return out;
}

export function cssColor(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function axis(title: string, position: 'left' | 'right' | 'bottom', grid = true) {
  return {
    type: 'linear' as const,
    position,
    title: { display: true, text: title, color: cssColor('--fg-muted') },
    ticks: { color: cssColor('--fg-muted') },
    grid: { color: cssColor('--border'), display: grid },
  };
}

const decimation = { enabled: true, algorithm: 'lttb' as const, samples: 800, threshold: 1000 };

export function gradientChartConfig(chart: GradientChart): LabChartConfig {
  const autograd = cssColor('--chart-autograd');
  const analytic = cssColor('--chart-analytic');
  const numeric = cssColor('--chart-numeric');
  const f = cssColor('--chart-f');
  const many = chart.autograd.x.length > 200;
  const datasets: ChartDataset<'line' | 'scatter', XYPoint[]>[] = [];
  if (chart.curves) {
    datasets.push({
      type: 'line',
      label: `f′(t) = ${chart.curves.df}`,
      data: points(chart.curves.dfCurve),
      borderColor: analytic,
      backgroundColor: analytic,
      borderWidth: 2,
      pointRadius: 0,
      yAxisID: 'y',
      order: 3,
    });
    datasets.push({
      type: 'line',
      label: `f(t) = ${chart.curves.f}`,
      data: points(chart.curves.fCurve),
      borderColor: f,
      backgroundColor: f,
      borderDash: [6, 4],
      borderWidth: 1.5,
      pointRadius: 0,
      yAxisID: 'y1',
      order: 4,
    });
  } else if (chart.analytic) {
    datasets.push({
      type: 'line',
      label: 'analytic derivative',
      data: points(chart.analytic),
      borderColor: analytic,
      backgroundColor: analytic,
      borderWidth: 2,
      pointRadius: 0,
      yAxisID: 'y',
      order: 3,
    });
  }
  datasets.push({
    type: 'scatter',
    label: 'finite differences',
    data: points(chart.numeric),
    borderColor: numeric,
    backgroundColor: 'transparent',
    pointStyle: 'rectRot',
    pointRadius: many ? 2 : 7,
    pointBorderWidth: 1.5,
    yAxisID: 'y',
    order: 2,
  });
  datasets.push({
    type: 'scatter',
    label: 'autograd .grad',
    data: points(chart.autograd),
    borderColor: autograd,
    backgroundColor: autograd,
    pointRadius: many ? 1.5 : 4.5,
    yAxisID: 'y',
    order: 1,
  });
  const scales: Record<string, ReturnType<typeof axis>> = {
    x: axis(chart.xLabel, 'bottom'),
    y: axis(chart.yLabel, 'left'),
  };
  if (chart.curves) scales.y1 = axis('f', 'right', false);
  return {
    type: 'line',
    data: { datasets },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: false },
      plugins: {
        decimation,
        legend: { labels: { color: cssColor('--fg'), usePointStyle: true } },
        tooltip: { enabled: !many },
      },
      scales,
    },
  };
}

export function seriesChartConfig(series: LoopSeries): LabChartConfig {
  const color = cssColor('--chart-autograd');
  const data = series.values.map((y, x) => ({ x, y }));
  return {
    type: 'line',
    data: {
      datasets: [
        {
          type: 'line',
          label: `${series.variable} per iteration (line ${series.line})`,
          data,
          borderColor: color,
          backgroundColor: color,
          borderWidth: 1.8,
          pointRadius: data.length > 60 ? 0 : 3,
        },
      ],
    },
    options: {
      animation: false,
      parsing: false,
      normalized: true,
      responsive: true,
      maintainAspectRatio: false,
      plugins: { decimation, legend: { labels: { color: cssColor('--fg') } } },
      scales: { x: axis('iteration', 'bottom'), y: axis(series.variable, 'left') },
    },
  };
}
