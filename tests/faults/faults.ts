import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { embeddedKill } from './embedded-kill.ts';
import { postgresRestart } from './postgres-restart.ts';

/*
 * `npm run test:faults [-- --full] [--out FILE]`: database faults against the real server process.
 * 1. Its own throwaway PostgreSQL cluster (scripts/pg-test-cluster.sh on FAULTS_PG_PORT, default
 *    55441, and FAULTS_PG_DIR), stopped under light load and started again (postgres-restart.ts).
 * 2. The embedded backend killed with SIGKILL mid-write and started again (embedded-kill.ts).
 * Small (default): PostgreSQL down 5 s under 3 readers; one kill after a 5 s burst.
 * --full: down 10 s under 8 readers; three kills. Prints a Markdown report; exits 1 on any problem.
 */

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { full: { type: 'boolean', default: false }, out: { type: 'string' } },
});
const full = values.full;

async function main(): Promise<boolean> {
  console.log('PostgreSQL stopped and started under load …');
  const pg = await postgresRestart({ downSeconds: full ? 10 : 5, readers: full ? 8 : 3 });
  console.log('embedded backend killed mid-write …');
  const embedded = await embeddedKill({ rounds: full ? 3 : 1, burstMs: full ? 8000 : 5000 });
  const section = (title: string, r: { lines: string[]; problems: string[] }) =>
    [
      `## ${title}`,
      r.lines.map((l) => `- ${l}`).join('\n'),
      r.problems.length ? `**Problems:**\n\n${r.problems.map((p) => `- ${p}`).join('\n')}` : 'No problems.',
    ].join('\n\n');
  const report = [
    `# Database faults, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC (${full ? 'full' : 'small'})`,
    section('PostgreSQL server stopped and started', pg),
    section('Embedded backend killed mid-write', embedded),
  ].join('\n\n');
  console.log(`\n${report}\n`);
  if (values.out) await writeFile(values.out, report + '\n');
  return pg.problems.length === 0 && embedded.problems.length === 0;
}

try {
  if (!(await main())) {
    console.error('test:faults: FAILED');
    process.exitCode = 1;
  }
} catch (error) {
  console.error(
    `test:faults: could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
}
