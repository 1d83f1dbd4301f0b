/** boardpack as a library: the same functions the CLI, a scheduler or a queue worker call. */
export { loadReport, analyseReport, type Report, type Analysis } from './pipeline.js';
export { buildPack, type BuildOptions, type BuildResult } from './build.js';
export { assessReport, type Assessment, type IndicatorAssessment } from './assess/index.js';
export { loadPack, narrate, type TemplatePack, type Narrative } from './narrate/index.js';
export { readScorecard, parseCell, type ParsedCell, type CellInput, type SheetCell } from './ingest/index.js';
export * from './model/index.js';
export { BoardpackError, isBoardpackError } from './errors.js';
export { type Effects, nodeEffects } from './effects.js';
export { main } from './cli/main.js';
