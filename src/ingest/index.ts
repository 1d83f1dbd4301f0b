import { basename, extname, isAbsolute, join, relative } from 'node:path';
import { BoardpackError } from '../errors.js';
import { type Effects, resolveInside } from '../effects.js';
import { type Limits, type ReportConfig, type SourceSpec, TEXT_EXTENSIONS, WORKBOOK_EXTENSIONS } from '../model/config.js';
import { IssueLog } from '../model/issues.js';
import type { Period } from '../model/period.js';
import { SHOWN, Scorecard } from '../model/scorecard.js';
import type { Grid } from './grid.js';
import { tooManySheets } from './limits.js';
import { guardSize, readWorkbook } from './readFiles.js';
import { readText } from './readText.js';
import { visibleGrids } from './hidden.js';
import { SectionBook } from './sections.js';
import { type SourceRead, TIDY_SHEETS, isTidy, readTidy } from './tidy.js';
import { readWide } from './wide.js';

export { parseCell, type ParsedCell, type CellInput, type SheetCell } from './parseCell.js';

/** Reads every source of a report into one scorecard, with every data problem listed. */
export async function readScorecard(config: ReportConfig, fx: Effects): Promise<Scorecard> {
  const log = new IssueLog();
  const out: SourceRead = { indicators: [], sections: [], commentary: [], tables: [] };
  const sections = new SectionBook(out.sections);
  for (const source of config.sources) {
    const rel = relative(config.baseDir, source.path);
    const display = rel === '' || rel.startsWith('..') ? basename(source.path) : rel;
    // The input named on the command line is the user's own choice, as is an absolute path.
    const explicit = isAbsolute(source.file) || source.path === config.origin;
    const loaded = await loadSource(source.path, display, source, fx, explicit ? null : config.baseDir, config.limits);
    for (const g of loaded) for (const n of g.notes ?? []) log.add(n.severity, n.code, n.message, n.at, n.hint);
    const grids = visibleGrids(loaded, source.includeHidden, log);
    const layout = source.layout === 'auto' ? (isTidy(grids) ? 'tidy' : 'wide') : source.layout;
    if (layout === 'tidy') readTidy(grids, log, out, sections);
    else readWide(grids, source, log, out, sections);
  }
  checkDuplicateIds(out, log);
  checkLengths(out, log);
  pruneEmptySections(out, log);
  const periods = new Map<string, Period>();
  for (const ind of out.indicators) for (const v of ind.values) if (!periods.has(v.period.id)) periods.set(v.period.id, { ...v.period, label: v.period.label });
  const scorecard: Scorecard = {
    periods: [...periods.values()].sort((a, b) => a.order - b.order),
    tables: out.tables,
    sections: out.sections,
    indicators: out.indicators,
    commentary: out.commentary,
    issues: log.items,
  };
  return Scorecard.parse(scorecard);
}

async function loadSource(path: string, display: string, source: SourceSpec, fx: Effects, baseDir: string | null, limits: Limits): Promise<Grid[]> {
  // Written relative to report.yaml, a source stays in its folder; an absolute path is the user's to give.
  if (baseDir !== null) await resolveInside(baseDir, path, fx, { name: display, hint: OUTSIDE_HINT });
  const info = await fx.stat(path);
  if (info === null) {
    throw new BoardpackError('source-not-found', `The source ${display} does not exist.`, {
      at: display,
      hint: 'Check the `file:` path in report.yaml; relative paths are read from the folder report.yaml is in.',
    });
  }
  if (info.kind === 'other') throw notAFile(display, info.what);
  if (info.kind === 'dir') {
    const names = (await fx.readdir(path)).filter((n) => extname(n).toLowerCase() === '.csv').sort();
    if (names.length === 0) {
      throw new BoardpackError('source-empty-folder', `The folder ${display} holds no CSV files.`, {
        at: display,
        hint: `A tidy CSV source is a folder with ${TIDY_SHEETS.map((s) => `${s}.csv`).join(', ')}.`,
      });
    }
    // Each CSV file is a sheet of the source.
    if (names.length > limits.sheets) throw tooManySheets(display, names.length, limits, 'CSV files');
    const grids: Grid[] = [];
    for (const n of names) {
      const name = join(display, n);
      // A broken symlink resolves to nothing, and is named as missing by readSource.
      const file = (await resolveInside(path, n, fx, { name, hint: OUTSIDE_HINT })) ?? join(path, n);
      grids.push(readText(await readSource(file, name, fx, limits), name, basename(n, extname(n)), { locale: source.locale, limits }));
    }
    return grids;
  }
  const ext = extname(path).toLowerCase();
  if (TEXT_EXTENSIONS.includes(ext))
    return [readText(await readSource(path, display, fx, limits), display, basename(path, ext), { locale: source.locale, limits })];
  if (WORKBOOK_EXTENSIONS.includes(ext)) return readWorkbook(await readSource(path, display, fx, limits), display, limits);
  throw new BoardpackError('source-type', `${display} is not a workbook or CSV file boardpack reads.`, {
    at: display,
    hint: `Give a workbook (${WORKBOOK_EXTENSIONS.join(' ')}), a CSV or tab-separated text file (${TEXT_EXTENSIONS.join(' ')}), or a folder of CSV files.`,
  });
}

const notAFile = (display: string, what: string) =>
  new BoardpackError('source-not-a-file', `The source ${display} is ${what}, not a file, so boardpack will not read it.`, {
    at: display,
    hint: 'Point `file:` in report.yaml at a saved workbook or CSV file (or a folder of CSV files).',
  });

const OUTSIDE_HINT =
  'Copy the file into the folder report.yaml is in (a symlink or a ../ path that leaves it is not followed), or write its absolute path under `file:` in report.yaml.';

/**
 * A source file's bytes, once it is known to be a regular file within the size limit: a named pipe
 * would wait forever, a device read until memory runs out, and a huge file be read only to be refused.
 */
async function readSource(path: string, display: string, fx: Effects, limits: Limits): Promise<Uint8Array> {
  const info = await fx.stat(path);
  if (info === null) {
    throw new BoardpackError('source-not-found', `The source ${display} does not exist (it may be a symlink to a file that has gone).`, {
      at: display,
      hint: 'Check the file is where report.yaml says, or remove the broken link.',
    });
  }
  if (info.kind !== 'file') throw notAFile(display, info.what);
  guardSize(info.size, display, limits);
  return fx.readFile(path, { maxBytes: limits.fileMB * 1048576 });
}

/** Headings with no indicators under them (repeated page furniture, say) are dropped, and said so. */
function pruneEmptySections(out: SourceRead, log: IssueLog): void {
  const used = new Set(out.indicators.map((i) => i.section));
  for (const c of out.commentary) if (c.subject.kind === 'section') used.add(c.subject.id);
  for (let grew = true; grew; ) {
    grew = false;
    for (const s of out.sections) {
      if (used.has(s.id) && s.parent && !used.has(s.parent)) {
        used.add(s.parent);
        grew = true;
      }
    }
  }
  const empty = out.sections.filter((s) => !used.has(s.id));
  if (empty.length === 0) return;
  out.sections.splice(0, out.sections.length, ...out.sections.filter((s) => used.has(s.id)));
  const one = empty.length === 1;
  const titles = `${empty
    .slice(0, 5)
    .map((s) => `"${s.title}"`)
    .join(', ')}${empty.length > 5 ? ' …' : ''}`;
  log.info(
    'heading-without-indicators',
    `${empty.length} heading row${one ? ' has' : 's have'} no indicators under ${one ? 'it' : 'them'} and ${one ? 'is' : 'are'} not used as ${one ? 'a section' : 'sections'}: ${titles}.`,
    empty[0]!.at,
    'If one of them is a section, check the indicator rows under it have an ID and a measure.',
  );
}

function checkDuplicateIds(out: SourceRead, log: IssueLog): void {
  const first = new Map<string, string>();
  for (const ind of out.indicators) {
    if (ind.id === null) continue;
    const prev = first.get(ind.id);
    if (prev) {
      log.error(
        'duplicate-id',
        `ID ${ind.id} is used twice: here and at ${prev}.`,
        ind.at,
        'Give each indicator its own ID (for example 19a, 19b), or remove the repeated row.',
      );
    } else first.set(ind.id, ind.at);
  }
}

/**
 * Texts the pack shows in places that cannot break across pages (titles, section names, lead
 * officers, targets, units) are shortened there past their `SHOWN` limit; each one is named.
 */
function checkLengths(out: SourceRead, log: IssueLog): void {
  const check = (text: string | null | undefined, limit: number, what: string, at: string | null, hint: string) => {
    if (!text || text.length <= limit) return;
    log.warn(
      'text-too-long',
      `This ${what} is ${text.length.toLocaleString('en-GB')} characters long; the pack shows its first ${limit} and an ellipsis, and the JSON keeps it whole.`,
      at,
      hint,
    );
  };
  for (const ind of out.indicators) {
    check(ind.title, SHOWN.title, 'title', ind.at, 'Shorten the measure to a name, and put the rest in the commentary or a definition column.');
    check(ind.lead, SHOWN.lead, 'lead officer', ind.at, 'Give a name or a post; put anything more in the commentary.');
    for (const t of [ind.target, ...ind.periodTargets.map((p) => p.target)])
      check(t.raw, SHOWN.target, 'target', t.at ?? ind.at, 'Write the target as a figure (90%, below 10%, 105-135); put the reasoning in the commentary.');
    check(ind.unit, SHOWN.unit, 'unit', ind.at, 'Give the unit in a word or two (%, days, £000s).');
  }
  for (const s of out.sections) check(s.title, SHOWN.section, 'section name', s.at, 'Shorten the section name; put the rest in the commentary.');
}
