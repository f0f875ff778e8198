import type { LoadRequest } from './traffic.ts';

/*
 * Mixed traffic from N concurrent clients, each a loop that walks the request list from its own
 * offset (so at any moment the clients ask for different things, as readers do) and waits for
 * each answer before the next, like a browser tab. fetch rather than autocannon: each answer has
 * to be tied to its kind and checked against what that request expects.
 */

export interface Sample {
  kind: string;
  status: number;
  ms: number;
  /** Why it counts as an error, or null. */
  error: string | null;
}

export interface KindStats {
  kind: string;
  requests: number;
  errors: number;
  p50: number;
  p95: number;
  p99: number;
  firstError?: string;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export interface MixedLoadOptions {
  origin: string;
  requests: readonly LoadRequest[];
  clients: number;
  seconds: number;
  staffCookie: string;
  /** Judges an answer; the default: its status is one the request expects. */
  check?: (request: LoadRequest, response: Response, body: ArrayBuffer) => string | null;
}

const defaultCheck = (request: LoadRequest, response: Response) =>
  request.expected.includes(response.status) ? null : `HTTP ${response.status} for ${request.path}`;

export async function runMixedLoad(o: MixedLoadOptions): Promise<Sample[]> {
  const samples: Sample[] = [];
  const check = o.check ?? defaultCheck;
  const end = performance.now() + o.seconds * 1000;
  const client = async (c: number) => {
    for (let i = Math.floor((c * o.requests.length) / o.clients); performance.now() < end; i++) {
      const request = o.requests[i % o.requests.length]!;
      const headers: Record<string, string> = { 'accept-encoding': 'gzip' };
      if (request.staff) headers.cookie = o.staffCookie;
      const t0 = performance.now();
      try {
        const response = await fetch(o.origin + request.path, { headers });
        const body = await response.arrayBuffer();
        samples.push({
          kind: request.kind,
          status: response.status,
          ms: performance.now() - t0,
          error: check(request, response, body),
        });
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        samples.push({
          kind: request.kind,
          status: 0,
          ms: performance.now() - t0,
          error: `${cause} (${request.path})`,
        });
      }
    }
  };
  await Promise.all(Array.from({ length: o.clients }, (_, c) => client(c)));
  return samples;
}

function stats(kind: string, samples: readonly Sample[]): KindStats {
  const sorted = samples.map((s) => s.ms).sort((a, b) => a - b);
  const failed = samples.filter((s) => s.error !== null);
  return {
    kind,
    requests: samples.length,
    errors: failed.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    ...(failed[0] ? { firstError: failed[0].error! } : {}),
  };
}

/** Per kind (in order of first appearance in `kinds`), then overall. */
export function statsByKind(samples: readonly Sample[], kinds: readonly string[]): KindStats[] {
  const rows = [...new Set(kinds)].map((kind) =>
    stats(
      kind,
      samples.filter((s) => s.kind === kind),
    ),
  );
  return [...rows, stats('**all**', samples)];
}
