import { describe, expect, it } from 'vitest';
import { reportingPeriod } from '../../src/model/series.js';
import { makeIndicator, makeReport } from '../helpers/build.js';

/** Ten monthly indicators: all report Jan and Feb, seven report Mar, two report Apr. */
const scorecard = () =>
  makeReport(
    Array.from({ length: 10 }, (_, i) =>
      makeIndicator({ id: `M${i}`, series: { 'Jan-25': 1, 'Feb-25': 2, ...(i < 7 ? { 'Mar-25': 3 } : {}), ...(i < 2 ? { 'Apr-25': 4 } : {}) } }),
    ),
  ).scorecard;

describe('reportingPeriod', () => {
  it('latest: the newest month at least half the indicators report, saying why and what was passed over', () => {
    const { period, reason } = reportingPeriod(scorecard(), 'latest');
    expect(period.label).toBe('Mar-25');
    expect(reason).toBe('the newest month with figures for at least half the indicators (7 of 10 monthly indicators have a figure; Apr-25 has only 2)');
  });

  it('latest-complete: the newest month every indicator reports', () => {
    expect(reportingPeriod(scorecard(), 'latest-complete').period.label).toBe('Feb-25');
  });

  it('previous: the month before latest', () => {
    expect(reportingPeriod(scorecard(), 'previous').period.label).toBe('Feb-25');
  });

  it('a period named by label or id', () => {
    expect(reportingPeriod(scorecard(), 'Jan-25').period.id).toBe('2025-01');
    expect(reportingPeriod(scorecard(), '2025-04').period.label).toBe('Apr-25');
  });

  it('no figures at all: says what the value cells hold, naming one', () => {
    const sc = makeReport([makeIndicator({ id: 'X', series: { 'Jan-25': 'NYC', 'Feb-25': 'NYC' } })]).scorecard;
    expect(() => reportingPeriod(sc, 'latest')).toThrowError(
      /1 indicator was read, but none of its 2 value cells holds a figure \(for example t › s › Jan-25 holds "NYC"\)/,
    );
  });
});
