import { type ChangedIndicator, type Changes, anyChanges, indicatorsByKey } from '../history.js';
import type { Report } from '../model/report.js';
import { type Indicator, SHOWN, shorten, shownId, shownTitle } from '../model/scorecard.js';
import { anchorOf } from '../narrate/anchors.js';
import type { PackSpec } from '../narrate/packSpec.js';
import { type Block, type Cell, type CellLine, type Group, type Inline, type Table, fillLabel } from './blocks.js';
import { directionRuns, heading, pageLink, ratingRuns } from './pieces.js';

/**
 * "Changes since the last pack": ratings, directions of travel and targets that changed (tables
 * of what each was and is, and why), and indicators added and removed (lists). Each indicator in
 * this pack links to its detail panel, as its scorecard row does. Titles, sections and reasons
 * come from the manifests as plain text and are drawn as text runs, never read as markup, so
 * nothing in them can become emphasis or a link.
 */
export function changesBlocks(changes: Changes, report: Report, spec: PackSpec): Block[] {
  const W = spec.words.changes;
  const L = spec.words.labels;
  const size = spec.fonts.size;
  const last = changes.previous.period;
  const out: Block[] = [
    heading(W.heading, 1, 'changes'),
    { kind: 'paragraph', text: fillLabel(W.intro, { title: changes.previous.title, period: last }), look: { margin: [0, 0, 0, 6] } },
  ];
  if (!anyChanges(changes)) {
    out.push({ kind: 'paragraph', text: fillLabel(W.none, { title: changes.previous.title, period: last }) });
    return out;
  }
  const byKey = indicatorsByKey(report.scorecard);
  const indicators = report.scorecard.indicators;
  const linked = spec.blocks.includes('details');
  /** This pack's indicator a change names, to link to its panel; null for one no longer in it. */
  const inPack = (c: ChangedIndicator): Indicator | null => byKey.get(c.key) ?? null;
  const idOf = (c: ChangedIndicator): string => {
    const ind = inPack(c);
    return ind ? shownId(ind) : (c.id ?? '');
  };
  const where = (c: ChangedIndicator): Inline[] | null => {
    const ind = inPack(c);
    return linked && ind ? pageLink(null, anchorOf(indicators, ind), L.onPage) : null;
  };

  /** A table of what each indicator was and is (and, in an `extra` column, why), in the look of the scorecard's. */
  const table = <T extends ChangedIndicator>(
    items: T[],
    shown: (item: T, side: 'from' | 'to') => Cell,
    extra: { header: string; cell: (item: T) => Cell; width: number | '*' } | null,
    valueWidth: number,
    align?: 'right',
  ): Table => {
    // As in the scorecard: no ID column when none of them has one, and the page under the ID, or the title.
    const ids = items.some((c) => idOf(c) !== '');
    const th = (text: string, right?: boolean): Cell => ({ text, look: { style: 'th', ...(right ? { align: 'right' } : {}) } });
    const header: Cell[] = [
      ...(ids ? [th(L.id)] : []),
      th(L.measure),
      th(fillLabel(W.from, { period: last }), align === 'right'),
      th(fillLabel(W.to, { period: report.period.label }), align === 'right'),
      ...(extra ? [th(extra.header)] : []),
    ];
    const body = items.map((c): Cell[] => {
      const page = where(c);
      const pageLine: CellLine[] = page ? [{ text: page, look: { size: size - 2.5 } }] : [];
      return [
        ...(ids ? [{ lines: [{ text: idOf(c), look: { tone: 'accent', bold: true } }, ...pageLine] } satisfies Cell] : []),
        { lines: [...nameLines(c, size), ...(ids ? [] : pageLine)] },
        shown(c, 'from'),
        shown(c, 'to'),
        ...(extra ? [extra.cell(c)] : []),
      ];
    });
    return {
      kind: 'table',
      widths: [...(ids ? [32] : []), '*', valueWidth, valueWidth, ...(extra ? [extra.width] : [])],
      header: [header],
      body,
      rules: 'stripes',
      rowsWhole: true,
      keepWithHeader: 1,
      look: { style: 'td', margin: [0, 4, 0, 8] },
    };
  };
  const reason = <T extends { reason: string }>(): { header: string; cell: (item: T) => Cell; width: '*' } => ({
    header: W.reason,
    cell: (item) => ({ text: oneLine(item.reason) }),
    width: '*',
  });

  if (changes.rag.length > 0)
    out.push(
      subheading(W.rag),
      table(changes.rag, (c, side) => ({ text: ratingRuns(c[side], spec.words) }), reason(), RATING_WIDTH),
    );
  if (changes.direction.length > 0)
    out.push(
      subheading(W.direction),
      table(changes.direction, (c, side) => ({ text: directionRuns(c[side], spec.words, size) }), reason(), RATING_WIDTH),
    );
  if (changes.targets.length > 0) {
    const target = (t: string | null): Cell =>
      t === null ? { text: L.noTarget, look: { align: 'right', tone: 'muted', italic: true } } : { text: shorten(t, SHOWN.target), look: { align: 'right' } };
    out.push(
      subheading(W.targets),
      table(changes.targets, (c, side) => target(c[side]), null, 110, 'right'),
    );
  }
  const list = (title: string, items: ChangedIndicator[]): Block[] =>
    items.length === 0
      ? []
      : [
          subheading(title),
          {
            kind: 'list',
            items: items.map((c) => {
              const ind = inPack(c);
              const link = linked && ind ? anchorOf(indicators, ind) : undefined;
              const id = idOf(c);
              const page = where(c);
              const text: Inline[] = [
                ...(id ? [{ text: `${id}  `, bold: true, tone: 'accent', ...(link ? { link } : {}) } as const] : []),
                { text: shownTitle(c.title), ...(link ? { link } : {}) },
                ...(c.section ? [{ text: ` — ${shorten(c.section, SHOWN.section)}`, tone: 'muted' } as const] : []),
                ...(page ? ['  ', ...page] : []),
              ];
              return { text, keep: { together: true } };
            }),
            look: { margin: [0, 2, 0, 8] },
          },
        ];
  out.push(...list(W.added, changes.added), ...list(W.removed, changes.removed));
  return out;
}

/** The title of one list or table of changes (an H2), kept with what it heads. */
function subheading(text: string): Group {
  return {
    kind: 'group',
    blocks: [{ kind: 'heading', level: 2, text, look: { style: 'h3', tone: 'accent', margin: [0, 8, 0, 2] } }],
    keep: { together: true, withNext: TABLE_START },
  };
}

/** The width of a rating's or a direction's column, the same in both tables so they line up. */
const RATING_WIDTH = 86;

/** Points a table or list needs below its title: a header row and a row or two. */
const TABLE_START = 60;

/** The title, and under it its section, quieter. */
function nameLines(c: ChangedIndicator, size: number): CellLine[] {
  return [
    { text: shownTitle(c.title) },
    ...(c.section ? [{ text: shorten(c.section, SHOWN.section), look: { tone: 'muted', size: size - 2.5 } } as const] : []),
  ];
}

/** A reason as one line: a manifest's plain reason keeps its paragraph breaks. */
const oneLine = (text: string) => text.replace(/\s*\n+\s*/g, ' ');
