import { describe, expect, it } from 'vitest';
import { copyLine, copyText } from './stage.ts';

describe('COPY text format', () => {
  it('escapes what would end a field or a line, and writes null as \\N', () => {
    expect(copyText('Kerkstraat 1')).toBe('Kerkstraat 1');
    expect(copyText('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    expect(copyText('C:\\N')).toBe('C:\\\\N'); // a literal backslash-N is not null
    expect(copyText(null)).toBe('\\N');
    expect(copyText('')).toBe('');
  });

  it('writes a staged row as one line: row, key, the values, geometry, rejection', () => {
    expect(
      copyLine(
        { row: 7, key: 'PV-1', values: ['overlast', null], geom: '0101', rejectField: null, rejectReason: null },
        2,
      ),
    ).toBe('7\tPV-1\toverlast\t\\N\t0101\t\\N\t\\N\n');
    expect(
      copyLine({ row: 8, key: null, values: [], geom: null, rejectField: 'sourceId', rejectReason: 'empty\nkey' }, 2),
    ).toBe('8\t\\N\t\\N\t\\N\t\\N\tsourceId\tempty\\nkey\n');
  });
});
