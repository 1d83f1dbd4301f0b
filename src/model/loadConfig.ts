import { basename, dirname, extname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { parseYamlWith } from './parseYaml.js';
import { BoardpackError } from '../errors.js';
import type { Effects } from '../effects.js';
import { type ReportConfig, ReportConfigSpec, TEXT_EXTENSIONS, WORKBOOK_EXTENSIONS } from './config.js';

const DATA_EXT = [...WORKBOOK_EXTENSIONS, ...TEXT_EXTENSIONS];

/**
 * Every command takes a report.yaml, or a workbook / CSV / CSV folder in its place (all defaults),
 * so `boardpack validate kpis.xlsx` just works.
 */
export async function loadConfig(path: string, fx: Effects): Promise<ReportConfig> {
  const full = resolve(path);
  const kind = await fx.kind(full);
  if (kind === null) {
    throw new BoardpackError('config-not-found', `${path} does not exist.`, {
      at: path,
      hint: 'Give the path of a report.yaml, or of a workbook (.xlsx) or CSV to read with default settings.',
    });
  }
  if (kind === 'dir' || DATA_EXT.includes(extname(full).toLowerCase())) {
    return normalise(ReportConfigSpec.parse({ sources: [{ file: basename(full) }] }), dirname(full), full);
  }
  if (!/\.ya?ml$/i.test(full)) {
    throw new BoardpackError('input-type', `${path} is not a report.yaml, a workbook or a CSV file.`, {
      at: path,
      hint: `Give a report.yaml, or a data file (${DATA_EXT.join(' ')}), or a folder of CSV files.`,
    });
  }
  return parseConfig(await fx.readText(full), full);
}

/** Parses report.yaml text; problems name the key path and line, and suggest the nearest key. */
export function parseConfig(text: string, file: string): ReportConfig {
  return normalise(
    parseYamlWith(ReportConfigSpec, text, file, { code: 'config', hint: 'Keys and their meanings are listed in the README under "report.yaml".' }),
    dirname(file),
    file,
  );
}

function normalise(spec: z.output<typeof ReportConfigSpec>, baseDir: string, origin: string): ReportConfig {
  return {
    ...spec,
    baseDir,
    origin,
    sources: spec.sources.map((s) => ({ ...s, path: isAbsolute(s.file) ? s.file : resolve(baseDir, s.file) })),
  };
}
