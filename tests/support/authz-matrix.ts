import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, HTTPMethods } from 'fastify';

/*
 * The authorisation matrix (tests/authz-matrix.json, its format in tests/README.md): loading and
 * checking the file, filling a row's placeholders, and the routes a built app has registered.
 */

/** `partner`: a user of a partner organisation (issue 10), the public everywhere but the signals. */
export const ROLES = ['anonymous', 'planner', 'coordinator', 'admin', 'partner'] as const;
export type MatrixRole = (typeof ROLES)[number];

/** How the matrix names the routes of the front end's files (one row for all of them). */
export const STATIC_ROUTE = 'GET (static files)';

export interface MatrixRow {
  /** `METHOD /pattern` exactly as the route is registered, or STATIC_ROUTE. */
  route: string;
  /** The request's URL, with `{placeholders}`. */
  url: string;
  /** A JSON body; a string that is exactly `{name}` becomes the placeholder's value. */
  body?: unknown;
  /** Send the matrix's `uploadFile` as multipart/form-data instead of a JSON body. */
  multipart?: true;
  /** `fresh`: a signed-in role signs in again for this call (the route ends the session it is sent). */
  session?: 'fresh';
  /** A page for people: its refusals are HTML, not problem+json. */
  html?: true;
  /** Tables (or `uploads`, the upload folder) a successful call changes; a refused call must leave them as they were. */
  writes?: string[];
  expect: Record<MatrixRole, number>;
  note?: string;
}

export interface Matrix {
  values: Record<string, unknown>;
  uploadFile: { layer: string; fileName: string; content: string };
  rows: MatrixRow[];
}

export const MATRIX_FILE = new URL('../authz-matrix.json', import.meta.url);

const ROUTE = /^(GET|POST|PUT|PATCH|DELETE) \/\S*$/;
const ROW_KEYS = new Set(['route', 'url', 'body', 'multipart', 'session', 'html', 'writes', 'expect', 'note']);

/** Reads the matrix and refuses a malformed one with the row and what is wrong with it. */
export function loadMatrix(file: URL = MATRIX_FILE): Matrix {
  const matrix = JSON.parse(readFileSync(file, 'utf8')) as Matrix;
  if (!Array.isArray(matrix.rows)) throw new Error(`${file.pathname}: no "rows" array`);
  matrix.rows.forEach((row, index) => {
    const where = `${file.pathname} row ${index + 1} (${row.route} ${row.url})`;
    const unknown = Object.keys(row).filter((key) => !ROW_KEYS.has(key));
    if (unknown.length > 0) throw new Error(`${where}: unknown field(s) ${unknown.join(', ')}`);
    if (row.route !== STATIC_ROUTE && !ROUTE.test(row.route))
      throw new Error(`${where}: "route" is not "METHOD /path"`);
    if (typeof row.url !== 'string' || !row.url.startsWith('/')) throw new Error(`${where}: "url" must start with /`);
    for (const role of ROLES) {
      const status = row.expect?.[role];
      if (!Number.isInteger(status) || status! < 100 || status! > 599) {
        throw new Error(`${where}: "expect" has no status for ${role}`);
      }
    }
    const extra = Object.keys(row.expect).filter((role) => !(ROLES as readonly string[]).includes(role));
    if (extra.length > 0) throw new Error(`${where}: "expect" names unknown role(s) ${extra.join(', ')}`);
  });
  return matrix;
}

/** The method of a row's route. */
export const methodOf = (row: MatrixRow) => row.route.split(' ', 1)[0] as HTTPMethods;

/** `text` with each `{name}` replaced by `values[name]`; an unknown name is an error (a typo in the matrix). */
export function fillText(text: string, values: Record<string, unknown>): string {
  return text.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in values)) throw new Error(`unknown placeholder {${name}} in "${text}"`);
    return String(values[name]);
  });
}

/** A body with every string that is exactly `{name}` replaced by the value itself (an object, a number, …). */
export function fillBody(body: unknown, values: Record<string, unknown>): unknown {
  if (typeof body === 'string') {
    const whole = /^\{(\w+)\}$/.exec(body);
    if (!whole) return body;
    if (!(whole[1]! in values)) throw new Error(`unknown placeholder ${body}`);
    return fillBody(values[whole[1]!], values);
  }
  if (Array.isArray(body)) return body.map((item) => fillBody(item, values));
  if (body !== null && typeof body === 'object') {
    return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, fillBody(value, values)]));
  }
  return body;
}

/** The placeholder names a row uses, in its URL and body. */
export function placeholdersOf(row: MatrixRow): Set<string> {
  const text = row.url + JSON.stringify(row.body ?? null);
  return new Set([...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!));
}

/** The URLs @fastify/static registers for the files under `root` (each file, and each folder holding an index.html). */
export async function staticUrls(root: string): Promise<Set<string>> {
  const urls = new Set<string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    urls.add(`/${relative}`);
    if (entry.name === 'index.html') urls.add(`/${relative.slice(0, -'index.html'.length)}`);
  }
  return urls;
}

/**
 * Every route the app has registered, as `METHOD /pattern` (HEAD left out: Fastify adds one to
 * every GET), with the front end's files (`staticFiles`) as the one STATIC_ROUTE. Read from
 * `printRoutes` (Fastify has no list of routes), whose tree gives each node the part of the path
 * after its parent's; each route found is checked back with `hasRoute`, so a misread tree fails.
 */
export function registeredRoutes(app: FastifyInstance, staticFiles: Set<string>): string[] {
  const routes = new Set<string>();
  const prefixes: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    const depth = node[1]!.length / 4;
    const url = (depth === 0 ? '' : prefixes[depth - 1]!) + node[2]!;
    prefixes[depth] = url;
    prefixes.length = depth + 1;
    for (const method of (node[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD')) {
      if (!app.hasRoute({ method: method as HTTPMethods, url })) {
        throw new Error(`read ${method} ${url} from printRoutes, but the app has no such route`);
      }
      routes.add(method === 'GET' && staticFiles.has(url) ? STATIC_ROUTE : `${method} ${url}`);
    }
  }
  return [...routes];
}
