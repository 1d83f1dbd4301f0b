import { countBySeverity } from '../model/issues.js';
import type { Issue } from '../model/scorecard.js';
import type { Report } from '../pipeline.js';

/** The data-quality report as a person reads it: a summary, then one block per finding. */
export function formatIssues(issues: readonly Issue[], options: { notes: boolean }): string {
  const shown = options.notes ? issues : issues.filter((i) => i.severity !== 'info');
  const order = { error: 0, warning: 1, info: 2 } as const;
  const sorted = [...shown].sort((a, b) => order[a.severity] - order[b.severity]);
  return sorted
    .map((i) => {
      const label = i.severity === 'info' ? 'note' : i.severity;
      const lines = [`${label.padEnd(7)} ${i.code}${i.at ? `  ${i.at}` : ''}`, `        ${i.message}`];
      if (i.hint) lines.push(`        fix: ${i.hint}`);
      return lines.join('\n');
    })
    .join('\n\n');
}

export function formatCounts(issues: readonly Issue[]): string {
  const n = countBySeverity(issues);
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(n.error, 'error')}, ${plural(n.warning, 'warning')}, ${plural(n.info, 'note')}`;
}

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
    `  reporting period: ${period.label} (${period.id})`,
    `  commentary: ${scorecard.commentary.length} entries`,
  ].join('\n');
}
