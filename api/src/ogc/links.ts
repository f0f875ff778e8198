import { MEDIA_TYPES } from './constants.ts';

/** A link of OGC API - Common / RFC 8288: where, what relation, in which media type. */
export interface Link {
  href: string;
  rel: string;
  type?: string;
  title?: string;
}

/** What the links of a page of items depend on. */
export interface Page {
  offset: number;
  limit: number;
  numberMatched: number;
}

/**
 * The scheme and authority the client used (`http://127.0.0.1:3000`), so that every link is
 * absolute: GDAL follows a `next` href as it is. Behind a reverse proxy this is the proxy's
 * view until Fastify's `trustProxy` is set (decision record 17).
 */
export function originOf(request: { protocol: string; host: string }): string {
  // As a URL writes it (no default port), so the links read the same as those built from a URL.
  return new URL(`${request.protocol}://${request.host}`).origin;
}

/**
 * self, then next and prev when there are such pages: the same query (every filter kept, in the
 * client's order) with only `offset` changed. No next link past the last match, so a client that
 * follows next links stops after the last page; prev never goes below offset 0.
 */
export function pageLinks(origin: string, requestUrl: string, page: Page): Link[] {
  const self = new URL(requestUrl, origin);
  const at = (offset: number) => {
    const url = new URL(self);
    url.searchParams.set('offset', String(offset));
    return url.href;
  };
  const links: Link[] = [{ href: self.href, rel: 'self', type: MEDIA_TYPES.geojson, title: 'this page' }];
  if (page.offset + page.limit < page.numberMatched) {
    links.push({ href: at(page.offset + page.limit), rel: 'next', type: MEDIA_TYPES.geojson, title: 'next page' });
  }
  if (page.offset > 0) {
    links.push({
      href: at(Math.max(0, page.offset - page.limit)),
      rel: 'prev',
      type: MEDIA_TYPES.geojson,
      title: 'previous page',
    });
  }
  return links;
}
