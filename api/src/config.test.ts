import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('FOCUS_AREA_MAX_VERTICES', () => {
  it('is read once with the rest of the configuration, defaulting to 2000, refusing nonsense', () => {
    expect(loadConfig({}).focusAreaMaxVertices).toBe(2000);
    expect(loadConfig({ FOCUS_AREA_MAX_VERTICES: '500' }).focusAreaMaxVertices).toBe(500);
    expect(() => loadConfig({ FOCUS_AREA_MAX_VERTICES: 'many' })).toThrow(/FOCUS_AREA_MAX_VERTICES/);
    expect(() => loadConfig({ FOCUS_AREA_MAX_VERTICES: '2' })).toThrow(/FOCUS_AREA_MAX_VERTICES/);
  });
});
