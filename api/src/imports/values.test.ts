import { describe, expect, it } from 'vitest';
import {
  dateProblem,
  dateTimeProblem,
  normaliseKey,
  parseBoolean,
  parseDate,
  parseDateTime,
  parseInteger,
  parseNumber,
} from './values.ts';

describe('normaliseKey', () => {
  it('drops case, accents, spaces and punctuation', () => {
    expect(normaliseKey('Datum feit')).toBe('datumfeit');
    expect(normaliseKey('Église')).toBe('eglise');
    expect(normaliseKey('  PV-nummer ')).toBe('pvnummer');
    expect(normaliseKey('Datum/uur')).toBe('datumuur');
    expect(normaliseKey('Brüssel_Steenweg 3')).toBe('brusselsteenweg3');
    expect(normaliseKey('')).toBe('');
  });
});

describe('parseNumber', () => {
  it.each([
    ['4.35', null, 4.35],
    ['4,35', null, 4.35],
    ['-4,35', null, -4.35],
    ['150123,45', true, 150123.45],
    ['  150123,45 ', true, 150123.45],
    ['1.234,5', null, 1234.5],
    ['1.234.567,89', true, 1234567.89],
    ['1 234,5', null, 1234.5],
    ['1\u00a0234,5', null, 1234.5],
    ['1\u202f234\u202f567', null, 1234567],
    ['1,234.5', null, 1234.5],
    ['81246', true, 81246],
    ['+12', null, 12],
    ['\u22124,5', null, -4.5],
    ['1,5E+3', true, 1500],
    ['2.5e-2', false, 0.025],
  ])('reads %j (decimal comma %j) as %d', (text, decimalComma, expected) => {
    expect(parseNumber(text, decimalComma)).toBe(expected);
  });

  it('reads a lone dot as thousands only in a file that writes decimal commas', () => {
    expect(parseNumber('1.234', true)).toBe(1234);
    expect(parseNumber('1.234', false)).toBe(1.234);
    expect(parseNumber('1.234', null)).toBe(1.234);
    // 12.34 does not group in threes: a decimal point whatever the file does.
    expect(parseNumber('12.34', true)).toBe(12.34);
  });

  it('reads a lone comma as thousands only in a file that writes decimal points', () => {
    expect(parseNumber('1,234', false)).toBe(1234);
    expect(parseNumber('1,234', true)).toBe(1.234);
    expect(parseNumber('1,234', null)).toBe(1.234);
  });

  it.each([
    ['', null],
    ['   ', null],
    ['NaN', null],
    ['Infinity', null],
    ['-Infinity', null],
    ['1e999', null],
    ['12a', null],
    ['abc', null],
    ['1.2.3', false],
    ['1,2,3', true],
    ['1.23,4', null],
    ['4,35,', null],
    ['12 34', null],
    ['-', null],
  ])('refuses %j', (text, decimalComma) => {
    expect(parseNumber(text, decimalComma)).toBeNull();
  });

  it('passes finite typed numbers through and refuses the rest', () => {
    expect(parseNumber(12.5, null)).toBe(12.5);
    expect(parseNumber(-0.25, true)).toBe(-0.25);
    expect(parseNumber(Number.NaN, null)).toBeNull();
    expect(parseNumber(Number.POSITIVE_INFINITY, null)).toBeNull();
    expect(parseNumber(true, null)).toBeNull();
    expect(parseNumber(null, null)).toBeNull();
  });
});

describe('parseInteger', () => {
  it('takes whole numbers only', () => {
    expect(parseInteger('1.234', true)).toBe(1234);
    expect(parseInteger('12,0', true)).toBe(12);
    expect(parseInteger('12,5', true)).toBeNull();
    expect(parseInteger(7, null)).toBe(7);
    expect(parseInteger(7.5, null)).toBeNull();
    // 2^53 = 9007199254740992 is past the safe integers: it could stand for 2^53 + 1.
    expect(parseInteger('9007199254740992', null)).toBeNull();
    expect(parseInteger('x', null)).toBeNull();
  });
});

describe('parseBoolean', () => {
  it.each(['ja', 'Ja', 'JA', 'j', 'waar', 'true', 'TRUE', 'yes', 'y', '1', 'x', 'X', 'oui', 'vrai'])(
    'reads %j as true',
    (text) => {
      expect(parseBoolean(text)).toBe(true);
    },
  );

  it.each(['nee', 'Nee', 'n', 'onwaar', 'false', 'no', '0', 'non', 'faux'])('reads %j as false', (text) => {
    expect(parseBoolean(text)).toBe(false);
  });

  it('leaves empty and unknown values to the caller', () => {
    expect(parseBoolean('')).toBeNull();
    expect(parseBoolean(null)).toBeNull();
    expect(parseBoolean('misschien')).toBeNull();
    expect(parseBoolean('2')).toBeNull();
  });

  it('passes typed booleans through and reads typed 1 and 0', () => {
    expect(parseBoolean(true)).toBe(true);
    expect(parseBoolean(false)).toBe(false);
    expect(parseBoolean(1)).toBe(true);
    expect(parseBoolean(0)).toBe(false);
    expect(parseBoolean(2)).toBeNull();
  });
});

describe('parseDate', () => {
  it.each([
    ['15/03/2024', '2024-03-15'],
    ['7/4/2024', '2024-04-07'],
    ['15-03-2024', '2024-03-15'],
    ['15.03.2024', '2024-03-15'],
    ['2024-03-15', '2024-03-15'],
    ['2024/03/15', '2024-03-15'],
    ['15/03/2024 00:00', '2024-03-15'],
    ['15/03/2024 00:00:00', '2024-03-15'],
    ['2024-03-15T00:00:00', '2024-03-15'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2000', '2000-02-29'],
    [' 01/12/2023 ', '2023-12-01'],
  ])('reads %j as %s', (text, expected) => {
    expect(parseDate(text)).toBe(expected);
    expect(dateProblem(text)).toBeNull();
  });

  it('reads day first, never month first', () => {
    // 03/04/2024 is 3 April in Belgium, not 4 March.
    expect(parseDate('03/04/2024')).toBe('2024-04-03');
    expect(parseDate('12/31/2024')).toBeNull();
  });

  it.each([
    ['31/02/2024', 'is not a day of the calendar'],
    ['29/02/2023', 'is not a day of the calendar'],
    // 1900 is divisible by 100 and not by 400: no 29 February.
    ['29/02/1900', 'is not a day of the calendar'],
    ['31/04/2024', 'is not a day of the calendar'],
    ['00/01/2024', 'is not a day of the calendar'],
    ['15/13/2024', 'is not a day of the calendar'],
    ['15/03/24', 'two-digit year'],
    ['15-03-24 10:00', 'two-digit year'],
    ['15/03-2024', 'is not a date'],
    ['maart 2024', 'is not a date'],
    ['15/03/2024 22:15', 'a date and a time, not a date'],
  ])('refuses %j: %s', (text, reason) => {
    expect(parseDate(text)).toBeNull();
    expect(dateProblem(text)).toContain(reason);
  });

  it('is null without a problem for an empty cell, and refuses typed numbers', () => {
    expect(parseDate(null)).toBeNull();
    expect(parseDate('')).toBeNull();
    expect(dateProblem('')).toBeNull();
    // Excel's serial day 45366 (15/03/2024) is not taken for a date.
    expect(parseDate(45366)).toBeNull();
    expect(dateProblem(45366)).toBe('45366 is not a date');
  });
});

describe('parseDateTime', () => {
  it.each([
    ['15/03/2024 22:15', '2024-03-15T22:15:00'],
    ['15/03/2024 22:15:30', '2024-03-15T22:15:30'],
    ['15/03/2024 22u15', '2024-03-15T22:15:00'],
    ['15/03/2024 22.15', '2024-03-15T22:15:00'],
    ['15.03.2024 22.15', '2024-03-15T22:15:00'],
    ['03-02-2024 8:30', '2024-02-03T08:30:00'],
    ['2024-03-15T22:15', '2024-03-15T22:15:00'],
    ['2024-03-15 22:15:00', '2024-03-15T22:15:00'],
    ['2024-03-15T22:15:00.5', '2024-03-15T22:15:00.5'],
    ['15/03/2024', '2024-03-15T00:00:00'],
    ['15/03/2024 00:00', '2024-03-15T00:00:00'],
    ['31/12/2023 23:59', '2023-12-31T23:59:00'],
  ])('reads %j as the wall-clock time %s', (text, local) => {
    expect(parseDateTime(text)).toEqual({ local });
    expect(dateTimeProblem(text)).toBeNull();
  });

  it.each([
    // 22:15 at UTC+1 is 21:15 UTC.
    ['2024-03-15T22:15:00+01:00', '2024-03-15T21:15:00.000Z'],
    ['2024-03-15T22:15:00+0100', '2024-03-15T21:15:00.000Z'],
    ['2024-03-15T22:15+01', '2024-03-15T21:15:00.000Z'],
    // 00:30 at UTC+2 is 22:30 UTC the day before.
    ['2024-07-01T00:30:00+02:00', '2024-06-30T22:30:00.000Z'],
    // 23:00 at UTC-5 is 04:00 UTC the next day (and year).
    ['2023-12-31T23:00:00-05:00', '2024-01-01T04:00:00.000Z'],
    ['2024-03-15T22:15:00Z', '2024-03-15T22:15:00.000Z'],
    ['2024-03-15T22:15:00.250Z', '2024-03-15T22:15:00.250Z'],
    ['2024-03-15 22:15:00z', '2024-03-15T22:15:00.000Z'],
  ])('reads %j as the instant %s', (text, instant) => {
    expect(parseDateTime(text)).toEqual({ instant });
  });

  it.each([
    ['15/03/2024 24:00', 'not a time of day'],
    ['15/03/2024 22:60', 'not a time of day'],
    ['15/03/2024 22:15:60', 'not a time of day'],
    ['15/03/2024 22', 'not a time'],
    ['31/02/2024 10:00', 'not a day of the calendar'],
    ['15/03/24 10:00', 'two-digit year'],
    ['15/03/2024 22:15+01:00', 'not in ISO 8601 form'],
    ['2024-03-15T22:15:00+15:00', 'impossible UTC offset'],
    ['gisteren', 'is not a date'],
  ])('refuses %j: %s', (text, reason) => {
    expect(parseDateTime(text)).toBeNull();
    expect(dateTimeProblem(text)).toContain(reason);
  });

  it('is null without a problem for an empty cell', () => {
    expect(parseDateTime(null)).toBeNull();
    expect(parseDateTime('  ')).toBeNull();
    expect(dateTimeProblem(null)).toBeNull();
  });
});
