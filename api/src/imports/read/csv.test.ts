import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SourceRow, SourceTable } from '../types.ts';
import { detectDecimalComma, detectSeparator, headerNames, readCsv } from './csv.ts';
import { SourceError } from './detect.ts';

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../../../tests/fixtures/imports/${name}`, import.meta.url)));
const utf8 = (text: string) => new TextEncoder().encode(text);

async function allRows(table: SourceTable): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  return rows;
}

describe('detectSeparator', () => {
  it('finds each separator', () => {
    expect(detectSeparator('a;b;c\n1;2;3\n')).toBe(';');
    expect(detectSeparator('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectSeparator('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectSeparator('a|b|c\n1|2|3\n')).toBe('|');
  });

  it('counts outside quotes only', () => {
    // Three commas per record outside quotes; the quoted "x;y;z" must not make ';' win.
    expect(detectSeparator('a,b,c,d\n"x;y;z",1,2,3\n"p;q;r",4,5,6\n')).toBe(',');
  });

  it('is not fooled by decimal commas in a ; file', () => {
    // The header has no comma: ',' is no candidate, however many decimal commas follow.
    expect(detectSeparator('Nr;X;Y\n1;124467,73;78249,09\n2;125807,27;81246\n')).toBe(';');
  });

  it('prefers the separator whose count agrees with the header most often', () => {
    // ';' agrees in both rows (2 each), ',' in one (2, then 1).
    expect(detectSeparator('a;b,c;d,e\n1;2,3;4,5\n6;7,8;9\n')).toBe(';');
    // ',' agrees in both rows; ';' only in the first.
    expect(detectSeparator('a,b;c,d\n1,2;3,4\n5,6,7\n')).toBe(',');
  });

  it('breaks ties with ; before , and falls back on ; for one column', () => {
    expect(detectSeparator('a;b,c\n1;2,3\n')).toBe(';');
    expect(detectSeparator('wkt\n"POINT (4 50)"\n')).toBe(';');
    expect(detectSeparator('')).toBe(';');
  });
});

describe('detectDecimalComma', () => {
  it('goes by the majority of cells with a decimal mark', () => {
    expect(detectDecimalComma(['124467,73', '78249,09', 'PV-1', '15/03/2024 22:15'])).toBe(true);
    expect(detectDecimalComma(['4.0215', '50.0135', '1.234,5'])).toBe(false);
    expect(detectDecimalComma(['1.234,5', '-4,35', '4.35'])).toBe(true);
  });

  it('says nothing when no cell shows a decimal mark', () => {
    // "1.234" may be 1234 or 1.234; dates and times are no numbers.
    expect(detectDecimalComma(['81246', '1.234', '15.03.2024', '22.15:00', null])).toBeNull();
    expect(detectDecimalComma([])).toBeNull();
  });
});

describe('headerNames', () => {
  it('trims, names empty headers by position and numbers repeats', () => {
    expect(headerNames([' Nr ', '', 'X', 'X', 'x', 'X', ''])).toEqual([
      'Nr',
      'column 2',
      'X',
      'X (2)',
      'x',
      'X (3)',
      'column 7',
    ]);
  });
});

describe('readCsv on the fixtures', () => {
  it("reads Excel's CSV UTF-8: byte-order mark, ';', decimal comma, Lambert 72", async () => {
    const table = await readCsv('incidents-excel-nl.csv', fixture('incidents-excel-nl.csv'));
    expect(table).toMatchObject({
      format: 'csv',
      encoding: 'utf-8-bom',
      separator: ';',
      decimalComma: true,
      columns: ['Nr', 'Categorie', 'Datum feit', 'Bron', 'X', 'Y'],
      geometryType: null,
      srid: null,
      sridSource: null,
    });
    const rows = await allRows(table);
    expect(rows.map((row) => row.row)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(rows[0]).toEqual({
      row: 2,
      values: {
        Nr: 'PV-2024-0001',
        Categorie: 'Overlast',
        'Datum feit': '15/03/2024 22:15',
        Bron: 'Politie',
        X: '124467,73',
        Y: '78249,09',
      },
      geometry: null,
    });
    expect(rows[2]!.values['Datum feit']).toBe('7/4/2024 09:05');
    expect(rows[5]!.values).toMatchObject({ X: '126478', Y: '87138,08' });
    expect(rows.every((row) => row.problem === undefined)).toBe(true);
  });

  it("reads Windows-1252 with ',', quoted fields and a field over two lines", async () => {
    const table = await readCsv('incidents-cp1252.csv', fixture('incidents-cp1252.csv'));
    expect(table).toMatchObject({
      encoding: 'windows-1252',
      separator: ',',
      decimalComma: false,
      columns: ['Nummer', 'Soort', 'Datum', 'Bron', 'Omschrijving', 'Lengtegraad', 'Breedtegraad'],
    });
    const rows = await allRows(table);
    // Row 5 spans lines 5 and 6 of the file: the rows after it keep the spreadsheet's numbers.
    expect(rows.map((row) => [row.row, row.values.Nummer])).toEqual([
      [2, 'M-101'],
      [3, 'M-102'],
      [4, 'M-103'],
      [5, 'M-104'],
      [6, 'M-105'],
      [7, 'M-106'],
    ]);
    expect(rows.map((row) => row.values.Omschrijving)).toEqual([
      'Zakken afval, ook glas',
      'Lawaai café ’t Hoekske',
      'Schade € 250 aan bushokje, Brüsselsesteenweg',
      'Fiets gestolen aan station\nslot doorgeknipt',
      'Vechtpartij aan café "De Zwaan"',
      'Dealen aan speelplein Noël',
    ]);
    expect(rows[0]!.values).toMatchObject({
      Datum: '03-02-2024 08:30',
      Lengtegraad: '4.0215',
      Breedtegraad: '50.0135',
    });
  });

  it('reads Windows-1252 addresses, Lambert 2008 with decimal comma and empty dates', async () => {
    const table = await readCsv('vacant-buildings-cp1252.csv', fixture('vacant-buildings-cp1252.csv'));
    expect(table).toMatchObject({ encoding: 'windows-1252', separator: ';', decimalComma: true });
    expect(table.columns).toEqual([
      'Dossier',
      'Adres',
      'Type',
      'Toestand',
      'Datum opname',
      'Datum schrapping',
      'X',
      'Y',
    ]);
    const rows = await allRows(table);
    expect(rows.map((row) => row.values.Adres)).toEqual([
      "Rue de l'Église 12",
      'Brüsselsesteenweg 3',
      'Zénobe Grammestraat 7',
      'Sint-Rochusstraat 45 bus 2',
      'Kapelleweg 2',
    ]);
    expect(rows.map((row) => row.values['Datum schrapping'])).toEqual([null, '15.09.2023', null, null, '02.02.2024']);
    expect(rows[0]!.values).toMatchObject({ 'Datum opname': '12.03.2019', X: '624871,21', Y: '577911,7' });
  });

  it('yields every bad row, with a problem for the wrong field counts', async () => {
    const table = await readCsv('incidents-bad-rows.csv', fixture('incidents-bad-rows.csv'));
    expect(table).toMatchObject({ encoding: 'utf-8', separator: ';', decimalComma: true });
    const rows = await allRows(table);
    // 14 data rows, numbered 2-15 (see the fixtures' README).
    expect(rows.map((row) => row.row)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    expect(rows.filter((row) => row.problem).map((row) => [row.row, row.problem])).toEqual([
      [11, 'row has 7 fields, the header has 6'],
      [12, 'row has 5 fields, the header has 6'],
    ]);
    expect(rows[4]!.values).toMatchObject({ Nr: 'B-005', X: null, Y: '86345,98' });
    expect(rows[5]!.values.Y).toBe('abc');
    expect(rows[8]!.values.Nr).toBeNull();
    // The row of the header's length keeps its six values; the short row misses Y.
    expect(rows[9]!.values).toMatchObject({ Nr: 'B-010', Y: '79358,8' });
    expect(rows[10]!.values).toMatchObject({ Nr: 'B-011', X: '125010,47', Y: null });
    // ";;;;;" is a row of six empty cells.
    expect(rows[11]).toEqual({
      row: 13,
      values: { Nr: null, Categorie: null, 'Datum feit': null, Bron: null, X: null, Y: null },
      geometry: null,
    });
  });
});

describe('readCsv on awkward text', () => {
  it('leaves blank lines out but counts them, as a spreadsheet does', async () => {
    const table = await readCsv('a.csv', utf8('a;b\r\n1;2\r\n\r\n   \r\n3;4\r\n\r\n'));
    // Lines: 1 header, 2 "1;2", 3 blank, 4 spaces, 5 "3;4", 6 blank.
    expect((await allRows(table)).map((row) => [row.row, row.values.a])).toEqual([
      [2, '1'],
      [5, '3'],
    ]);
  });

  it('trims cells and header names, and reads empty cells as null', async () => {
    const table = await readCsv('a.csv', utf8(' Nr ; Naam \n 7 ;  \n'));
    expect(table.columns).toEqual(['Nr', 'Naam']);
    expect((await allRows(table))[0]!.values).toEqual({ Nr: '7', Naam: null });
  });

  it('takes empty fields after the last column as nothing lost, non-empty ones as a problem', async () => {
    const rows = await allRows(await readCsv('a.csv', utf8('a;b\n1;2;\n1;2; \n1;2;;x\n')));
    expect(rows.map((row) => row.problem)).toEqual([undefined, undefined, 'row has 4 fields, the header has 2']);
  });

  it('keeps a stray quote inside a field as a character', async () => {
    const rows = await allRows(await readCsv('a.csv', utf8('a;b\nbuis 5" lang;2\n"De Zwaan" Halle;3\n')));
    expect(rows.map((row) => row.values.a)).toEqual(['buis 5" lang', '"De Zwaan" Halle']);
  });

  it('reads a file with only a header as no rows', async () => {
    const table = await readCsv('a.csv', utf8('Nr;X;Y\r\n'));
    expect(table.columns).toEqual(['Nr', 'X', 'Y']);
    expect(await allRows(table)).toEqual([]);
  });

  it('refuses a file without a header', async () => {
    await expect(readCsv('a.csv', utf8('\r\n \r\n'))).rejects.toThrow('the file holds no header row');
  });

  it('names the row of an unclosed quote when opening a short file', async () => {
    const opening = readCsv('a.csv', utf8('a;b\n1;2\n"open;3\n4;5\n'));
    await expect(opening).rejects.toThrow(SourceError);
    await expect(opening).rejects.toThrow('unclosed quote starting on row 3');
  });

  it('names the row of an unclosed quote met by rows() far into a file', async () => {
    // Rows 2-811 are good; row 812 opens a quote that nothing closes.
    const lines = ['Nr;Naam'];
    for (let n = 2; n <= 811; n++) lines.push(`${n};naam ${n}`);
    lines.push('812;"nooit gesloten', '813;x');
    const table = await readCsv('big.csv', utf8(lines.join('\n')));
    let seen = 0;
    const reading = (async () => {
      for await (const row of table.rows()) seen = row.row;
    })();
    await expect(reading).rejects.toThrow('unclosed quote starting on row 812');
    // The file cannot be imported: rows before 812 may come first, none at or after it.
    expect(seen).toBeGreaterThan(0);
    expect(seen).toBeLessThan(812);
  });
});

describe('readCsv streams its rows', () => {
  it('reads 200,000 rows, and reads them again from the first', async () => {
    const count = 200_000;
    const lines = ['Nr;Categorie;Datum feit;X;Y'];
    for (let i = 1; i <= count; i++) lines.push(`PV-${i};Overlast;15/03/2024 22:15;${124000 + (i % 5000)},5;78249,09`);
    const table = await readCsv('big.csv', utf8(lines.join('\r\n')));
    expect(table.decimalComma).toBe(true);

    let rows = 0;
    let last: SourceRow | undefined;
    for await (const row of table.rows()) {
      rows++;
      last = row;
    }
    expect(rows).toBe(count);
    // The last data row is row 200,001: the header is row 1. 200000 % 5000 = 0.
    expect(last).toEqual({
      row: count + 1,
      values: {
        Nr: `PV-${count}`,
        Categorie: 'Overlast',
        'Datum feit': '15/03/2024 22:15',
        X: '124000,5',
        Y: '78249,09',
      },
      geometry: null,
    });

    const firstRow = async () => {
      for await (const row of table.rows()) return row;
      return undefined;
    };
    const first = await firstRow();
    expect(first).toMatchObject({ row: 2, values: { Nr: 'PV-1', X: '124001,5' } });
    expect(await firstRow()).toEqual(first);
  }, 60_000);
});
