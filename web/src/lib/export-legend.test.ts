import { describe, expect, it } from 'vitest';
import { scaleBar } from './export-legend.ts';

describe('scaleBar', () => {
  it('picks the longest round distance that fits, at the latitude of the map', () => {
    // At the equator, zoom 0: 40,075,016.686 m / 512 px = 78,271.5 m per px; 100 px = 7,827 km -> 5,000 km.
    expect(scaleBar(0, 0)).toEqual({ label: '5000 km', pixels: Math.round(5_000_000 / 78_271.517) });
    // Halle (50.7339° N) at zoom 14: 78,271.517 × cos(50.7339°) / 2^14 = 3.0233 m per px;
    // 100 px = 302 m -> 200 m, 66 px.
    expect(scaleBar(50.7339, 14)).toEqual({ label: '200 m', pixels: 66 });
    // Zoom 12: 12.093 m per px; 100 px = 1,209 m -> 1 km, 83 px.
    expect(scaleBar(50.7339, 12)).toEqual({ label: '1 km', pixels: 83 });
  });
});
