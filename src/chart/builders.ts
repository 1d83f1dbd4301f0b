import type { ChartConfiguration } from 'chart.js';
import type { IndicatorAssessment, SectionResult } from '../assess/index.js';
import type { RatedTarget } from '../assess/rag.js';
import { formatAsSet, formatFigure, formatValue } from '../model/format.js';
import type { PackSpec } from '../narrate/packSpec.js';

/** A chart to draw: a plain Chart.js configuration (no functions, so it can cross to a worker). */
export interface ChartSpec {
  /** Size in points. */
  width: number;
  height: number;
  config: ChartConfiguration;
  /** A description written from the data, for the figure's alternative text. */
  alt: string;
  /** Figures printed under the x-axis, one per category, aligned with their points. */
  figures?: Array<{ text: string; colour: string }>;
}

export interface ChartStyle {
  palette: PackSpec['palette'];
  fontFamily: string;
  /** Base text size in points. */
  fontSize: number;
}

const RAG_COLOUR = (p: PackSpec['palette'], rag: 'green' | 'amber' | 'red' | null) => (rag === null ? p.none : p[rag]);

/**
 * One indicator's trend: its values over the shown periods (gaps, not zeros, where a value is
 * missing or suppressed), points coloured by each period's RAG, the target as a line or a band,
 * and benchmark lines.
 */
export function trendChart(a: IndicatorAssessment, style: ChartStyle, size: { width: number; height: number; periods: number }): ChartSpec {
  const ind = a.indicator;
  const { palette } = style;
  const points = a.history.slice(-size.periods);
  const labels = points.map((p) => p.observation.period.label);
  const values = points.map((p) => p.observation.value);
  const fmt = (v: number) => formatValue(v, ind.unit, ind.decimals);

  const datasets: ChartConfiguration<'line'>['data']['datasets'] = [
    {
      label: ind.unit === '%' ? 'Value (%)' : 'Value',
      data: values,
      borderColor: palette.accent,
      borderWidth: 1.6,
      pointBackgroundColor: points.map((p) => RAG_COLOUR(palette, p.rag)),
      pointBorderColor: points.map((p) => RAG_COLOUR(palette, p.rag)),
      pointRadius: points.map((_, i) => (i === points.length - 1 ? 3.6 : 2.4)),
      pointStyle: points.map((p) => (p.rag === 'red' ? 'rect' : p.rag === 'amber' ? 'triangle' : 'circle')),
      spanGaps: false,
      tension: 0,
      order: 0,
    },
  ];

  // Each period's own target (a `Target 2025/26` column, a target per row of Values): where the
  // targets set differ the line steps between periods (a pro-rata share of one annual target still
  // climbs as a slope), and a target that applies to one period alone is marked.
  const goals = points.map((p) => p.goal);
  const target = describeGoals(goals, ind.unit);
  const stepped = new Set(goals.filter((g) => g !== null).map((g) => g.raw)).size > 1 ? ('middle' as const) : false;
  const marks = (data: Array<number | null>) => ({
    pointRadius: data.map((v, i) => (v !== null && (data[i - 1] ?? null) === null && (data[i + 1] ?? null) === null ? 5 : 0)),
    pointStyle: 'line' as const,
    stepped,
  });
  const ranges = goals.map((g) => (g?.kind === 'range' ? g : null));
  const levels = goals.map((g) => (g === null || g.kind === 'range' ? null : g.value));
  if (ranges.some((g) => g !== null)) {
    const max = ranges.map((g) => g?.max ?? null);
    const min = ranges.map((g) => g?.min ?? null);
    datasets.push(
      {
        label: `Target ${target}`,
        data: max,
        borderColor: palette.green,
        borderWidth: 0.8,
        borderDash: [3, 2],
        ...marks(max),
        fill: '+1',
        backgroundColor: withAlpha(palette.green, 0.12),
        order: 2,
      },
      { label: '', data: min, borderColor: palette.green, borderWidth: 0.8, borderDash: [3, 2], ...marks(min), order: 2 },
    );
  }
  if (levels.some((v) => v !== null)) {
    const label = ranges.some((g) => g !== null) ? '' : `Target ${target}`;
    datasets.push({ label, data: levels, borderColor: palette.text, borderWidth: 1, borderDash: [4, 3], ...marks(levels), order: 1 });
  }
  a.benchmarks
    .filter((b) => b.value !== null && b.comparison !== 'not-comparable')
    .forEach((b, i) => {
      datasets.push({
        label: `${b.name} ${fmt(b.value!)}`,
        data: labels.map(() => b.value),
        borderColor: palette.benchmark[i % palette.benchmark.length]!,
        borderWidth: 1,
        borderDash: [1.5, 2],
        pointRadius: 0,
        order: 3,
      });
    });

  const unitTitle = ind.unit === 'number' ? '' : ind.unit === '%' ? 'Per cent' : ind.unit.charAt(0).toUpperCase() + ind.unit.slice(1);
  const font = { family: style.fontFamily, size: style.fontSize - 1.5 };
  const config: ChartConfiguration<'line'> = {
    type: 'line',
    data: { labels, datasets },
    options: {
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      // Room under the axis for the figures row (drawn by the renderer, aligned with the points).
      layout: { padding: { top: 0, right: 6, bottom: FIGURES_ROW, left: 0 } },
      plugins: {
        legend: {
          position: 'top',
          align: 'end',
          labels: { font, color: palette.text, boxWidth: 14, boxHeight: 1, padding: 8 },
        },
        tooltip: { enabled: false },
      },
      scales: {
        x: { ticks: { font, color: palette.muted, maxRotation: 0, autoSkipPadding: 6 }, grid: { display: false }, border: { color: palette.rule } },
        y: {
          // Labelled by the renderer with the decimals the step needs (see ticks.ts).
          ticks: { font, color: palette.muted, maxTicksLimit: 5 },
          grid: { color: palette.rule, lineWidth: 0.4 },
          border: { display: false },
          title: { display: unitTitle !== '', text: unitTitle, font, color: palette.muted },
          // Fitted to the values, target and benchmarks (not forced to zero), so a trend shows.
          grace: '12%',
          ...(ind.unit === '%' && nearHundred(datasets) ? { max: 100 } : {}),
        },
      },
    },
  };
  const figures = points.map((p) => {
    const o = p.observation;
    if (o.status === 'ok' && o.value !== null && o.range === null)
      return { text: `${formatFigure(o.value, ind)}${o.revised ? 'r' : ''}`, colour: palette.text };
    const raw = o.raw.trim();
    return { text: raw.length > 9 ? `${raw.slice(0, 8)}…` : raw, colour: palette.muted };
  });
  return { width: size.width, height: size.height, config: config as ChartConfiguration, alt: trendAlt(a, size.periods), figures };
}

/** Height of the figures row under a trend chart's axis, in points. */
const FIGURES_ROW = 13;

/** RAG counts per section, as stacked horizontal bars. */
export function ragSummaryChart(sections: readonly SectionResult[], style: ChartStyle, width: number): ChartSpec {
  const { palette } = style;
  const tops = sections.filter((s) => s.parent === null);
  const series = [
    ['Green', 'green', palette.green],
    ['Amber', 'amber', palette.amber],
    ['Red', 'red', palette.red],
    ['No data', 'no-data', palette.noData],
    ['Not rated', 'none', palette.none],
  ] as const;
  const font = { family: style.fontFamily, size: style.fontSize - 1 };
  const height = Math.max(90, 26 + tops.length * 22 + 30);
  const config: ChartConfiguration<'bar'> = {
    type: 'bar',
    data: {
      labels: tops.map((s) => (s.title.length > 42 ? `${s.title.slice(0, 41)}…` : s.title)),
      datasets: series.map(([label, key, colour]) => ({
        label,
        data: tops.map((s) => s.summary.rag[key]),
        backgroundColor: colour,
        borderColor: '#ffffff',
        borderWidth: 0.6,
        barPercentage: 0.78,
      })),
    },
    options: {
      indexAxis: 'y',
      animation: false,
      responsive: false,
      devicePixelRatio: 1,
      plugins: { legend: { position: 'bottom', labels: { font, color: palette.text, boxWidth: 9, boxHeight: 9, padding: 10 } }, tooltip: { enabled: false } },
      scales: {
        x: {
          stacked: true,
          ticks: { font, color: palette.muted, precision: 0 },
          grid: { color: palette.rule, lineWidth: 0.4 },
          title: { display: true, text: 'Indicators', font, color: palette.muted },
        },
        y: { stacked: true, ticks: { font, color: palette.text }, grid: { display: false } },
      },
    },
  };
  const alt = `Bar chart of ratings by section: ${tops.map((s) => `${s.title} ${s.summary.rag.green} green, ${s.summary.rag.amber} amber, ${s.summary.rag.red} red`).join('; ')}.`;
  return { width, height, config: config as ChartConfiguration, alt };
}

/** "Line chart: rose from 61% in Apr-24 to 74% in Mar-25; target 90%; SN av 87%." */
export function trendAlt(a: IndicatorAssessment, periods: number): string {
  const shown = a.history.slice(-periods);
  const points = shown.map((p) => p.observation);
  const target = describeGoals(
    shown.map((p) => p.goal),
    a.indicator.unit,
  );
  const fmt = (v: number) => formatValue(v, a.indicator.unit, a.indicator.decimals);
  const usable = points.filter((p) => p.value !== null);
  const parts: string[] = [];
  if (usable.length === 0) parts.push(`no usable values in the ${points.length} periods shown`);
  else if (usable.length === 1) parts.push(`one value, ${fmt(usable[0]!.value!)} in ${usable[0]!.period.label}`);
  else {
    const first = usable[0]!;
    const last = usable[usable.length - 1]!;
    const verb = last.value! > first.value! ? 'rose' : last.value! < first.value! ? 'fell' : 'was unchanged';
    const values = usable.map((p) => p.value!);
    const hi = usable[values.indexOf(Math.max(...values))]!;
    const lo = usable[values.indexOf(Math.min(...values))]!;
    parts.push(`${verb} from ${fmt(first.value!)} in ${first.period.label} to ${fmt(last.value!)} in ${last.period.label}`);
    parts.push(`highest ${fmt(hi.value!)} (${hi.period.label}), lowest ${fmt(lo.value!)} (${lo.period.label})`);
  }
  const gaps = points.length - usable.length;
  if (gaps > 0 && usable.length > 0) parts.push(`${gaps} of ${points.length} periods without a value`);
  if (target !== '') parts.push(`target ${target}`);
  for (const b of a.benchmarks) if (b.value !== null && b.comparison !== 'not-comparable') parts.push(`${b.name} ${fmt(b.value)}`);
  return `Line chart: ${parts.join('; ')}.`;
}

function describeGoals(goals: ReadonlyArray<RatedTarget | null>, unit: string): string {
  const last = [...goals].reverse().find((g) => g !== null);
  if (!last) return '';
  const f = (v: number) => formatAsSet(v, unit);
  const varies = new Set(goals.filter((g) => g !== null).map((g) => JSON.stringify(g))).size > 1;
  const text =
    last.kind === 'range' ? `${f(last.min)}–${f(last.max)}` : last.kind === 'max' ? `${last.inclusive ? 'at most' : 'below'} ${f(last.value)}` : f(last.value);
  return varies ? `(now ${text})` : text;
}

/** A percentage axis stops at 100% when the lines come close to it, rather than running on to 110%. */
function nearHundred(datasets: ReadonlyArray<{ data: ReadonlyArray<unknown> }>): boolean {
  const top = Math.max(0, ...datasets.flatMap((d) => d.data.filter((v): v is number => typeof v === 'number')));
  return top <= 100 && top * 1.12 > 100;
}

function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}
