import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Basemap } from '../config.ts';
import { EMBED_PATH } from './frame-policy.ts';

/**
 * Origins the map's browser code fetches basemap tiles (raster) or a style and its tiles from:
 * they must be allowed in `connect-src` and `img-src`. A style's tiles, glyphs and sprites are
 * assumed to live on the style's own origin (MapTiler, a city's own tile server); a style that
 * points elsewhere needs those origins served by the same host or a proxy.
 */
export function basemapOrigins(basemap: Basemap | null): string[] {
  if (basemap === null) return [];
  const urls = basemap.type === 'raster' ? basemap.tiles : [basemap.url];
  // `{z}` and friends are not valid in a host, but a URL template may carry `{s}` subdomains: skip those.
  const origins = urls.flatMap((url) => {
    try {
      return [new URL(url.replace(/\{[zxy]\}/g, '0')).origin];
    } catch {
      return [];
    }
  });
  return [...new Set(origins)].filter((origin) => origin !== 'null');
}

/**
 * The Content-Security-Policy of the app's HTML pages (map, embed, import page): scripts only
 * from our own files (Vite emits no inline script), MapLibre's worker from a `blob:` URL, images
 * and fetches from ourselves and the basemap. `style-src 'unsafe-inline'`: MapLibre and Svelte
 * set style attributes at run time; inline style cannot run code. `frame-ancestors` is added by
 * the frame-policy plugin, which alone decides framing.
 */
export function pageContentSecurityPolicy(basemap: Basemap | null): string {
  const remote = basemapOrigins(basemap);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    ["img-src 'self' data: blob:", ...remote].join(' '),
    ["connect-src 'self'", ...remote].join(' '),
    "worker-src 'self' blob:",
    'child-src blob:',
    "font-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

/** Six months: long enough to matter, short enough to undo a mistaken https-only switch. */
export const HSTS = 'max-age=15552000';

/** Routes whose body is a polygon: their limit grows with FOCUS_AREA_MAX_VERTICES. */
function takesGeometry(url: string): boolean {
  return url === '/api/figures' || url.startsWith('/api/focus-areas');
}

/**
 * Body limit of a geometry route: about 64 bytes per vertex (a pretty-printed coordinate pair
 * with 17 significant digits) plus 64 KiB for the rest (title, actions), never below the global
 * limit. The geometry checks then refuse too many vertices with their own 422.
 */
export function geometryBodyLimit(maxVertices: number, globalLimit: number): number {
  return Math.max(globalLimit, maxVertices * 64 + 64 * 1024);
}

function isHtml(reply: FastifyReply): boolean {
  return /^text\/html\b/i.test(String(reply.getHeader('content-type') ?? ''));
}

function isEmbed(request: FastifyRequest): boolean {
  return request.url.split('?', 1)[0] === EMBED_PATH;
}

/**
 * Headers every response carries, decided in one place:
 * - `X-Content-Type-Options: nosniff` and `Referrer-Policy: strict-origin-when-cross-origin`
 *   (basemap servers such as OpenStreetMap's want to see which site asks; never the path);
 * - on HTML pages, the page policy above unless the route set its own (the yearly report's
 *   stricter one), and `Cross-Origin-Opener-Policy: same-origin` except on the embed (it lives
 *   in other sites' frames; the staff pages must not share a window with a page that opened them);
 * - `Strict-Transport-Security` only when the request came over https (over http it is ignored
 *   by browsers and would wrongly promise https on a plain-http install).
 * And the body limits: BODY_LIMIT_BYTES for every route, more for the geometry routes.
 * Register before frame-policy (its onSend hook adds `frame-ancestors` to the policy set here)
 * and before any route (onRoute sees only routes declared after it).
 */
export default fp(
  async function securityHeaders(app: FastifyInstance) {
    const pagePolicy = pageContentSecurityPolicy(app.config.basemap);
    const geometryLimit = geometryBodyLimit(app.config.focusAreaMaxVertices, app.config.bodyLimitBytes);

    app.addHook('onRoute', (route) => {
      if (takesGeometry(route.url) && route.bodyLimit === undefined) route.bodyLimit = geometryLimit;
    });

    app.addHook('onSend', async (request, reply, payload) => {
      reply.header('X-Content-Type-Options', 'nosniff');
      reply.header('Referrer-Policy', 'strict-origin-when-cross-origin');
      if (isHtml(reply)) {
        if (!reply.hasHeader('content-security-policy')) reply.header('Content-Security-Policy', pagePolicy);
        if (!isEmbed(request)) reply.header('Cross-Origin-Opener-Policy', 'same-origin');
      }
      if (request.protocol === 'https') reply.header('Strict-Transport-Security', HSTS);
      return payload;
    });
  },
  { name: 'security-headers' },
);
