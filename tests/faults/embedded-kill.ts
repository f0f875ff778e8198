import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase } from '../../api/src/db/database.ts';
import { badFailures, checkIntegrity } from './integrity.ts';
import { type Account, addUser, createArea, signIn, spawnServer, type WriteResult } from './server.ts';

/*
 * The embedded backend's process killed (SIGKILL) in the middle of a burst of writes, then
 * started again on the same data folder, `rounds` times: it must start, keep its migrations and
 * every acknowledged write, and every table must read end to end. What happens is reported as
 * it is; a folder that will not open again is a failure, not a skip.
 */

const COORDINATOR: Account = { username: 'faults-coordinator', role: 'coordinator', password: 'faults-coordinator-pw' };
const NAME_PREFIX = 'faults-embedded-';
const WRITERS = 4;

export interface EmbeddedFaultResult {
  problems: string[];
  lines: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function embeddedKill(options: { rounds: number; burstMs: number }): Promise<EmbeddedFaultResult> {
  const problems: string[] = [];
  const lines: string[] = [];
  const dir = await mkdtemp(path.join(tmpdir(), 'liveability-faults-'));
  const env = { PGLITE_DATA_DIR: path.join(dir, 'pglite') };
  const writes: WriteResult[] = [];
  try {
    await addUser(COORDINATOR, env);
    let server = await spawnServer(env);
    lines.push(`First start (migrations, Halle demo data) ${server.startupSeconds.toFixed(1)} s.`);
    for (let round = 1; round <= options.rounds; round++) {
      const cookie = await signIn(server.url, COORDINATOR);
      const burst: WriteResult[] = [];
      let writing = true;
      const writer = async (w: number) => {
        for (let i = 0; writing; i++) {
          const n = writes.length + burst.length;
          burst.push(await createArea(server.url, cookie, `${NAME_PREFIX}${round}-${w}-${i}`, n));
        }
      };
      const burstDone = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      await sleep(options.burstMs);
      await server.kill();
      writing = false;
      await burstDone;
      writes.push(...burst);
      problems.push(...badFailures(burst, true).map((p) => `round ${round}: ${p}`));
      const acknowledged = burst.filter((w) => w.status === 201).length;
      // Without an acknowledged write the round proves nothing about them: say so, do not pass.
      if (acknowledged === 0)
        problems.push(`round ${round}: no write was acknowledged before the kill; lengthen the burst`);
      try {
        server = await spawnServer(env, 120_000);
      } catch (error) {
        problems.push(
          `round ${round}: the server did not start again on the killed folder: ${(error as Error).message}`,
        );
        lines.push(`Round ${round}: ${burst.length} writes, ${acknowledged} acknowledged; **did not start again**.`);
        return { problems, lines };
      }
      const ready = await fetch(`${server.url}/api/health/ready`);
      const health = ready.status === 404 ? await fetch(`${server.url}/api/health`) : ready;
      if (health.status !== 200) problems.push(`round ${round}: health ${health.status} after the restart`);
      lines.push(
        `Round ${round}: SIGKILL after ${options.burstMs} ms of ${WRITERS} writers: ${burst.length} writes, ` +
          `${acknowledged} acknowledged, ${burst.length - acknowledged} without an answer or failed; ` +
          `started again in ${server.startupSeconds.toFixed(1)} s, health ${health.status}.`,
      );
    }
    // The folder read directly, with the server stopped (PGlite serves one process at a time).
    await server.stop();
    const db = await openDatabase({ databaseUrl: undefined, pgliteDataDir: env.PGLITE_DATA_DIR });
    try {
      const integrity = await checkIntegrity(db.pool, NAME_PREFIX, writes);
      problems.push(...integrity.problems);
      lines.push(
        `Afterwards: ${integrity.tablesScanned} tables read end to end, migrations recorded, ` +
          `${integrity.areas} areas of focus in the folder for ${writes.filter((w) => w.status === 201).length} ` +
          `acknowledged (${integrity.committedButFailed} more committed whose answer the kill cut off), ` +
          `each with its version rows and audit entry${integrity.problems.length ? ' — NOT all, see problems' : ''}.`,
      );
    } finally {
      await db.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { problems, lines };
}
