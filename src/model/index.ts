export * from './scorecard.js';
export * from './period.js';
export { ReportConfigSpec, SourceSpec, ColumnOverrides, type ReportConfig } from './config.js';
export { loadConfig, parseConfig } from './loadConfig.js';
export { reportingPeriod, latestAndPrevious, isUsable, valueAt } from './series.js';
export { IssueLog, countBySeverity } from './issues.js';
export { Band, parseBand, describeBand, bandWidth } from './bands.js';
