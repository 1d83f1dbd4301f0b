/** boardpack as a library: the same functions the CLI, a scheduler or a queue worker call. */
export { loadReport, type Report } from './pipeline.js';
export { readScorecard, parseCell, type ParsedCell, type CellInput, type SheetCell } from './ingest/index.js';
export * from './model/index.js';
export { BoardpackError, isBoardpackError } from './errors.js';
export { type Effects, nodeEffects } from './effects.js';
export { main } from './cli/main.js';
