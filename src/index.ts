/** boardpack as a library: the same functions the CLI, a scheduler or a queue worker call. */
export { loadReport, analyseReport, type Report, type Analysis, type ReportInput } from './pipeline.js';
export { buildPack, manifestPathFor, type BuildOptions, type BuildResult, type HtmlOutput, type OutputFormat } from './build.js';
export { exportCharts, type ChartsOptions, type ChartsResult, type ChartEntry, type ChartFormat } from './exportCharts.js';
export { distributePack, type DistributeOptions, type DistributeResult } from './deliver/index.js';
export { initReport, type InitResult } from './init.js';
export { readManifest, type Manifest, type ManifestIndicator, type ManifestFile } from './manifest.js';
export type { Log, LogEvent, LogLevel } from './log.js';
export { VERSION } from './version.js';
export { assessReport, type Assessment, type IndicatorAssessment } from './assess/index.js';
export { loadPack, narrate, type TemplatePack, type Narrative } from './narrate/index.js';
export { readScorecard, parseCell, type ParsedCell, type CellInput, type SheetCell } from './ingest/index.js';
export * from './model/index.js';
export { BoardpackError, isBoardpackError } from './errors.js';
export { type Effects, nodeEffects } from './effects.js';
export { main } from './cli/main.js';
