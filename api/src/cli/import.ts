import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import type { CrsChoice } from '../imports/crs-choice.ts';
import { crsLabel, parseCrs } from '../imports/crs.ts';
import { importTarget, type ImportTarget } from '../imports/fields.ts';
import { parseMapping } from '../imports/mapping.ts';
import { startingMapping } from '../imports/preview.ts';
import { openSource, SourceError } from '../imports/read/index.ts';
import { type ReportFormat, reportChunks } from '../imports/report.ts';
import { runImport } from '../imports/run.ts';
import { checkSourceName, findRun } from '../imports/runs.ts';
import type { ImportMapping, SourceDescription } from '../imports/types.ts';
import { InvalidParameterError } from '../layers/filters.ts';
import { findLayer, layers } from '../layers/registry.ts';
import { HttpProblem } from '../plugins/errors.ts';
import { describeError } from './describe-error.ts';
import { isMainModule } from './main-module.ts';

/*
 * `npm run import -- --layer ID [--crs EPSG:N] [--dry-run] [--report FILE] [--source NAME]
 * [--mapping FILE.json] FILE` imports a file into a layer of the configured database
 * (DATABASE_URL, or the embedded PGLITE_DATA_DIR; not while the server has that folder open).
 * It prints what it found (format, encoding, separator, CRS, the mapping), the speed, and as
 * its last line exactly `inserted N, updated N, rejected N`. Exit 0 when the import ran,
 * rejections included; 1 with the reason on stderr when it could not run.
 */

export const USAGE =
  'usage: npm run import -- --layer ID [--crs EPSG:N] [--dry-run] [--report FILE.csv|FILE.json] ' +
  '[--source NAME] [--mapping FILE.json] FILE';

/** A reason the import cannot run, said on stderr. */
export class ImportCliError extends Error {}

export interface ImportArgs {
  layer: string;
  file: string;
  crs: number | null;
  dryRun: boolean;
  report: { path: string; format: ReportFormat } | null;
  source: string | null;
  mapping: string | null;
}

const importLayers = () =>
  layers
    .filter((l) => l.import)
    .map((l) => l.id)
    .join(', ');

export function parseImportArgs(argv: string[]): ImportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        layer: { type: 'string' },
        crs: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        report: { type: 'string' },
        source: { type: 'string' },
        mapping: { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    throw new ImportCliError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.layer === undefined) throw new ImportCliError(`--layer is required (one of ${importLayers()})\n${USAGE}`);
  if (positionals.length !== 1) {
    throw new ImportCliError(`give exactly one FILE to import (got ${positionals.length})\n${USAGE}`);
  }
  let crs: number | null = null;
  if (values.crs !== undefined) {
    try {
      crs = parseCrs(values.crs);
    } catch (error) {
      throw new ImportCliError(`--crs: ${(error as Error).message}`);
    }
  }
  let report: ImportArgs['report'] = null;
  if (values.report !== undefined) {
    const extension = path.extname(values.report).toLowerCase();
    if (extension !== '.csv' && extension !== '.json') {
      throw new ImportCliError(`--report must name a .csv or a .json file, got "${values.report}"`);
    }
    report = { path: values.report, format: extension === '.csv' ? 'csv' : 'json' };
  }
  let source: string | null = null;
  if (values.source !== undefined) {
    try {
      source = checkSourceName(values.source);
    } catch (error) {
      throw new ImportCliError(`--source: ${(error as Error).message}`);
    }
  }
  return {
    layer: values.layer,
    file: positionals[0]!,
    crs,
    dryRun: values['dry-run'] ?? false,
    report,
    source,
    mapping: values.mapping ?? null,
  };
}

function targetOf(id: string): ImportTarget {
  const layer = findLayer(id);
  const target = layer ? importTarget(layer) : null;
  if (!target) {
    throw new ImportCliError(
      `${layer ? `layer "${id}" takes no imports` : `no layer "${id}"`}; layers that take imports: ${importLayers()}`,
    );
  }
  return target;
}

const ENCODINGS: Record<string, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 with byte-order mark',
  'windows-1252': 'Windows-1252',
};
const SEPARATOR_NAMES: Record<string, string> = { ';': '";"', ',': '","', '\t': 'tab', '|': '"|"' };

/** "CSV, UTF-8 with byte-order mark, separator ";", decimal comma; 6 columns: …". */
export function describeFile(file: SourceDescription): string {
  const parts: string[] = [file.format === 'csv' ? 'CSV' : file.format];
  if (file.encoding) parts.push(ENCODINGS[file.encoding] ?? file.encoding);
  if (file.separator) parts.push(`separator ${SEPARATOR_NAMES[file.separator] ?? file.separator}`);
  if (file.decimalComma !== null) parts.push(file.decimalComma ? 'decimal comma' : 'decimal point');
  if (file.geometryType) parts.push(file.geometryType);
  if (file.srid !== null) parts.push(`${crsLabel(file.srid)} from the ${file.sridSource ?? 'file'}`);
  return `${parts.join(', ')}; ${file.columns.length} columns: ${file.columns.join(', ')}`;
}

export function describeMapping(mapping: ImportMapping): string[] {
  const lines = Object.entries(mapping.fields).map(([field, source]) =>
    'column' in source ? `  ${field} <- column "${source.column}"` : `  ${field} = "${source.value}" (every row)`,
  );
  const geometry = mapping.geometry;
  lines.push(
    geometry === null
      ? '  geometry: none (rows can only update existing features)'
      : geometry.kind === 'file'
        ? "  geometry <- the file's own"
        : geometry.kind === 'xy'
          ? `  geometry <- x "${geometry.x}", y "${geometry.y}"`
          : `  geometry <- WKT in "${geometry.column}"`,
  );
  for (const [field, table] of Object.entries(mapping.values)) {
    for (const [from, to] of Object.entries(table)) lines.push(`  ${field}: "${from}" -> ${to}`);
  }
  return lines;
}

function describeCrs(crs: CrsChoice | null): string {
  if (crs === null) return 'CRS: none (no coordinates)';
  const how = { declared: 'as declared', file: "the file's own", detected: 'detected from the coordinates' }[crs.how];
  return `CRS: ${crsLabel(crs.srid)}, ${how}`;
}

async function readMappingFile(file: string): Promise<ImportMapping> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ImportCliError(`--mapping ${file} cannot be read as JSON: ${(error as Error).message}`);
  }
  return parseMapping(json);
}

const SHOWN_REJECTIONS = 20;

async function main(argv: string[]): Promise<void> {
  const args = parseImportArgs(argv);
  const target = targetOf(args.layer);
  let bytes: Buffer;
  try {
    bytes = await readFile(args.file);
  } catch (error) {
    throw new ImportCliError(`cannot read ${args.file}: ${(error as Error).message}`);
  }
  const table = await openSource(path.basename(args.file), bytes);
  console.log(`File: ${table.fileName}: ${describeFile(table)}`);
  const fromFile = args.mapping === null ? null : await readMappingFile(args.mapping);

  const db = await openDatabase(loadConfig());
  try {
    let mapping: ImportMapping;
    let mappingFrom: string;
    if (fromFile) {
      mapping = fromFile;
      mappingFrom = `from ${args.mapping}`;
    } else {
      const starting = await startingMapping(db.pool, target, table, args.source);
      mapping = starting.mapping;
      mappingFrom =
        starting.mappingFrom === 'saved' ? `saved for source "${args.source}"` : 'suggested from the headers';
    }
    if (args.crs !== null) mapping = { ...mapping, crs: args.crs };
    console.log(`Mapping (${mappingFrom}):\n${describeMapping(mapping).join('\n')}`);
    const report = await runImport({
      db,
      target,
      table,
      mapping,
      dryRun: args.dryRun,
      source: args.source,
      userId: null,
      rejectionLimit: SHOWN_REJECTIONS,
      onCrs: (crs) => console.log(describeCrs(crs)),
    });
    for (const rejection of report.rejections) {
      console.log(`  row ${rejection.row}${rejection.field ? ` (${rejection.field})` : ''}: ${rejection.reason}`);
    }
    if (report.rejectionsTruncated) {
      console.log(
        `  … and ${report.rejected - report.rejections.length} more rejected rows (--report FILE lists them all)`,
      );
    }
    for (const [field, values] of Object.entries(report.unknownValues)) {
      const list = values.map((v) => `"${v.value}" (${v.rows})`).join(', ');
      console.log(`Unknown ${field} values: ${list}; map them with --mapping ("values")`);
    }
    console.log(
      `${report.rows} rows in ${(report.durationMs / 1000).toFixed(1)} s (${report.rowsPerSecond} rows/s), ` +
        `${db.backend} database, run ${report.id}${report.dryRun ? ': DRY RUN, nothing was written' : ''}`,
    );
    if (args.report) {
      const run = await findRun(db.pool, report.id!);
      if (!run) throw new Error(`run ${report.id} was not recorded`);
      await pipeline(
        Readable.from(reportChunks(db.pool, run, args.report.format)),
        createWriteStream(args.report.path),
      );
      console.log(`Report: ${args.report.path} (${report.rejected} rejected rows)`);
    }
    console.log(`inserted ${report.inserted}, updated ${report.updated}, rejected ${report.rejected}`);
  } finally {
    await db.close();
  }
}

/** One line for stderr, naming the mapping's part at fault when there is one. */
function failure(error: unknown): string {
  if (error instanceof ImportCliError) return error.message;
  if (error instanceof InvalidParameterError) return `import not run: ${error.message} (${error.parameter})`;
  if (error instanceof HttpProblem) return `import not run: ${error.message}`;
  if (error instanceof SourceError) return `import not run: the file cannot be read: ${error.message}`;
  return `import failed: ${describeError(error)}`;
}

if (isMainModule(import.meta.url)) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(failure(error));
    process.exitCode = 1;
  }
}
