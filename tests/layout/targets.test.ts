import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPack, packCharts } from '../../src/build.js';
import { nodeEffects } from '../../src/effects.js';
import { layoutPack } from '../../src/layout/document.js';
import { stripMarkup } from '../../src/narrate/index.js';
import { analyseReport, type Report } from '../../src/pipeline.js';
import { makeIndicator, makeReport, period, target } from '../helpers/build.js';
import { readPdf } from '../helpers/pdf.js';
import { renderToFile } from '../helpers/render.js';
import { tempDir } from '../helpers/workbooks.js';

const squash = (s: string) => s.replace(/\s+/g, ' ');
/** The text without the `p. 12` under each ID that says where its detail panel is. */
const rowText = (text: string) => squash(text).replace(/ p\. \d+(?= )/g, '');

/** Lays out and renders a report as build.ts does (charts drawn on this thread), returning the layout, the analysis and the PDF's text. */
async function pack(report: Report) {
  const analysis = await analyseReport(report, nodeEffects);
  const layout = layoutPack(report, analysis, { generated: new Date(Date.UTC(2026, 3, 1)), charts: packCharts(analysis) });
  const file = await renderToFile(layout, analysis);
  return { layout, analysis, pdf: await readPdf(file) };
}

/** Every text run under a node, joined. */
const textOf = (node: unknown): string => {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return node.map(textOf).join('');
  if (node && typeof node === 'object') {
    const n = node as Record<string, unknown>;
    return ['text', 'stack', 'columns', 'table', 'body'].map((k) => (k in n ? textOf(n[k]) : '')).join('');
  }
  return '';
};

/** The scorecard row of an indicator, as cell texts. */
function scorecardRow(doc: Record<string, unknown>, id: string): string[] {
  for (const node of doc.content as Array<Record<string, unknown>>) {
    const body = (node.table as { body?: unknown[][] } | undefined)?.body;
    const row = body?.find((r) => textOf(r[0]).replace(/p\. 0+$/, '') === id);
    if (row) return row.map(textOf);
  }
  throw new Error(`no scorecard row for ${id}`);
}

describe('the target shown is the one that applies to the reporting period', () => {
  const months = { 'Jan-26': '85%', 'Feb-26': '88%', 'Mar-26': '91%' };

  it('shows a period-only target (Target 2025/26) in the scorecard row, the detail panel and the words', async () => {
    const ind = makeIndicator({
      id: 'P1',
      unit: '%',
      decimals: 1,
      polarity: 'higher',
      series: months,
      periodTargets: [{ period: period('FY 2025/26'), target: target('90%') }],
    });
    const { layout, analysis, pdf } = await pack(makeReport([ind]));
    const a = analysis.assessment.indicators[0]!;
    expect(a.rag).toBe('green');
    const header = scorecardRow(layout.doc, 'ID');
    const row = scorecardRow(layout.doc, 'P1');
    expect(row[header.indexOf('Target')]).toBe('90%');
    const text = rowText(pdf.text);
    expect(text).toContain('P1 Indicator P1 85.0% 88.0% 91.0% 90% ● Green');
    expect(text).toContain('Target: 90%');
    expect(text).not.toContain('Target: none');
    expect(stripMarkup(analysis.narrative.indicators.get(a)!.ragReason)).toBe('91.0% meets the 90% target');
  });

  it('prefers the period target to the indicator-wide one, and report.yaml to both', async () => {
    const ind = () =>
      makeIndicator({
        id: 'P2',
        unit: '%',
        decimals: 1,
        polarity: 'higher',
        series: months,
        target: target('80%'),
        periodTargets: [{ period: period('FY 2025/26'), target: target('95%') }],
      });
    const own = await pack(makeReport([ind()]));
    expect(own.analysis.assessment.indicators[0]!.rag).toBe('amber');
    const row = scorecardRow(own.layout.doc, 'P2');
    expect(row).toContain('95%');
    expect(row).not.toContain('80%');
    expect(squash(own.pdf.text)).toContain('Target: 95%');

    const replaced = await pack(makeReport([ind()], 'indicators: { P2: { target: "85%" } }'));
    expect(scorecardRow(replaced.layout.doc, 'P2')).toContain('85%');
    expect(squash(replaced.pdf.text)).toContain('Target: 85%');
  });

  it('draws each period’s own target on the chart, stepping where it changes', async () => {
    const ind = makeIndicator({
      id: 'P3',
      unit: '%',
      decimals: 1,
      polarity: 'higher',
      series: { 'Feb-25': '70%', 'Mar-25': '75%', 'Apr-25': '80%', 'May-25': '84%' },
      periodTargets: [
        { period: period('FY 2024/25'), target: target('72%') },
        { period: period('FY 2025/26'), target: target('85%') },
      ],
    });
    const { layout } = await pack(makeReport([ind]));
    const chart = layout.charts.find((c) => c.alt.includes('Line chart'))!;
    const line = (chart.config.data.datasets as Array<{ label: string; data: unknown[]; stepped?: unknown }>).find((d) => d.label.startsWith('Target'))!;
    expect(line).toMatchObject({ label: 'Target (now 85%)', data: [72, 72, 85, 85], stepped: 'middle' });
    expect(chart.alt).toContain('target (now 85%)');
  });

  it('marks a target that applies to one period alone, which a line could not show', async () => {
    const ind = makeIndicator({
      id: 'P4',
      unit: '%',
      decimals: 1,
      polarity: 'higher',
      series: months,
      periodTargets: [{ period: period('Mar-26'), target: target('90%') }],
    });
    const { layout, pdf } = await pack(makeReport([ind]));
    const chart = layout.charts.find((c) => c.alt.includes('Line chart'))!;
    const line = (chart.config.data.datasets as Array<{ label: string; data: unknown[]; pointRadius?: unknown }>).find((d) => d.label.startsWith('Target'))!;
    expect(line).toMatchObject({ data: [null, null, 90], pointRadius: [0, 0, 5] });
    expect(squash(pdf.text)).toContain('Target: 90%');
  });

  it('reads a Target column in a tidy Values sheet through to the pack', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'Indicators.csv'), 'ID,Title,Unit,Decimals,Polarity,Target\nT1,Share seen in time,%,1,High is good,\n');
    writeFileSync(join(dir, 'Values.csv'), 'ID,Period,Value,Target\nT1,Jan-26,85%,\nT1,Feb-26,88%,\nT1,Mar-26,91%,90%\n');
    const out = join(dir, 'pack.pdf');
    const result = await buildPack(dir, { out });
    expect(result.analysis.assessment.indicators[0]!.rag).toBe('green');
    const text = rowText((await readPdf(out)).text);
    expect(text).toContain('T1 Share seen in time 85.0% 88.0% 91.0% 90% ● Green');
    expect(text).toContain('Target: 90%');
  });
});
