import { describe, expect, it } from 'vitest';
import { describeFile, describeMapping, parseImportArgs } from './import.ts';

describe('parseImportArgs', () => {
  it('reads the options of the issue’s interface', () => {
    expect(
      parseImportArgs(['--layer', 'incidents', '--crs', 'EPSG:31370', '--dry-run', '--report', 'out.JSON', 'data.csv']),
    ).toEqual({
      layer: 'incidents',
      file: 'data.csv',
      crs: 31370,
      dryRun: true,
      report: { path: 'out.JSON', format: 'json' },
      source: null,
      mapping: null,
    });
    expect(parseImportArgs(['--layer', 'incidents', '--source', ' Politie ', 'a.csv'])).toMatchObject({
      source: 'Politie',
      dryRun: false,
    });
  });

  it('refuses what it cannot use, with the usage', () => {
    expect(() => parseImportArgs(['data.csv'])).toThrow(/--layer is required/);
    expect(() => parseImportArgs(['--layer', 'incidents'])).toThrow(/exactly one FILE/);
    expect(() => parseImportArgs(['--layer', 'incidents', 'a.csv', 'b.csv'])).toThrow(
      /give exactly one FILE to import \(got 2\)/,
    );
    expect(() => parseImportArgs(['--layer', 'incidents', '--report', 'out.txt', 'a.csv'])).toThrow(
      /\.csv or a \.json/,
    );
    expect(() => parseImportArgs(['--layer', 'incidents', '--crs', 'EPSG:3857', 'a.csv'])).toThrow(
      /--crs: EPSG:3857 is not supported/,
    );
    expect(() => parseImportArgs(['--layer', 'incidents', '--force', 'a.csv'])).toThrow(/usage: npm run import/);
  });
});

describe('what the CLI prints', () => {
  it('describes a CSV and a mapping', () => {
    expect(
      describeFile({
        fileName: 'a.csv',
        format: 'csv',
        encoding: 'windows-1252',
        separator: '\t',
        decimalComma: false,
        columns: ['Nr', 'X'],
        geometryType: null,
        srid: null,
        sridSource: null,
      }),
    ).toBe('CSV, Windows-1252, separator tab, decimal point; 2 columns: Nr, X');
    expect(
      describeMapping({
        fields: { sourceId: { column: 'Nr' }, source: { value: 'politie' } },
        geometry: { kind: 'xy', x: 'X', y: 'Y' },
        crs: null,
        values: { category: { Inbraak: 'woninginbraak' } },
      }),
    ).toEqual([
      '  sourceId <- column "Nr"',
      '  source = "politie" (every row)',
      '  geometry <- x "X", y "Y"',
      '  category: "Inbraak" -> woninginbraak',
    ]);
  });
});
