import { isUtf8 } from 'node:buffer';
import { SourceError } from './detect.ts';

/*
 * Text files as Belgian offices save them: Excel's "CSV UTF-8" starts with a byte-order mark,
 * its plain "CSV" is Windows-1252 (the Western European ANSI code page), other tools write
 * UTF-8 without a mark. Valid UTF-8 is taken as UTF-8: Windows-1252 text with accents is
 * practically never valid UTF-8 by accident, and pure ASCII reads the same either way.
 */

export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1252';

/**
 * Windows-1252's bytes 0x80-0x9F (the rest is ISO-8859-1, i.e. the same code point as the
 * byte). Written out because Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 and
 * gives control characters for these. The five bytes the code page leaves undefined keep
 * their control character, as the WHATWG Encoding standard does.
 */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d,
  0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d,
  0x017e, 0x0178,
].map((code) => String.fromCharCode(code));

/** Text decoded as ISO-8859-1 (or by a decoder with Node's Windows-1252 flaw), made Windows-1252. */
export function fixWindows1252(latin1: string): string {
  return latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

export function decodeWindows1252(bytes: Uint8Array): string {
  return fixWindows1252(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
}

function decodeUtf8(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * The text of a file and its encoding: a UTF-8 byte-order mark -> 'utf-8-bom' (the mark
 * dropped); valid UTF-8 -> 'utf-8'; anything else -> 'windows-1252'. A file with the mark
 * but bytes that are not UTF-8 is refused (SourceError): decoding it either way would change
 * some of its characters without saying so.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: TextEncoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const rest = bytes.subarray(3);
    if (!isUtf8(rest)) {
      const lossy = decodeUtf8(rest);
      const line = lossy.slice(0, lossy.indexOf('\uFFFD')).split('\n').length;
      throw new SourceError(
        `the file starts with a UTF-8 byte-order mark but line ${line} is not UTF-8: save the file again as CSV UTF-8`,
      );
    }
    return { text: decodeUtf8(rest), encoding: 'utf-8-bom' };
  }
  if (isUtf8(bytes)) return { text: decodeUtf8(bytes), encoding: 'utf-8' };
  return { text: decodeWindows1252(bytes), encoding: 'windows-1252' };
}
