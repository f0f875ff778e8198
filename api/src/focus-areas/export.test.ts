import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import {
  FOCUS_AREA_CSV_HEADER,
  focusAreaCsvRecords,
  focusAreaExportFileName,
  focusAreasCsv,
  focusAreasGeojson,
} from './export.ts';
import type { ExportAreaRow } from './queries.ts';

const square = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [4.01, 50.01],
        [4.02, 50.01],
        [4.02, 50.02],
        [4.01, 50.01],
      ],
    ],
  ],
};

const row: ExportAreaRow = {
  id: 7,
  name: 'Stationsbuurt, "oost"',
  theme: 'buurten',
  priority: 'high',
  status: 'active',
  description: '=SUM(A1)\nmet een tweede regel',
  actions: [
    { year: 2024, action: 'Bomen planten', partner: 'Groendienst', status: 'done', phase: null, partnerId: null },
    { year: 2025, action: 'Buurtoverleg', partner: '', status: 'planned', phase: 'prevention', partnerId: 4 },
  ],
  version: 3,
  updated_at: new Date('2025-01-02T03:04:05.000Z'),
  updated_by: 'coördinator',
  deleted_at: null,
  geometry: square,
  wkt: 'MULTIPOLYGON(((4.01 50.01,4.02 50.01,4.02 50.02,4.01 50.01)))',
};

/** Partner names by id, as partnerNames reads them from the database. */
const partners = new Map([[4, 'Preventiedienst']]);

describe('focusAreaCsvRecords', () => {
  it('gives one record per action with the area columns repeated, phase and partner id and name', () => {
    const records = focusAreaCsvRecords(row, partners);
    expect(records).toHaveLength(2);
    const area = [
      7,
      row.name,
      'buurten',
      'high',
      'active',
      row.description,
      3,
      '2025-01-02T03:04:05.000Z',
      'coördinator',
    ];
    expect(records[0]).toEqual([...area, 2024, 'Bomen planten', 'Groendienst', 'done', null, null, null, row.wkt]);
    expect(records[1]).toEqual([
      ...area,
      2025,
      'Buurtoverleg',
      '',
      'planned',
      'prevention',
      4,
      'Preventiedienst',
      row.wkt,
    ]);
  });

  it('leaves the name empty for a partner id it does not know', () => {
    expect(focusAreaCsvRecords(row, new Map())[1]!.slice(13, 17)).toEqual(['prevention', 4, null, row.wkt]);
  });

  it('keeps an area without actions as one record with empty action columns', () => {
    const records = focusAreaCsvRecords({ ...row, actions: [] });
    expect(records).toHaveLength(1);
    expect(records[0]!.slice(9, 17)).toEqual([null, null, null, null, null, null, null, row.wkt]);
  });
});

describe('focusAreasCsv', () => {
  it('starts with a byte-order mark and a header, quotes what needs it, defuses formulas', () => {
    const text = focusAreasCsv([row], partners);
    expect(text.startsWith('\uFEFFid,name,theme,')).toBe(true);
    const parsed = parse(text.slice(1), { columns: true }) as Record<string, string>[];
    expect(parsed).toHaveLength(2);
    expect(Object.keys(parsed[0]!)).toEqual([...FOCUS_AREA_CSV_HEADER]);
    expect(parsed[0]!.name).toBe('Stationsbuurt, "oost"'); // comma and quotes survive
    expect(parsed[0]!.description).toBe("'=SUM(A1)\nmet een tweede regel"); // no formula runs
    expect(parsed[1]!.actionYear).toBe('2025');
    expect(parsed[1]!.actionPartner).toBe('');
    expect([parsed[1]!.actionPhase, parsed[1]!.actionPartnerId, parsed[1]!.actionPartnerName]).toEqual([
      'prevention',
      '4',
      'Preventiedienst',
    ]);
    expect([parsed[0]!.actionPhase, parsed[0]!.actionPartnerId, parsed[0]!.actionPartnerName]).toEqual(['', '', '']);
    expect(parsed[1]!.wkt).toBe(row.wkt);
    expect(text.split('\r\n')).toHaveLength(1 + 2 + 1); // header, two records, the final CRLF
  });
});

describe('focusAreasGeojson', () => {
  it('is a FeatureCollection of features with the actions in their properties', () => {
    const fc = JSON.parse(focusAreasGeojson([row]));
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0]).toMatchObject({ type: 'Feature', id: 7, geometry: square });
    expect(fc.features[0].properties.actions).toEqual(row.actions);
    expect(fc.features[0].properties.updatedBy).toBe('coördinator');
  });
});

describe('focusAreaExportFileName', () => {
  it('names the file by the day (UTC)', () => {
    expect(focusAreaExportFileName('csv', new Date('2025-06-30T23:30:00Z'))).toBe('focus-areas-2025-06-30.csv');
  });
});
