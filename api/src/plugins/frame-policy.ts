import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** The one page other sites may show in a frame: the public embed. */
export const EMBED_PATH = '/embed';

/** `frame-ancestors` for the embed: our own pages and the configured sites (EMBED_ALLOWED_ORIGINS). */
export function embedFrameAncestors(origins: readonly string[]): string {
  return ["frame-ancestors 'self'", ...origins].join(' ');
}

export const NO_FRAMING = "frame-ancestors 'none'";

/**
 * A Content-Security-Policy with its `frame-ancestors` replaced by `directive`, every other
 * directive kept as the route set it (the yearly report's strict policy, for one).
 */
export function withFrameAncestors(policy: string | undefined, directive: string): string {
  const kept = (policy ?? '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part !== '' && !/^frame-ancestors(\s|$)/i.test(part));
  return [...kept, directive].join('; ');
}

function isEmbed(url: string): boolean {
  return url.split('?', 1)[0] === EMBED_PATH;
}

/**
 * Who may frame a response, decided in one place for every response (pages, API, tiles,
 * errors): `/embed` may be framed by our own pages and the configured origins; nothing else may
 * be framed at all, by CSP `frame-ancestors 'none'` and by `X-Frame-Options: DENY` for browsers
 * that predate CSP level 2. Framing the planner map would let another site dress it up and
 * trick a signed-in planner into clicks (clickjacking); the embed holds nothing to click into.
 */
export default fp(
  async function framePolicy(app: FastifyInstance) {
    const embedAncestors = embedFrameAncestors(app.config.embedAllowedOrigins);
    app.addHook('onSend', async (request, reply, payload) => {
      const current = reply.getHeader('content-security-policy');
      const policy = typeof current === 'string' ? current : undefined;
      if (isEmbed(request.url)) {
        reply.header('Content-Security-Policy', withFrameAncestors(policy, embedAncestors));
        reply.removeHeader('X-Frame-Options');
      } else {
        reply.header('Content-Security-Policy', withFrameAncestors(policy, NO_FRAMING));
        reply.header('X-Frame-Options', 'DENY');
      }
      return payload;
    });
  },
  { name: 'frame-policy' },
);
