import { describe, expect, it } from 'vitest';
import { decodeGpkgGeometry, encodeGpkgGeometry, GpkgBlobError } from './blob.ts';

// WKB of POINT(4.25 50.75), little endian: byte order 1, type 1, then two doubles.
function pointWkb(x: number, y: number): Uint8Array {
  const wkb = new Uint8Array(21);
  const view = new DataView(wkb.buffer);
  wkb[0] = 1;
  view.setUint32(1, 1, true);
  view.setFloat64(5, x, true);
  view.setFloat64(13, y, true);
  return wkb;
}

describe('GeoPackage geometry blob', () => {
  it('writes a point without envelope: 8 header bytes, then the WKB', () => {
    const wkb = pointWkb(4.25, 50.75);
    const blob = encodeGpkgGeometry(wkb, 4326, null);
    // "GP", version 0, flags 0b0000_0001 (no envelope, little endian), srs_id 4326 = 0x10E6 LE.
    expect([...blob.subarray(0, 8)]).toEqual([0x47, 0x50, 0, 1, 0xe6, 0x10, 0, 0]);
    expect(blob.length).toBe(8 + 21);
    expect(decodeGpkgGeometry(blob)).toEqual({ srsId: 4326, empty: false, wkb });
  });

  it('writes the xy envelope as minX, maxX, minY, maxY and skips it when reading', () => {
    const wkb = pointWkb(1, 2);
    const blob = encodeGpkgGeometry(wkb, 31370, [1, 3, 2, 4]);
    expect(blob[3]).toBe(0b0000_0011); // envelope indicator 1 (xy), little endian
    const view = new DataView(blob.buffer);
    expect([8, 16, 24, 32].map((offset) => view.getFloat64(offset, true))).toEqual([1, 3, 2, 4]);
    expect(decodeGpkgGeometry(blob)).toEqual({ srsId: 31370, empty: false, wkb });
  });

  it('reads a big-endian header (as other writers may produce)', () => {
    const wkb = pointWkb(1, 2);
    const blob = new Uint8Array(8 + wkb.length);
    blob.set([0x47, 0x50, 0, 0b0001_0000]); // empty flag set, no envelope, big endian
    new DataView(blob.buffer).setInt32(4, 3812, false);
    blob.set(wkb, 8);
    expect(decodeGpkgGeometry(blob)).toEqual({ srsId: 3812, empty: true, wkb });
  });

  it('refuses what is not a GeoPackage geometry', () => {
    expect(() => decodeGpkgGeometry(pointWkb(1, 2))).toThrow(GpkgBlobError);
    expect(() => decodeGpkgGeometry(new Uint8Array([0x47, 0x50, 0, 0x21, 0, 0, 0, 0, 1]))).toThrow(/extended/);
    expect(() => decodeGpkgGeometry(new Uint8Array([0x47, 0x50, 0, 0x0b, 0, 0, 0, 0, 1]))).toThrow(/envelope/);
    expect(() => decodeGpkgGeometry(new Uint8Array([0x47, 0x50, 0, 0x03, 0, 0, 0, 0]))).toThrow(/before its WKB/);
  });
});
