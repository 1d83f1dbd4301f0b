// Imports run one way: model ← ingest ← assess ← narrate ← chart/layout ← build ← cli
// (../shared/DESIGN.md, "Pipeline"). Nothing downstream reads a spreadsheet; the model knows no stage.
// src/pipeline.ts and src/build.ts orchestrate the stages; src/errors.ts and src/effects.ts are
// shared by all of them. `npm run check:imports` runs this, and so does CI.

/** The folders of the stages named, as a path pattern. */
const stages = (...names) => `^src/(${names.join('|')})/`;

/** A stage importing any of `names`, which sit downstream of it (or, for ingest, read spreadsheets). */
const stageRule = (stage, names, comment) => ({
  name: `${stage}-upstream-only`,
  severity: 'error',
  comment,
  from: { path: stages(stage) },
  to: { path: stages(...names) },
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be understood, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import the checker cannot resolve is one no rule here can see.',
      from: {},
      to: { couldNotResolve: true },
    },
    stageRule('model', ['ingest', 'assess', 'narrate', 'chart', 'layout'], 'The model is what every stage shares; it knows none of them.'),
    stageRule('ingest', ['assess', 'narrate', 'chart', 'layout'], 'Reading builds the model and knows nothing of what is done with it.'),
    stageRule('assess', ['ingest', 'narrate', 'chart', 'layout'], 'Assessment works from the model, never from a spreadsheet, and knows no wording or page.'),
    stageRule('narrate', ['ingest', 'chart', 'layout'], 'Wording works from the model and the assessment, and knows no page.'),
    stageRule('chart', ['ingest', 'layout'], 'Chart builders work from the model, the assessment and the wording, and know no page.'),
    stageRule('layout', ['ingest'], 'Layout works from the model, the assessment, the wording and the charts, never from a spreadsheet.'),
    {
      name: 'not-to-orchestration',
      severity: 'error',
      comment:
        'pipeline.ts and build.ts run the stages; a stage that imports them depends on every other stage. Only the CLI and the library entry call them (and build.ts calls pipeline.ts; exportCharts.ts, which writes the pack\'s charts on their own, calls both).',
      from: { pathNot: '^src/(cli/|index\\.ts$|build\\.ts$|exportCharts\\.ts$)' },
      to: { path: '^src/(pipeline|build)\\.ts$' },
    },
    {
      name: 'not-to-cli',
      severity: 'error',
      comment: 'The CLI is the top of the pipeline; only the library entry (src/index.ts, which exports main) imports it.',
      from: { pathNot: '^src/(cli/|index\\.ts$)' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // A type that crosses a boundary is still a crossing, though the compiler erases its import.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Packages are resolved as Node resolves them for an ES module (csv-parse/sync is an `exports` entry).
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'default'] },
  },
};
