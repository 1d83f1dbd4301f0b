import { basename, extname, join, relative } from 'node:path';
import { BoardpackError } from '../errors.js';
import type { Effects } from '../effects.js';
import { type ReportConfig, type SourceSpec, TEXT_EXTENSIONS, WORKBOOK_EXTENSIONS } from '../model/config.js';
import { IssueLog } from '../model/issues.js';
import type { Period } from '../model/period.js';
import { Scorecard } from '../model/scorecard.js';
import type { Grid } from './grid.js';
import { readWorkbook } from './readFiles.js';
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
    const loaded = await loadSource(source.path, display, source, fx);
    for (const g of loaded) for (const n of g.notes ?? []) log.add(n.severity, n.code, n.message, n.at, n.hint);
    const grids = visibleGrids(loaded, source.includeHidden, log);
    const layout = source.layout === 'auto' ? (isTidy(grids) ? 'tidy' : 'wide') : source.layout;
    if (layout === 'tidy') readTidy(grids, log, out, sections);
    else readWide(grids, source, log, out, sections);
  }
  checkDuplicateIds(out, log);
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

async function loadSource(path: string, display: string, source: SourceSpec, fx: Effects): Promise<Grid[]> {
  const kind = await fx.kind(path);
  if (kind === null) {
    throw new BoardpackError('source-not-found', `The source ${display} does not exist.`, {
      at: display,
      hint: 'Check the `file:` path in report.yaml; relative paths are read from the folder report.yaml is in.',
    });
  }
  if (kind === 'dir') {
    const names = (await fx.readdir(path)).filter((n) => extname(n).toLowerCase() === '.csv').sort();
    if (names.length === 0) {
      throw new BoardpackError('source-empty-folder', `The folder ${display} holds no CSV files.`, {
        at: display,
        hint: `A tidy CSV source is a folder with ${TIDY_SHEETS.map((s) => `${s}.csv`).join(', ')}.`,
      });
    }
    return Promise.all(names.map(async (n) => readText(await fx.readFile(join(path, n)), join(display, n), basename(n, extname(n)), source)));
  }
  const ext = extname(path).toLowerCase();
  if (TEXT_EXTENSIONS.includes(ext)) return [readText(await fx.readFile(path), display, basename(path, ext), source)];
  if (WORKBOOK_EXTENSIONS.includes(ext)) return readWorkbook(await fx.readFile(path), display);
  throw new BoardpackError('source-type', `${display} is not a workbook or CSV file boardpack reads.`, {
    at: display,
    hint: `Give a workbook (${WORKBOOK_EXTENSIONS.join(' ')}), a CSV or tab-separated text file (${TEXT_EXTENSIONS.join(' ')}), or a folder of CSV files.`,
  });
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
