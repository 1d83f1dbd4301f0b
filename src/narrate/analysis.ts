import type { Assessment } from '../assess/index.js';
import type { Issue } from '../model/scorecard.js';
import type { Narrative } from './narrate.js';
import type { TemplatePack } from './pack.js';

/** A report judged and worded: what `assess`, `validate` and `build` work from. */
export interface Analysis {
  assessment: Assessment;
  pack: TemplatePack;
  narrative: Narrative;
  /** Every finding: reading, assessing and wording. */
  issues: Issue[];
}
