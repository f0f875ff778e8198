import { describe, expect, it } from 'vitest';
import { SourceError } from './detect.ts';
import { decodeText, decodeWindows1252 } from './text.ts';

const ACCENTS = 'é ë € ’';
const bytes = (...values: number[]) => new Uint8Array(values);

describe('decodeText', () => {
  it('reads UTF-8 without a byte-order mark', () => {
    expect(decodeText(new TextEncoder().encode(`Rue de l'${ACCENTS}`))).toEqual({
      text: `Rue de l'${ACCENTS}`,
      encoding: 'utf-8',
    });
  });

  it('reads UTF-8 with a byte-order mark and drops the mark', () => {
    const encoded = new TextEncoder().encode(ACCENTS);
    const result = decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...encoded]));
    expect(result).toEqual({ text: ACCENTS, encoding: 'utf-8-bom' });
    expect(result.text.charCodeAt(0)).toBe(0xe9);
  });

  it('reads Windows-1252, including the bytes 0x80-0x9F that ISO-8859-1 lacks', () => {
    // é = E9, space = 20, ë = EB, € = 80, ’ = 92 in Windows-1252.
    expect(decodeText(bytes(0xe9, 0x20, 0xeb, 0x20, 0x80, 0x20, 0x92))).toEqual({
      text: ACCENTS,
      encoding: 'windows-1252',
    });
    expect(decodeWindows1252(bytes(0x84, 0x8a, 0x9c, 0x9f))).toBe('„Šœ\u0178');
  });

  it('keeps ASCII as UTF-8', () => {
    expect(decodeText(bytes(0x4e, 0x72, 0x3b, 0x58))).toEqual({ text: 'Nr;X', encoding: 'utf-8' });
  });

  it('refuses a byte-order mark followed by bytes that are not UTF-8, naming the line', () => {
    const file = bytes(0xef, 0xbb, 0xbf, 0x61, 0x0a, 0x62, 0x0a, 0xe9, 0x0a);
    expect(() => decodeText(file)).toThrow(SourceError);
    expect(() => decodeText(file)).toThrow('line 3 is not UTF-8');
  });
});
