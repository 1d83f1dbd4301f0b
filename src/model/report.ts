import type { ReportConfig } from './config.js';
import type { Period } from './period.js';
import type { Scorecard } from './scorecard.js';

/** A read, checked scorecard and the period it reports on: what every command starts from. */
export interface Report {
  config: ReportConfig;
  scorecard: Scorecard;
  period: Period;
  /** Why this period was chosen, in words (`the newest month with figures for …`). */
  periodReason: string;
}
