import { ApiProblem } from '../../lib/api.ts';
import type { ProblemBody } from '../../lib/types.ts';
import type { ImportRun, ImportSource, RunReport, RunRequest, UploadResult } from './types.ts';

/*
 * The calls the import page makes, with `fetch` injectable for tests. Every refusal becomes an
 * ApiProblem with the server's problem+json body, so the page can show its `detail` next to the
 * control its `parameter` names. Same-origin requests: the browser adds the cookie and `Origin`.
 */

async function problemOf(response: Response): Promise<ProblemBody> {
  try {
    const body = (await response.json()) as unknown;
    return body && typeof body === 'object' ? (body as ProblemBody) : {};
  } catch {
    return {}; // not JSON (a proxy's 413 page): the status says enough
  }
}

async function send(url: string, init: RequestInit, fetchImpl: typeof fetch): Promise<unknown> {
  const response = await fetchImpl(url, { credentials: 'same-origin', ...init });
  if (!response.ok) throw new ApiProblem(response.status, url, await problemOf(response));
  return response.json();
}

const JSON_ACCEPT = { accept: 'application/json' };

/** Sends the file; the server reads it, keeps it a while (`expiresAt`) and proposes a mapping. */
export async function uploadFile(
  layer: string,
  source: string | null,
  file: File,
  fetchImpl: typeof fetch = fetch,
): Promise<UploadResult> {
  const query = new URLSearchParams({ layer });
  if (source) query.set('source', source);
  const form = new FormData();
  form.append('file', file, file.name);
  // No content-type header: the browser writes the multipart boundary itself.
  const url = `/api/imports/uploads?${query}`;
  const body = (await send(url, { method: 'POST', headers: JSON_ACCEPT, body: form }, fetchImpl)) as UploadResult;
  if (!body?.upload || !Array.isArray(body.fields) || !Array.isArray(body.sample)) {
    throw new Error(`${url}: not an upload description`);
  }
  return body;
}

/** A dry run (nothing written) or the import itself; either way the report of every row. */
export async function runImport(request: RunRequest, fetchImpl: typeof fetch = fetch): Promise<RunReport> {
  const url = '/api/imports';
  // No source is said by leaving it out (the API takes null too, but an absent field is plainer).
  const { source, ...rest } = request;
  const payload = source === null ? rest : request;
  const body = (await send(
    url,
    { method: 'POST', headers: { ...JSON_ACCEPT, 'content-type': 'application/json' }, body: JSON.stringify(payload) },
    fetchImpl,
  )) as RunReport;
  if (typeof body?.rows !== 'number' || !Array.isArray(body.rejections)) throw new Error(`${url}: not a report`);
  return body;
}

/** The layer's recent runs, newest first as the server orders them. */
export async function fetchRuns(layer: string, fetchImpl: typeof fetch = fetch): Promise<ImportRun[]> {
  const url = `/api/imports?${new URLSearchParams({ layer })}`;
  const body = (await send(url, { headers: JSON_ACCEPT }, fetchImpl)) as { runs?: unknown };
  if (!Array.isArray(body?.runs)) throw new Error(`${url}: no "runs" array in the answer`);
  return body.runs as ImportRun[];
}

/** The layer's named sources, each with its saved mapping. */
export async function fetchSources(layer: string, fetchImpl: typeof fetch = fetch): Promise<ImportSource[]> {
  const url = `/api/import-sources?${new URLSearchParams({ layer })}`;
  const body = (await send(url, { headers: JSON_ACCEPT }, fetchImpl)) as { sources?: unknown };
  if (!Array.isArray(body?.sources)) throw new Error(`${url}: no "sources" array in the answer`);
  return body.sources as ImportSource[];
}

/** Where a run's report (every rejected row with its reason) is downloaded. */
export function reportUrl(runId: number, format: 'csv' | 'json'): string {
  return `/api/imports/${encodeURIComponent(String(runId))}/report?format=${format}`;
}
