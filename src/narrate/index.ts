export { narrate, type Narrative, type IndicatorText } from './narrate.js';
export type { Analysis } from './analysis.js';
export { loadPack, TEMPLATES, FONTS_DIR, PACKAGE_ROOT, type TemplatePack, type TemplateName } from './pack.js';
export { PackSpec, BLOCKS } from './packSpec.js';
export { parseMarkup, stripMarkup, escapeMarkup, commentaryMarkup, type Block, type Run } from './markup.js';
export { periodContext, longDate } from './context.js';
export { anchorOf } from './anchors.js';
