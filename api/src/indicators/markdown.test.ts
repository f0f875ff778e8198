import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { indicatorsMarkdown } from './markdown.ts';
import { indicators } from './registry.ts';

describe('docs/indicators.md', () => {
  it('is what the registry declares (run `npm run docs:indicators` after changing an indicator)', async () => {
    const committed = await readFile(new URL('../../../docs/indicators.md', import.meta.url), 'utf8');
    expect(committed).toBe(indicatorsMarkdown());
  });

  it('holds every indicator with its definition, direction and source', () => {
    const markdown = indicatorsMarkdown();
    for (const indicator of indicators) {
      expect(markdown).toContain(`### ${indicator.title.en}`);
      expect(markdown).toContain(indicator.description.en);
      expect(markdown).toContain(indicator.source.en);
    }
    expect(markdown).toContain('| Direction | higher is better |');
  });
});
