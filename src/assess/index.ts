export { assessReport, type Assessment, type IndicatorAssessment, type BenchmarkResult } from './assess.js';
export { Target, parseTarget, polarityOfTarget } from './targets.js';
export { Rag, judge, ragReason, describeTarget, type RatedTarget, type Judgement } from './rag.js';
export { Direction, directionOfTravel } from './direction.js';
export { Band, parseBand, describeBand } from './bands.js';
export { summarise, rollup, type Summary, type SectionResult } from './summary.js';
