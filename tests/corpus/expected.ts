import type { Indicator, Scorecard } from '../../src/model/scorecard.js';
import { type CorpusIndicator, type CorpusScorecard, MARKER_STATUS, type Polarity, type Rating, ratingOf } from './scorecard.js';

export type PolarityWords = Record<'higher' | 'lower' | 'none', string | null>;

/**
 * What reading a written layout must give back: the abstract scorecard, seen through what the
 * layout actually wrote (a layout with no polarity column states no polarity, except in a title
 * that starts `Increase` or `Reduce`).
 */

export type ExpectedValue = { kind: 'number'; value: number } | { kind: 'status'; status: string } | { kind: 'empty' };

export interface ExpectedIndicator {
  /** Null when the layout shows no ID: the reader then derives one, matched by title. */
  id: string | null;
  title: string;
  section: string;
  /** By period id. */
  values: Record<string, ExpectedValue>;
  /** Undefined where the layout wrote no target cell. `texts`: what the raw target may be (as written, or in the en number style). */
  target?: { mode: 'single' | 'per-period' | 'either'; texts: Array<string | null> };
  /** Undefined where the sheet states none; `as` says where it is stated, for messages. */
  polarity?: { value: Polarity | null; as: string };
  rating?: Rating | null;
  ratingsByPeriod?: Record<string, Rating>;
  commentary?: string;
  lead?: string | null;
}

export interface Expected {
  indicators: ExpectedIndicator[];
  /** Written but not to be read (a withdrawn row, a hidden draft): by ID and title. */
  absent: Array<{ id: string; title: string; why: string }>;
  /** Rows (1-based) and sheets a reader must skip. */
  hiddenRows: Array<{ sheet: string; row: number }>;
  hiddenSheets: string[];
}

/** What a layout put on the page, for the expectations to follow. */
export interface Shown {
  ids: boolean;
  /** The words of the polarity column, when there is one; a blank cell states nothing. */
  polarityWords: PolarityWords | null;
  target: 'single' | 'per-period' | 'either' | 'none';
  /** The target text as this layout writes it (decimal commas, say); default as generated. */
  targetText?: (ind: CorpusIndicator) => string | null;
  status: 'latest' | 'per-period' | 'none';
  commentary: boolean;
  lead: boolean;
}

const WORDED_POLARITY = /^(Increase|Reduce)\b/;

export function expectScorecard(sc: CorpusScorecard, shown: Shown): Expected {
  const indicators = sc.sections.flatMap((section) => section.indicators.map((ind) => expectIndicator(sc, ind, section.title, shown)));
  return { indicators, absent: [], hiddenRows: [], hiddenSheets: [] };
}

function expectIndicator(sc: CorpusScorecard, ind: CorpusIndicator, section: string, shown: Shown): ExpectedIndicator {
  const values: Record<string, ExpectedValue> = {};
  sc.periods.forEach((p, i) => {
    const v = ind.values[i]!;
    values[p.id] =
      v.kind === 'number'
        ? { kind: 'number', value: v.value }
        : v.kind === 'marker' && v.text !== '-'
          ? { kind: 'status', status: MARKER_STATUS[v.text] }
          : { kind: 'empty' };
  });
  const exp: ExpectedIndicator = { id: shown.ids ? ind.id : null, title: ind.title, section, values };
  if (shown.target !== 'none') {
    const written = shown.targetText ? shown.targetText(ind) : ind.target;
    // A reader may keep `60,0%` as written or in the en style it reads it as; both say the same.
    exp.target = { mode: shown.target, texts: written === null || ind.target === null ? [written] : [...new Set([written, ind.target])] };
  }
  const word = shown.polarityWords?.[ind.polarity ?? 'none'] ?? null;
  if (word !== null) exp.polarity = { value: ind.polarity, as: `"${word}" in the polarity column` };
  else if (WORDED_POLARITY.test(ind.title)) exp.polarity = { value: ind.polarity, as: 'by the title' };
  if (shown.status === 'latest') exp.rating = ratingOf(ind.statuses.at(-1));
  if (shown.status === 'per-period') {
    exp.ratingsByPeriod = {};
    sc.periods.forEach((p, i) => {
      const r = ratingOf(ind.statuses[i]);
      if (r !== null) exp.ratingsByPeriod![p.id] = r;
    });
    // The latest rating is only asked for where the latest period states one.
    if (ind.statuses.at(-1)) exp.rating = ratingOf(ind.statuses.at(-1));
  }
  if (shown.commentary && ind.commentary !== null) exp.commentary = ind.commentary;
  if (shown.lead) exp.lead = ind.lead;
  return exp;
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
const name = (e: { id: string | null; title: string }) => (e.id === null ? `"${e.title}"` : `${e.id} "${e.title}"`);
const MAX_PER_INDICATOR = 4;

/** Every way the read scorecard differs from the expected one, as sentences a person can act on. */
export function checkRead(expected: Expected, sc: Scorecard): string[] {
  const problems: string[] = [];
  for (const issue of sc.issues) {
    if (issue.severity === 'error') problems.push(`error finding ${issue.code} at ${issue.at ?? '(nowhere)'}: ${issue.message}`);
  }
  const matched = new Set<Indicator>();
  for (const exp of expected.indicators) {
    const found = findIndicator(exp, sc.indicators, matched);
    if (!found) {
      problems.push(`${name(exp)}: not read${hintFor(exp, sc.indicators)}`);
      continue;
    }
    matched.add(found);
    const diffs = compareIndicator(exp, found, sc);
    problems.push(...diffs.slice(0, MAX_PER_INDICATOR).map((d) => `${name(exp)}: ${d}`));
    if (diffs.length > MAX_PER_INDICATOR) problems.push(`${name(exp)}: … and ${diffs.length - MAX_PER_INDICATOR} more differences`);
  }
  for (const ind of sc.indicators) {
    if (matched.has(ind)) continue;
    const absent = expected.absent.find((a) => a.id === ind.id || norm(a.title) === norm(ind.title));
    problems.push(
      absent
        ? `read ${absent.why} ${name(ind)} at ${ind.at}, which must not be read`
        : `read an indicator that is not in the scorecard: ${name(ind)} at ${ind.at}`,
    );
  }
  problems.push(...checkHiddenNotRead(expected, sc));
  if (expected.indicators.some((e) => e.id === null)) problems.push(...checkDerivedIds(sc));
  return problems;
}

function findIndicator(exp: ExpectedIndicator, read: readonly Indicator[], taken: ReadonlySet<Indicator>): Indicator | undefined {
  const free = read.filter((i) => !taken.has(i));
  return exp.id === null ? free.find((i) => norm(i.title) === norm(exp.title)) : free.find((i) => i.id === exp.id);
}

/** When an indicator is missing, say whether it arrived under another key. */
function hintFor(exp: ExpectedIndicator, read: readonly Indicator[]): string {
  const byTitle = read.find((i) => norm(i.title) === norm(exp.title));
  if (byTitle && exp.id !== null) return ` (its title was read with ID ${JSON.stringify(byTitle.id)} at ${byTitle.at})`;
  const byId = exp.id === null ? undefined : read.find((i) => i.id === exp.id);
  if (byId) return ` (its ID was read with title "${byId.title}")`;
  const inTitle = read.find((i) => norm(i.title).includes(norm(exp.title)));
  if (inTitle) return ` (a read title contains it: ${name(inTitle)})`;
  return '';
}

function compareIndicator(exp: ExpectedIndicator, ind: Indicator, sc: Scorecard): string[] {
  const diffs: string[] = [];
  if (norm(ind.title) !== norm(exp.title)) diffs.push(`title read as "${ind.title}"`);
  if (exp.id === null && (!ind.idDerived || ind.id === null))
    diffs.push(`no ID in the sheet, so one should be derived; read id ${JSON.stringify(ind.id)}, idDerived ${ind.idDerived}`);
  const section = sc.sections.find((s) => s.id === ind.section)?.title ?? null;
  if (section === null || norm(section) !== norm(exp.section)) diffs.push(`section read as ${JSON.stringify(section)}, expected "${exp.section}"`);
  diffs.push(...compareValues(exp, ind));
  diffs.push(...compareTarget(exp, ind));
  if (exp.polarity && ind.polarity !== exp.polarity.value)
    diffs.push(`polarity read as ${ind.polarity} (${ind.polaritySource ?? 'no source'}), stated ${exp.polarity.value ?? 'none'} ${exp.polarity.as}`);
  if (exp.rating !== undefined && (ind.published.rating ?? null) !== exp.rating) {
    diffs.push(`published rating read as ${ind.published.rating} ("${ind.published.rag ?? ''}"), expected ${exp.rating}`);
  }
  for (const [pid, rating] of Object.entries(exp.ratingsByPeriod ?? {})) {
    const got = ind.published.byPeriod[pid];
    if (got?.rating !== rating) diffs.push(`published rating for ${pid} read as ${got ? `${got.rating} ("${got.rag}")` : 'nothing'}, expected ${rating}`);
  }
  if (exp.commentary !== undefined && ind.id !== null) {
    const texts = sc.commentary.filter((c) => c.subject.kind === 'indicator' && c.subject.id === ind.id).map((c) => norm(c.text));
    if (!texts.includes(norm(exp.commentary)))
      diffs.push(`commentary not read (found ${texts.length === 0 ? 'none' : texts.map((t) => `"${t.slice(0, 40)}…"`).join(', ')})`);
  }
  if (exp.lead !== undefined && (ind.lead ?? null) !== exp.lead) diffs.push(`lead read as ${JSON.stringify(ind.lead)}, expected ${JSON.stringify(exp.lead)}`);
  return diffs;
}

function compareValues(exp: ExpectedIndicator, ind: Indicator): string[] {
  const diffs: string[] = [];
  const byPeriod = new Map(ind.values.map((v) => [v.period.id, v]));
  for (const [pid, want] of Object.entries(exp.values)) {
    const got = byPeriod.get(pid);
    const shown = got ? (got.status === 'ok' ? `${got.value}` : `${got.status} ("${got.raw}")`) : 'nothing';
    if (want.kind === 'number' && !(got?.status === 'ok' && got.value !== null && close(got.value, want.value)))
      diffs.push(`${pid} read as ${shown}, expected ${want.value}`);
    if (want.kind === 'status' && got?.status !== want.status) diffs.push(`${pid} read as ${shown}, expected ${want.status}`);
    if (want.kind === 'empty' && got && got.status !== 'missing') diffs.push(`${pid} read as ${shown}, expected no value`);
  }
  for (const v of ind.values) {
    if (!(v.period.id in exp.values) && v.status !== 'missing')
      diffs.push(`value for a period the sheet does not have: ${v.period.id} ("${v.period.label}") = "${v.raw}" at ${v.at}`);
  }
  return diffs;
}

function compareTarget(exp: ExpectedIndicator, ind: Indicator): string[] {
  if (!exp.target) return [];
  const { mode, texts } = exp.target;
  const wanted = texts.map((t) => JSON.stringify(t)).join(' or ');
  const single = texts.includes(ind.target.raw ?? null);
  const perPeriod = () => {
    const got = new Map(ind.periodTargets.map((t) => [t.period.id, t.target.raw]));
    return Object.keys(exp.values).every((pid) => texts.includes(got.get(pid) ?? null));
  };
  if (mode === 'single' && !single) return [`target read as ${JSON.stringify(ind.target.raw)}, expected ${wanted}`];
  if (mode === 'per-period' && !perPeriod()) return [`per-period targets read as ${describeTargets(ind)}, expected ${wanted} for every period`];
  if (mode === 'either' && !single && !perPeriod())
    return [`target read as ${JSON.stringify(ind.target.raw)} and per-period ${describeTargets(ind)}, expected ${wanted}`];
  return [];
}

const describeTargets = (ind: Indicator) =>
  ind.periodTargets.length === 0 ? 'none' : ind.periodTargets.map((t) => `${t.period.id}=${JSON.stringify(t.target.raw)}`).join(', ');

/** `file › sheet › B12` or `… › row 12` → sheet and 1-based row. */
export function sheetRowOf(at: string): { sheet: string; row: number | null } | null {
  const parts = at.split(' › ');
  if (parts.length < 3) return null;
  const ref = parts.at(-1)!;
  const m = ref.match(/^[A-Z]{1,3}(\d+)$/) ?? ref.match(/^rows? (\d+)/);
  return { sheet: parts.slice(1, -1).join(' › '), row: m ? Number(m[1]) : null };
}

function checkHiddenNotRead(expected: Expected, sc: Scorecard): string[] {
  const problems: string[] = [];
  for (const ind of sc.indicators) {
    const place = sheetRowOf(ind.at);
    if (!place) continue;
    if (expected.hiddenSheets.includes(place.sheet)) problems.push(`read ${name(ind)} from the hidden sheet "${place.sheet}" (${ind.at})`);
    if (expected.hiddenRows.some((h) => h.sheet === place.sheet && h.row === place.row)) problems.push(`read ${name(ind)} from a hidden row (${ind.at})`);
  }
  return problems;
}

function checkDerivedIds(sc: Scorecard): string[] {
  const ids = sc.indicators.map((i) => i.id);
  const dupes = ids.filter((id, i) => id !== null && ids.indexOf(id) !== i);
  return dupes.length > 0 ? [`derived IDs are not unique: ${[...new Set(dupes)].join(', ')}`] : [];
}
