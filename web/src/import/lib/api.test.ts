import { describe, expect, it } from 'vitest';
import { ApiProblem } from '../../lib/api.ts';
import { fetchRuns, fetchSources, reportUrl, runImport, uploadFile } from './api.ts';
import type { RunRequest } from './types.ts';

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: BodyInit | null | undefined;
  credentials: RequestCredentials | undefined;
}

/** A fetch that answers every request with one response, and records what was asked. */
function fakeFetch(status: number, body: unknown, contentType = 'application/json') {
  const calls: Call[] = [];
  const impl = (async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: init?.body,
      credentials: init?.credentials,
    });
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(text, { status, headers: { 'content-type': contentType } });
  }) as typeof fetch;
  return { impl, calls };
}

const UPLOADED = {
  upload: { id: 'u1', fileName: 'pv.csv', size: 120, expiresAt: '2025-03-14T10:00:00Z' },
  file: { fileName: 'pv.csv', format: 'csv', columns: ['PV'] },
  sample: [],
  fields: [],
  geometry: { type: 'Point' },
  mapping: { fields: {}, geometry: null, crs: null, values: {} },
  mappingFrom: 'suggested',
  detectedCrs: null,
};

describe('uploadFile', () => {
  it('posts the file as multipart form data, with the layer and the source in the query', async () => {
    const { impl, calls } = fakeFetch(201, UPLOADED);
    const file = new File(['PV;Feit\n1;Diefstal\n'], 'pv.csv', { type: 'text/csv' });
    const result = await uploadFile('incidents', 'Politie Zennevallei', file, impl);
    expect(result.upload.id).toBe('u1');
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.method).toBe('POST');
    expect(call!.url).toBe('/api/imports/uploads?layer=incidents&source=Politie+Zennevallei');
    expect(call!.credentials).toBe('same-origin');
    // The browser writes the multipart boundary: no content-type of our own.
    expect(call!.headers.get('content-type')).toBeNull();
    const form = call!.body as FormData;
    const sent = form.get('file') as File;
    expect(sent.name).toBe('pv.csv');
    expect(await sent.text()).toBe('PV;Feit\n1;Diefstal\n');
  });

  it('leaves the source out when there is none', async () => {
    const { impl, calls } = fakeFetch(201, UPLOADED);
    await uploadFile('incidents', null, new File(['x'], 'a.csv'), impl);
    expect(calls[0]!.url).toBe('/api/imports/uploads?layer=incidents');
  });

  it("turns a refusal into an ApiProblem with the server's detail and parameter", async () => {
    const problem = { title: 'Unprocessable Content', status: 422, detail: 'not a CSV', parameter: 'file' };
    const { impl } = fakeFetch(422, problem, 'application/problem+json');
    const error = await uploadFile('incidents', null, new File(['x'], 'a.csv'), impl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).status).toBe(422);
    expect((error as ApiProblem).problem.parameter).toBe('file');
    expect((error as ApiProblem).message).toBe('not a CSV');
  });

  it('keeps the status when the refusal is not JSON (a proxy’s 413 page)', async () => {
    const { impl } = fakeFetch(413, '<html>Request Entity Too Large</html>', 'text/html');
    const error = await uploadFile('incidents', null, new File(['x'], 'a.csv'), impl).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiProblem);
    expect((error as ApiProblem).status).toBe(413);
    expect((error as ApiProblem).problem).toEqual({});
  });
});

describe('runImport', () => {
  const request: RunRequest = {
    uploadId: 'u1',
    layer: 'incidents',
    mapping: { fields: { sourceId: { column: 'PV' } }, geometry: null, crs: 31370, values: {} },
    source: null,
    dryRun: true,
  };

  it('posts the request as JSON and returns the report', async () => {
    const report = { rows: 7, inserted: 5, updated: 0, rejected: 2, rejections: [], rejectionsTruncated: false };
    const { impl, calls } = fakeFetch(200, report);
    expect(await runImport(request, impl)).toMatchObject({ rows: 7, inserted: 5, rejected: 2 });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.url).toBe('/api/imports');
    expect(calls[0]!.headers.get('content-type')).toBe('application/json');
    // No source: the field is left out.
    const { source: _none, ...withoutSource } = request;
    expect(JSON.parse(calls[0]!.body as string)).toEqual(withoutSource);
  });

  it('sends the source when there is one', async () => {
    const { impl, calls } = fakeFetch(200, { rows: 0, rejections: [] });
    await runImport({ ...request, source: 'Politie', dryRun: false }, impl);
    expect(JSON.parse(calls[0]!.body as string)).toEqual({ ...request, source: 'Politie', dryRun: false });
  });

  it('refuses an answer that is not a report', async () => {
    const { impl } = fakeFetch(200, { ok: true });
    await expect(runImport(request, impl)).rejects.toThrow('/api/imports: not a report');
  });
});

describe('runs, sources and report links', () => {
  it('asks for the layer’s runs and sources', async () => {
    const runs = fakeFetch(200, { runs: [{ id: 3 }] });
    expect(await fetchRuns('vacant-buildings', runs.impl)).toEqual([{ id: 3 }]);
    expect(runs.calls[0]!.url).toBe('/api/imports?layer=vacant-buildings');
    const sources = fakeFetch(200, { sources: [{ name: 'Register' }] });
    expect(await fetchSources('vacant-buildings', sources.impl)).toEqual([{ name: 'Register' }]);
    expect(sources.calls[0]!.url).toBe('/api/import-sources?layer=vacant-buildings');
  });

  it('refuses an answer without its list', async () => {
    await expect(fetchRuns('incidents', fakeFetch(200, {}).impl)).rejects.toThrow('no "runs" array');
    await expect(fetchSources('incidents', fakeFetch(200, { sources: 1 }).impl)).rejects.toThrow('no "sources" array');
  });

  it('links to a run’s report as CSV or JSON', () => {
    expect(reportUrl(12, 'csv')).toBe('/api/imports/12/report?format=csv');
    expect(reportUrl(12, 'json')).toBe('/api/imports/12/report?format=json');
  });
});
