import { writeFile } from 'node:fs/promises';
import { indicatorsMarkdown } from '../indicators/markdown.ts';

/** `npm run docs:indicators`: rewrites docs/indicators.md from the indicator registry. */
const target = new URL('../../../docs/indicators.md', import.meta.url);
await writeFile(target, indicatorsMarkdown());
console.log(`Wrote ${target.pathname}`);
