import { type Indicator, shownId, shownTitle } from '../../src/model/scorecard.js';
import type { readPdf } from './pdf.js';

type Pdf = Awaited<ReturnType<typeof readPdf>>;

/**
 * Text compared without the spaces, line breaks and break opportunities a layout adds, and in its
 * compatibility form: a font may draw a presentation form (ﬠ, ﻻ) with the glyph of its base letter,
 * which is what the PDF's text then says.
 */
const squash = (s: string) => s.normalize('NFKC').replace(/[\s\u200b]+/g, '');

const RTL = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/u;

/**
 * Whether a page's text shows a title. Text in a right-to-left script comes out of a PDF in the
 * order it is drawn, not the order it is read; for it, every character must be there.
 */
function shows(page: string, title: string): boolean {
  const [p, t] = [squash(page), squash(title)];
  if (!RTL.test(t)) return p.includes(t);
  const have = new Map<string, number>();
  for (const ch of p) have.set(ch, (have.get(ch) ?? 0) + 1);
  return [...t].every((ch) => {
    const n = have.get(ch) ?? 0;
    have.set(ch, n - 1);
    return n > 0;
  });
}

/**
 * Nothing lost on the way to the page: every indicator of the model has its row in the scorecard
 * tables (the pages from the "Scorecard" bookmark up to the details) and its detail panel, opened
 * by a bookmark under "Indicator details" on a page that shows its title. Returns what is missing,
 * one line per indicator, so a failure names them all.
 */
export function packMisses(
  pdf: Pdf,
  indicators: readonly Indicator[],
  options: {
    /** Indicators whose title a `glyph-missing` finding names: the page cannot show it, the bookmark still does. */
    unshowable?: (ind: Indicator) => boolean;
    labels?: { scorecard: string; details: string };
  } = {},
): string[] {
  const labels = options.labels ?? { scorecard: 'Scorecard', details: 'Indicator details' };
  const top = (title: string) => pdf.bookmarks.find((b) => b.path.length === 0 && b.title === title)?.page ?? null;
  const tables = top(labels.scorecard);
  const details = top(labels.details);
  if (tables === null || details === null) return [`the pack has no "${labels.scorecard}" or "${labels.details}" bookmark`];
  const tableText = pdf.pages.slice(tables - 1, details - 1).join('');
  const panels = pdf.bookmarks.filter((b) => b.path[0] === labels.details);
  const misses: string[] = [];
  for (const ind of indicators) {
    const title = shownTitle(ind.title);
    const name = `${shownId(ind)} ${title}`.trim();
    const shown = !options.unshowable?.(ind);
    const problems: string[] = [];
    if (shown && !shows(tableText, title)) problems.push('no scorecard row');
    const mark = panels.find((b) => b.title === name);
    if (!mark) problems.push('no bookmark');
    else if (mark.page === null) problems.push('its bookmark opens no page');
    else if (shown && !shows(pdf.pages[mark.page - 1] ?? '', title)) problems.push(`its bookmark opens page ${mark.page}, which does not show it`);
    if (problems.length > 0) misses.push(`${name}: ${problems.join(', ')}`);
  }
  return misses;
}
