// Regenerates inputs/kpis.xlsx, the invented sample workbook `npm start` builds from.
import { generateWorkbook, writeWorkbook } from './generate.mjs';

writeWorkbook(generateWorkbook({ count: 60, seed: 2025, fyStart: 2025 }), new URL('../inputs/kpis.xlsx', import.meta.url).pathname);
