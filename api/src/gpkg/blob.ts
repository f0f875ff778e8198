/*
 * The GeoPackage geometry blob (GeoPackage 1.3, clause 2.1.3): a small header (magic "GP",
 * version, flags, srs_id, optional envelope) followed by standard WKB. Readers and writers of
 * .gpkg files share this one codec; the WKB itself is PostGIS's (ST_AsBinary) or wkx's.
 */

const MAGIC_G = 0x47;
const MAGIC_P = 0x50;

/** Bytes of the envelope for each envelope indicator 0…4 (none, xy, xyz, xym, xyzm). */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64] as const;

export interface DecodedGpkgGeometry {
  srsId: number;
  /** True for an empty geometry (the header's E flag). */
  empty: boolean;
  wkb: Uint8Array;
}

export class GpkgBlobError extends Error {}

export function decodeGpkgGeometry(blob: Uint8Array): DecodedGpkgGeometry {
  if (blob.length < 8 || blob[0] !== MAGIC_G || blob[1] !== MAGIC_P) {
    throw new GpkgBlobError('not a GeoPackage geometry (no "GP" header)');
  }
  const flags = blob[3]!;
  if (flags & 0x20) throw new GpkgBlobError('extended GeoPackage geometry types are not supported');
  const envelope = (flags >> 1) & 0x07;
  const envelopeBytes = ENVELOPE_BYTES[envelope as 0 | 1 | 2 | 3 | 4];
  if (envelopeBytes === undefined) throw new GpkgBlobError(`invalid envelope indicator ${envelope}`);
  const view = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  const srsId = view.getInt32(4, (flags & 0x01) === 1);
  const start = 8 + envelopeBytes;
  if (blob.length <= start) throw new GpkgBlobError('GeoPackage geometry ends before its WKB');
  return { srsId, empty: (flags & 0x10) !== 0, wkb: blob.subarray(start) };
}

/** [minX, maxX, minY, maxY], the order the GeoPackage envelope uses. */
export type GpkgEnvelope = [minX: number, maxX: number, minY: number, maxY: number];

/**
 * A GeoPackage blob, little-endian header, around `wkb`. Points go without an envelope (the
 * standard allows it: the point is its own); other geometries carry their xy envelope.
 */
export function encodeGpkgGeometry(wkb: Uint8Array, srsId: number, envelope: GpkgEnvelope | null): Uint8Array {
  const envelopeBytes = envelope ? 32 : 0;
  const out = new Uint8Array(8 + envelopeBytes + wkb.length);
  const view = new DataView(out.buffer);
  out[0] = MAGIC_G;
  out[1] = MAGIC_P;
  out[2] = 0; // version 1 of the blob format
  out[3] = (envelope ? 1 << 1 : 0) | 0x01; // envelope indicator, little endian
  view.setInt32(4, srsId, true);
  envelope?.forEach((value, i) => view.setFloat64(8 + i * 8, value, true));
  out.set(wkb, 8 + envelopeBytes);
  return out;
}
