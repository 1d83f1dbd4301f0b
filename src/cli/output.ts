import { stripMarkup } from '../narrate/index.js';
import { painter } from './logger.js';
import { formatValue } from '../model/format.js';
import type { ColumnMap, Issue, TableMap } from '../model/scorecard.js';
import { colIndex } from '../ingest/grid.js';
import type { Analysis, Report } from '../pipeline.js';

/** Past this many findings of one kind, the rest are counted, not printed (`--json` has them all). */
const SHOWN_PER_CODE = 10;

/** The data-quality report as a person reads it: a summary, then one block per finding. */
export function formatIssues(issues: readonly Issue[], options: { notes: boolean; colour?: boolean }): string {
  const paint = painter(options.colour === true);
  const shown = options.notes ? issues : issues.filter((i) => i.severity !== 'info');
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...shown].sort((a, b) => order[a.severity] - order[b.severity]);
  const total = new Map<string, number>();
  for (const i of sorted) total.set(i.code, (total.get(i.code) ?? 0) + 1);
  const blocks: string[] = [];
  const printed = new Map<string, number>();
  for (const i of sorted) {
    const n = (printed.get(i.code) ?? 0) + 1;
    printed.set(i.code, n);
    if (n <= SHOWN_PER_CODE) {
      const label = i.severity === 'info' ? 'note' : i.severity;
      const coloured = i.severity === 'error' ? paint.red : i.severity === 'warning' ? paint.yellow : (t: string) => t;
      const lines = [`${coloured(label.padEnd(7))} ${i.code}${i.at ? `  ${i.at}` : ''}`, `        ${i.message}`];
      if (i.hint) lines.push(`        fix: ${i.hint}`);
      blocks.push(lines.join('\n'));
    } else if (n === SHOWN_PER_CODE + 1) {
      const rest = total.get(i.code)! - SHOWN_PER_CODE;
      blocks.push(
        `        … and ${rest.toLocaleString('en-GB')} more ${i.code} like ${rest === 1 ? 'this' : 'these'} (the same command with --json lists every one).`,
      );
    }
  }
  return blocks.join('\n\n');
}

export { formatCounts } from '../model/issues.js';

export function formatSummary(report: Report): string {
  const { scorecard, period, config } = report;
  const files = config.sources.map((s) => s.file).join(', ');
  const kinds = new Set(scorecard.periods.map((p) => p.kind));
  const first = scorecard.periods[0];
  const last = scorecard.periods[scorecard.periods.length - 1];
  const sections = scorecard.sections.filter((s) => s.parent === null).length;
  const sub = scorecard.sections.length - sections;
  return [
    `${config.title} — ${files}`,
    `  ${scorecard.indicators.length} indicators in ${sections} sections${sub ? ` (${sub} sub-sections)` : ''}`,
    `  periods: ${first && last ? `${first.label} … ${last.label}` : 'none'} (${scorecard.periods.length} ${[...kinds].join('/')} columns)`,
    `  reporting period: ${period.label} (${period.id}): ${report.periodReason}`,
    `  commentary: ${scorecard.commentary.length} entries`,
    ...(scorecard.tables.length > 0 ? ['', 'What was read:', ...sameTablesTogether(scorecard.tables).map(formatTable)] : []),
  ].join('\n');
}

/** A header repeated down a sheet (page breaks) is one table to the reader: one line, all its header rows. */
function sameTablesTogether(tables: readonly TableMap[]): TableMap[] {
  const merged: TableMap[] = [];
  for (const t of tables) {
    const prev = merged.at(-1);
    if (prev && prev.file === t.file && prev.sheet === t.sheet && JSON.stringify(prev.columns) === JSON.stringify(t.columns)) {
      merged[merged.length - 1] = {
        ...prev,
        headerRows: [...prev.headerRows, ...t.headerRows],
        markerRows: [...prev.markerRows, ...t.markerRows],
        indicators: prev.indicators + t.indicators,
      };
    } else merged.push(t);
  }
  return merged;
}

/**
 * One table's column map, as a person checks it against the sheet:
 * `Scorecard rows 3–4 (12 indicators): A id · B title · C–N value Apr-24…Mar-25 · O target`.
 */
export function formatTable(t: TableMap): string {
  const rows = t.headerRows.length === 1 ? `row ${t.headerRows[0]}` : `rows ${t.headerRows.join(', ')}`;
  const groups: Array<{ first: ColumnMap; last: ColumnMap }> = [];
  for (const c of t.columns) {
    const g = groups.at(-1);
    if (g && c.period && g.last.period && g.last.role === c.role && g.last.by === c.by && colIndex(c.col) === colIndex(g.last.col)! + 1) g.last = c;
    else groups.push({ first: c, last: c });
  }
  const parts = groups.map(({ first, last }) => {
    const cols = first === last ? first.col : `${first.col}–${last.col}`;
    const what = first.period
      ? `${first.role} ${first.period.label}${first === last ? '' : `…${last.period!.label}`}`
      : first.name
        ? `${first.role} "${first.name}"`
        : first.role;
    const by = first.by === 'cells' ? ' (from its cells)' : first.by === 'config' ? ' (report.yaml)' : '';
    return `${cols} ${what}${by}`;
  });
  const n = t.indicators;
  return `  ${t.file} › ${t.sheet}, header ${rows}, ${n} indicator${n === 1 ? '' : 's'}:\n    ${parts.join(' · ')}`;
}

const RAG_WORD = { green: 'Green', amber: 'Amber', red: 'Red', none: '-', 'no-data': 'No data' } as const;

/** A plain table for the terminal: one line per indicator, the reason beneath when it is not green. */
export function formatAssessment({ assessment: a, narrative }: Analysis): string {
  const s = a.summary;
  const lines = [
    `RAG: ${s.rag.green} green, ${s.rag.amber} amber, ${s.rag.red} red, ${s.rag.none} not rated, ${s.rag['no-data']} no data`,
    `Direction: ${s.direction.improving} improving, ${s.direction['no-change']} no change, ${s.direction.declining} declining, ${s.previouslyReported.notComparable} not comparable`,
    '',
    `${'ID'.padEnd(10)} ${'Measure'.padEnd(48)} ${'Latest'.padStart(10)}  ${'Target'.padEnd(12)} ${'RAG'.padEnd(8)} Direction`,
  ];
  for (const x of a.indicators) {
    const ind = x.indicator;
    const latest = x.current ? formatValue(x.current.value!, ind.unit, ind.decimals) : '-';
    const title = ind.title.length > 48 ? `${ind.title.slice(0, 47)}…` : ind.title;
    lines.push(
      `${(ind.id ?? '').padEnd(10)} ${title.padEnd(48)} ${latest.padStart(10)}  ${(ind.target.raw ?? '').slice(0, 12).padEnd(12)} ${RAG_WORD[x.rag].padEnd(8)} ${x.direction}`,
    );
    if (x.rag === 'amber' || x.rag === 'red') lines.push(`${' '.repeat(11)}${stripMarkup(narrative.indicators.get(x)!.ragReason)}`);
  }
  return lines.join('\n');
}
