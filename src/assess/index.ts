export { assessReport, type Assessment, type IndicatorAssessment, type BenchmarkResult, type RagFacts, type HistoryPoint } from './assess.js';
export { Target, parseTarget, polarityOfTarget } from './targets.js';
export { Rag, judge, type RatedTarget, type Judgement } from './rag.js';
export { Direction, directionOfTravel, type DirectionResult } from './direction.js';
export { summarise, rollup, type Summary, type SectionResult, type RollupRule } from './summary.js';
