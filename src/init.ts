import { dirname, join, relative, resolve, sep } from 'node:path';
import type { CellObject, WorkSheet } from 'xlsx';
import { type Effects, filesUnder, whyNotWritten } from './effects.js';
import { BoardpackError } from './errors.js';
import { PACKAGE_ROOT } from './narrate/index.js';

export interface InitResult {
  /** The report folder, as an absolute path. */
  dir: string;
  /** The files written, relative to `dir` (with `/` between folders), in the order they were written. */
  files: string[];
}

/** Where the copy of the default template pack goes, relative to the report folder. */
const PACK_FOLDER = 'templates';
const WORKBOOK = 'kpis.xlsx';

/**
 * Creates a report folder that builds at once: a commented report.yaml, an invented sample workbook
 * in the tidy layout, a copy of the default template pack and a README of next steps. Nothing is
 * ever overwritten: every name is checked before the first file is written, and if any of them is
 * already there nothing is written at all. `dir` is created when missing; an existing folder is used
 * when none of the names collides.
 */
export async function initReport(dir: string, fx: Effects): Promise<InitResult> {
  const root = resolve(dir);
  // Everything is made in memory first, so a failure here leaves the folder as it was.
  const pack = await packFiles(join(PACKAGE_ROOT, 'templates', 'default'), fx);
  const files: Array<[string, Uint8Array | string]> = [
    ['report.yaml', REPORT_YAML],
    [WORKBOOK, await sampleWorkbook()],
    ...pack.map(([name, bytes]): [string, Uint8Array] => [`${PACK_FOLDER}/${name}`, bytes]),
    ['README.md', README],
  ];
  await checkFree(dir, root, ['report.yaml', WORKBOOK, PACK_FOLDER, 'README.md'], fx);

  const written: string[] = [];
  for (const [name, data] of files) {
    const path = join(root, name);
    try {
      await fx.writeFileAtomic(path, data);
    } catch (e) {
      throw writeError(path, written, e);
    }
    written.push(name);
  }
  return { dir: root, files: written };
}

/** Every file of the pack folder (and of any folder in it), as paths relative to it with `/`, sorted. */
async function packFiles(folder: string, fx: Effects): Promise<Array<[string, Uint8Array]>> {
  const out: Array<[string, Uint8Array]> = [];
  for (const path of await filesUnder(folder, fx)) out.push([relative(folder, path).split(sep).join('/'), await fx.readFile(path)]);
  if (!out.some(([name]) => name === 'pack.yaml')) {
    throw new BoardpackError('template-pack-not-found', `The default template pack at ${folder} has no pack.yaml, so there is nothing to copy.`, {
      at: folder,
      hint: 'boardpack is not installed whole: install it again (npm install boardpack).',
    });
  }
  return out;
}

/**
 * Refuses, before anything is written, when `dir` is not a folder (or cannot become one) or when
 * any of `names` is already in it, in any case: a file, a folder, or a link, even a broken one.
 */
async function checkFree(dir: string, root: string, names: readonly string[], fx: Effects): Promise<void> {
  const kind = await fx.kind(root);
  if (kind === null) {
    // A missing folder is created; only a file where one of its parents should be stops that.
    let parent = dirname(root);
    while ((await fx.kind(parent)) === null && dirname(parent) !== parent) parent = dirname(parent);
    const parentKind = await fx.kind(parent);
    if (parentKind !== 'dir') throw notAFolder(dir, parent);
    return;
  }
  if (kind !== 'dir') throw notAFolder(dir, root);
  const present = await fx.readdir(root);
  for (const name of names) {
    const found = present.find((p) => p.toLowerCase() === name.toLowerCase()) ?? ((await fx.kind(join(root, name))) === null ? undefined : name);
    if (found === undefined) continue;
    const shown = join(dir, found);
    throw new BoardpackError(
      'init-exists',
      `${shown} already exists, so boardpack init wrote nothing: it never overwrites a file. It would write ${names.join(', ')} in ${dir === '.' ? 'this folder' : dir}.`,
      {
        at: shown,
        hint: `Give init a new or empty folder instead (such as ${join(dir, 'committee-report')}), or move ${found} out of ${dir} first.`,
      },
    );
  }
}

function notAFolder(dir: string, path: string): BoardpackError {
  const what = path === resolve(dir) ? dir : path;
  return new BoardpackError('init-exists', `${what} is a file, not a folder, so boardpack init cannot create the report in ${dir}; nothing was written.`, {
    at: what,
    hint: 'Give init the name of a new or empty folder, such as committee-report.',
  });
}

function writeError(path: string, written: readonly string[], e: unknown): BoardpackError {
  const why = whyNotWritten(e);
  const done = written.length === 0 ? 'Nothing was written.' : `Already written, and safe to delete: ${written.join(', ')}.`;
  return new BoardpackError('output-write', `boardpack init could not write ${path} (${why}). ${done}`, {
    at: path,
    hint: 'Choose a folder you can write to, on a disk with space, and run init there.',
    cause: e,
  });
}

const REPORT_YAML = `# The settings of one committee report. Build it with:  boardpack build report.yaml
# (or npx boardpack build report.yaml). Every key is described in boardpack's README under
# "report.yaml". Lines starting with # are comments.
# Settings shown commented out are optional: to use one, remove its # and nothing else.

# The cover, the page headers and the PDF's properties.
title: Corporate Performance Scorecard             # also names the PDF: corporate-performance-scorecard-2026-03.pdf
organisation: Example Borough Council
committee: Performance and Scrutiny Committee
meetingDate: 2026-04-21                            # YYYY-MM-DD

# The period the pack reports on. latest: the newest month (or quarter) for which at least half the
# indicators have a figure. Or latest-complete (all of them have one), previous, or a period as the
# workbook writes it, e.g. Feb-26. boardpack build --period Feb-26 overrides it for one run.
period: latest

# The workbooks to read, relative to this file. kpis.xlsx is an invented sample in the tidy layout
# (sheets Indicators, Values and Commentary): replace its rows with yours, or point file: at the
# workbook your team already keeps and set layout: wide (or auto, to let boardpack tell).
sources:
  - file: ${WORKBOOK}                                # .xlsx .xlsm .xls .ods .csv .tsv .txt, or a folder of CSV files
    layout: tidy                                   # tidy | wide | auto
    # sheet: Scorecard                             # wide: read only this sheet (default: every sheet)
    # headerRow: 4                                 # wide: the first heading row, if boardpack's guess is wrong
    # financialYear: 2025/26                       # wide: the year that bare month headings (Apr, May …) belong to
    # includeHidden: false                         # read hidden rows, columns and sheets too
    # locale: auto                                 # text exports: en (1,234.5) | eu (1.234,5) | auto
    # columns:                                     # wide: correct a column boardpack guessed wrong, by letter or heading
    #   id: A
    #   title: B
    #   target: Year End Target
    #   benchmarks: { Statistical neighbours: P }
    #   ignore: [R, S]
  # A second workbook is read into the same pack, e.g.:
  # - file: ../Performance/Housing scorecard 2025-26.xlsx
  #   layout: wide

# The template pack: every sentence, heading, colour and the page layout. ${PACK_FOLDER}/ is a copy of
# boardpack's default pack for you to edit; write default to use the built-in one again.
template: ${PACK_FOLDER}

# Where the PDF goes, relative to this file. {slug} is made from the title, {period} is the
# reporting period (2026-03), {date} the meeting date. boardpack build --out pack.pdf overrides it.
output:
  dir: output
  file: "{slug}-{period}.pdf"

# How ratings are decided. Green: the target is met. Amber: missed by no more than the tolerance.
# Red: missed by more. The tolerance is a share of the target (10% of a 90% target is 9 points) or
# an absolute band such as "2 points"; one indicator's own goes under indicators: below.
rag:
  tolerance: 10%
  rule: tolerance                                  # or direction-aware: red becomes amber while improving

# Direction of travel: each figure against the one before.
direction:
  compare: previous                                # or same-period-last-year
  band: 1%                                         # changes smaller than this are "no change"; or "0.5 points"
  # published: raw                                 # the workbook's own arrows mean up/down (raw) or better-worse

# How a section's rating is rolled up from its indicators.
# summary:
#   rollup: worst                                  # worst | majority | share
#   share: 0.25                                    # for share: red when 25% are red, amber when 25% are amber or red

# Settings for single indicators, by ID; they win over the workbook and the rules above.
# indicators:
#   HS1: { tolerance: 5% }                         # a tighter amber band
#   CS3: { polarity: higher }                      # say which way is better where the workbook does not
#   EN1: { target: 48% }                           # replace the workbook's target
#   HS4: { cumulative: true }                      # a year-to-date count, compared with its annual target pro rata
#   EN2: { maxAge: 3 }                             # rate the latest figure for up to 3 months when this month's is missing

# What boardpack will read; these are the defaults, far beyond any scorecard.
# limits:
#   fileMB: 50
#   rows: 200000

# Delivering the pack once it is built (boardpack build --distribute, and every schedule tick).
# The mail server and its password are never written here: set BOARDPACK_SMTP_HOST, _PORT, _USER,
# _PASSWORD (or _PASSWORD_FILE) and _FROM where the run starts (the README says how).
# distribute:
#   email:
#     to: [clerk@example.gov.uk]                   # one address or a list; cc: and bcc: too
#     cc: [chair@example.gov.uk]
#     retries: 3                                   # further attempts when the server cannot be reached
#   folder: /mnt/committee-papers                  # a copy of the pack and its manifest, relative to this file
`;

const README = `# Your boardpack report

This folder was made by \`boardpack init\`. It builds a committee scorecard pack as it is, from an
invented sample workbook, so you can see what boardpack makes before you point it at your own figures.

| file | what it is |
| --- | --- |
| \`report.yaml\` | the report's settings: title, organisation, committee, meeting date, reporting period, the workbooks to read, where the PDF goes and how ratings are decided. Its comments explain each one |
| \`${WORKBOOK}\` | the sample workbook in the tidy layout: sheets \`Indicators\` (one row per indicator), \`Values\` (one row per indicator and month) and \`Commentary\`; ten invented indicators in three sections, April 2025 to March 2026 |
| \`${PACK_FOLDER}/\` | a copy of the default template pack: every sentence, heading and label in the pack |
| \`output/\` | made by the first build: the PDFs |

## Build the pack

Run this in this folder:

\`\`\`sh
boardpack build report.yaml
\`\`\`

If the \`boardpack\` command is not found (boardpack was installed in a project rather than
globally), run \`npx boardpack build report.yaml\` instead, the same for every command below. npx
finds boardpack in the \`node_modules\` of this folder or of a folder above it; from anywhere else,
give the path: \`npx boardpack build path/to/report.yaml\` run in the project's folder.
The PDF is written to \`output/\` (\`output:\` in report.yaml says where); \`--out pack.pdf\` writes it
elsewhere, and \`--period Feb-26\` reports on an earlier month.

## Check the data first

\`\`\`sh
boardpack validate report.yaml   # every problem, naming its file, sheet and cell, and how to fix it
boardpack assess report.yaml     # each indicator's rating and direction of travel, with the reason
\`\`\`

\`validate\` exits with 1 when the data has errors (\`build\` then writes nothing), 0 when it has
none; warnings are printed but the pack is made.

## Use your own figures

Either type your indicators into \`${WORKBOOK}\` in place of the sample (keep the sheet names and the
headings in their first rows; targets such as \`90%\`, \`below 18%\` or \`Monitor\`, polarity \`High is
good\` or \`Low is good\`; the officers' commentary in \`Commentary\`, by indicator ID or section name
and month), or point \`sources:\` in report.yaml at the workbook your team already keeps:

\`\`\`yaml
sources:
  - file: ../Performance/Scorecard 2025-26.xlsx   # relative to this folder, or a full path
    layout: wide
\`\`\`

boardpack reads most council layouts as they are: run \`boardpack validate report.yaml\` and check
"What was read" against your sheet. Then set \`title\`, \`organisation\`, \`committee\` and
\`meetingDate\`. boardpack's README, under "Workbooks boardpack reads", lists the layouts and
columns it knows and how to correct a guess (\`columns:\`).

## Change the wording

Every sentence and heading comes from \`${PACK_FOLDER}/\`, which report.yaml names with
\`template: ${PACK_FOLDER}\`:

- \`pack.yaml\`: headings and labels (\`words:\`), colours, page size and orientation, which parts
  the pack has and in what order, the logo;
- \`cover.hbs\`, \`key.hbs\`, \`summary.hbs\`, \`section.hbs\`, \`indicator.hbs\`, \`rag-reason.hbs\`,
  \`direction-reason.hbs\`: the sentences, each with a comment listing its fields.

A mistake in a template stops the build, naming the file and line, before anything is written.
\`template: default\` in report.yaml goes back to the built-in wording.

## Build it every month

\`boardpack build report.yaml\` is one command with exit codes (0 built, 1 data errors, 2 a setting
or file to fix), so cron, Windows Task Scheduler or a CI job can run it; boardpack's README (in
\`node_modules/boardpack/README.md\` when installed in a project) covers running it on a schedule.
`;

type Row = Array<string | number | CellObject | null>;

const PERIODS = ['Apr-25', 'May-25', 'Jun-25', 'Jul-25', 'Aug-25', 'Sep-25', 'Oct-25', 'Nov-25', 'Dec-25', 'Jan-26', 'Feb-26', 'Mar-26'];
const CURRENT = PERIODS[PERIODS.length - 1]!;

interface SampleIndicator {
  id: string;
  title: string;
  section: string;
  unit: '%' | 'number' | 'days' | 'per 100,000';
  decimals: number;
  polarity: 'High is good' | 'Low is good' | '';
  target: string;
  lead: string;
  cumulative?: boolean;
  england?: number;
  neighbours?: number;
  /** April to March. */
  values: number[];
}

/**
 * Ten invented indicators, chosen so the first build shows every rating: green, amber (one a
 * year-to-date count against its annual target pro rata), red (each with commentary, so validate
 * has nothing to warn about) and one monitored without a target.
 */
const SAMPLE: SampleIndicator[] = [
  {
    id: 'CS1',
    title: 'Percentage of calls to the contact centre answered within 60 seconds',
    section: 'Customer services',
    unit: '%',
    decimals: 1,
    polarity: 'High is good',
    target: '80%',
    lead: 'Sam Okafor',
    values: [71.2, 73.5, 74.8, 72.9, 70.4, 74.1, 75.6, 77.3, 74.9, 75.8, 77.9, 76.4],
  },
  {
    id: 'CS2',
    title: 'Percentage of complaints responded to within 10 working days',
    section: 'Customer services',
    unit: '%',
    decimals: 1,
    polarity: 'High is good',
    target: '90%',
    lead: 'Sam Okafor',
    neighbours: 86.5,
    values: [84.0, 86.2, 85.1, 87.9, 88.4, 89.7, 90.3, 91.2, 89.8, 91.5, 91.9, 92.5],
  },
  {
    id: 'CS3',
    title: 'Number of council services requested online (in month)',
    section: 'Customer services',
    unit: 'number',
    decimals: 0,
    polarity: '',
    target: 'Monitor',
    lead: 'Sam Okafor',
    values: [11840, 12310, 12095, 12780, 12460, 13120, 13655, 13210, 12870, 14120, 14385, 14930],
  },
  {
    id: 'HS1',
    title: 'Average time to re-let council homes',
    section: 'Housing',
    unit: 'days',
    decimals: 1,
    polarity: 'Low is good',
    target: '30',
    lead: 'Joanna Pryce',
    england: 35.4,
    values: [34.2, 35.8, 33.9, 36.4, 38.1, 37.5, 39.2, 40.6, 42.3, 41.8, 39.7, 41.2],
  },
  {
    id: 'HS2',
    title: 'Number of households in temporary accommodation (month end)',
    section: 'Housing',
    unit: 'number',
    decimals: 0,
    polarity: 'Low is good',
    target: '120',
    lead: 'Joanna Pryce',
    values: [112, 115, 118, 117, 121, 124, 126, 129, 131, 130, 127, 128],
  },
  {
    id: 'HS3',
    title: 'Percentage of rent collected (year to date)',
    section: 'Housing',
    unit: '%',
    decimals: 1,
    polarity: 'High is good',
    target: '97%',
    lead: 'Joanna Pryce',
    england: 96.6,
    values: [93.1, 94.0, 94.6, 95.2, 95.7, 96.0, 96.4, 96.9, 97.1, 97.3, 97.6, 97.8],
  },
  {
    id: 'HS4',
    title: 'Number of new affordable homes delivered (year to date)',
    section: 'Housing',
    unit: 'number',
    decimals: 0,
    polarity: 'High is good',
    target: '150',
    lead: 'Joanna Pryce',
    cumulative: true,
    values: [6, 14, 25, 33, 41, 52, 63, 77, 88, 101, 117, 138],
  },
  {
    id: 'EN1',
    title: 'Percentage of household waste sent for reuse, recycling and composting',
    section: 'Environment',
    unit: '%',
    decimals: 1,
    polarity: 'High is good',
    target: '50%',
    lead: 'Daniel Reyes',
    england: 42.3,
    neighbours: 45.1,
    values: [47.5, 48.9, 49.6, 48.2, 47.1, 46.3, 45.8, 44.0, 41.9, 42.6, 43.8, 44.1],
  },
  {
    id: 'EN2',
    title: 'Missed bin collections',
    section: 'Environment',
    unit: 'per 100,000',
    decimals: 0,
    polarity: 'Low is good',
    target: '80',
    lead: 'Daniel Reyes',
    neighbours: 74,
    values: [92, 88, 85, 79, 81, 76, 72, 74, 83, 77, 70, 65],
  },
  {
    id: 'EN3',
    title: 'Percentage of fly-tipping incidents cleared within two working days',
    section: 'Environment',
    unit: '%',
    decimals: 1,
    polarity: 'High is good',
    target: '95%',
    lead: 'Daniel Reyes',
    values: [93.8, 94.5, 95.2, 96.0, 95.7, 96.4, 96.8, 95.9, 94.9, 96.3, 96.8, 96.1],
  },
];

const COMMENTARY: Array<[subject: string, text: string, author: string]> = [
  [
    'CS1',
    'Calls were 12% up on March last year after council tax bills went out. Four new advisers started in March and are now taking calls, and the council tax pages have been rewritten to answer the commonest questions.',
    'Sam Okafor',
  ],
  [
    'HS1',
    'Fourteen of the 52 homes let in March needed major works after long tenancies ended. A second repairs contractor for empty homes starts in April, and the service expects re-let times to be back under 35 days by June.',
    'Joanna Pryce',
  ],
  [
    'EN1',
    'Recycling fell over the winter while the garden waste service was paused, and has risen for three months since December. Weekly food waste collections begin in May and are expected to add about four points by the autumn.',
    'Daniel Reyes',
  ],
  [
    'Housing',
    'Demand for temporary accommodation remains high across the region. Re-let times are the service’s first priority for the coming quarter, as each home re-let sooner is one fewer household in temporary accommodation.',
    '',
  ],
];

/** The sample workbook's bytes: the same every run (SheetJS writes no dates unless asked to). */
async function sampleWorkbook(): Promise<Uint8Array> {
  // SheetJS is loaded only when a command needs it, as the readers do.
  const XLSX = await import('xlsx');
  const percent = (v: number, decimals: number): CellObject => ({ t: 'n', v: v / 100, z: decimals === 0 ? '0%' : '0.0%' });
  const figure = (i: SampleIndicator, v: number): CellObject =>
    i.unit === '%' ? percent(v, i.decimals) : { t: 'n', v, z: i.decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(i.decimals)}` };
  const benchmark = (i: SampleIndicator, v: number | undefined) => (v === undefined ? null : figure(i, v));

  const indicators: Row[] = [
    [
      'ID',
      'Title',
      'Section',
      'Unit',
      'Decimals',
      'Polarity',
      'Target',
      'Lead',
      'Frequency',
      'Cumulative',
      'Benchmark: England',
      'Benchmark: Statistical neighbours',
    ],
    ...SAMPLE.map(
      (i): Row => [
        i.id,
        i.title,
        i.section,
        i.unit,
        i.decimals,
        i.polarity,
        i.target,
        i.lead,
        'Monthly',
        i.cumulative ? 'Yes' : null,
        benchmark(i, i.england),
        benchmark(i, i.neighbours),
      ],
    ),
  ];
  const values: Row[] = [['ID', 'Period', 'Value', 'Note'], ...SAMPLE.flatMap((i) => i.values.map((v, n): Row => [i.id, PERIODS[n]!, figure(i, v), null]))];
  const commentary: Row[] = [
    ['ID', 'Period', 'Commentary', 'Author'],
    ...COMMENTARY.map(([subject, text, author]): Row => [subject, CURRENT, text, author || null]),
  ];

  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, sheet(XLSX.utils, indicators, [8, 66, 20, 12, 9, 13, 10, 16, 11, 11, 12, 12]), 'Indicators');
  XLSX.utils.book_append_sheet(wb, sheet(XLSX.utils, values, [8, 10, 10, 30]), 'Values');
  XLSX.utils.book_append_sheet(wb, sheet(XLSX.utils, commentary, [12, 10, 100, 16]), 'Commentary');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Uint8Array;
}

type SheetUtils = typeof import('xlsx').utils;

function sheet(utils: SheetUtils, rows: Row[], widths: number[]): WorkSheet {
  const ws: WorkSheet = {};
  rows.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (cell === null || cell === '') return;
      ws[utils.encode_cell({ r, c })] = typeof cell === 'object' ? cell : typeof cell === 'number' ? { t: 'n', v: cell } : { t: 's', v: cell };
    });
  });
  ws['!ref'] = utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: Math.max(...rows.map((r) => r.length)) - 1 } });
  ws['!cols'] = widths.map((wch) => ({ wch }));
  return ws;
}
