import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChartPool } from '../../src/chart/pool.js';
import type { Layout } from '../../src/layout/document.js';
import { renderPdf } from '../../src/layout/pdf.js';
import { FONT } from '../../src/layout/theme.js';
import type { Analysis } from '../../src/pipeline.js';
import { tempDir } from './workbooks.js';

/** Renders a layout as build.ts does (charts drawn on this thread) to a PDF file, and returns its path. */
export async function renderToFile(layout: Layout, analysis: Analysis): Promise<string> {
  const pool = ChartPool.warm(0);
  const charts = await pool.draw(layout.charts, { fontFile: analysis.pack.fontFiles.regular, family: FONT });
  const { bytes } = await renderPdf(layout.doc, analysis.pack, (i) => charts.get(i));
  await pool.close();
  const file = join(tempDir(), 'pack.pdf');
  writeFileSync(file, bytes);
  return file;
}
