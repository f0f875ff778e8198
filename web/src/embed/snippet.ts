import { type EmbedParams, writeEmbedParams } from './params.ts';

/*
 * The code a web editor pastes into the city's site: an iframe of `/embed` with the chosen
 * options, a title for screen readers (WCAG 4.1.2: a frame needs an accessible name), lazy
 * loading (the map costs nothing until it scrolls into view) and full screen allowed.
 */

export const SNIPPET_SIZE = { min: 200, max: 4000 } as const;
export const DEFAULT_SNIPPET_WIDTH = 800;
export const DEFAULT_SNIPPET_HEIGHT = 600;

/** A frame size in pixels: a whole number within SNIPPET_SIZE, else the fallback. */
export function snippetSize(value: unknown, fallback: number): number {
  const number = typeof value === 'number' ? value : Number(String(value ?? '').trim() || NaN);
  if (!Number.isFinite(number)) return fallback;
  return Math.min(SNIPPET_SIZE.max, Math.max(SNIPPET_SIZE.min, Math.round(number)));
}

/** The embed's address on the server at `origin` (`https://kaart.halle.be`). */
export function embedSrc(origin: string, params: EmbedParams): string {
  return new URL(`/embed?${writeEmbedParams(params)}`, origin).href;
}

/** Text made safe inside a double-quoted HTML attribute. */
export function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

export interface SnippetOptions {
  origin: string;
  params: EmbedParams;
  title: string;
  width: number;
  height: number;
}

/** The iframe element as HTML, on one line. */
export function iframeSnippet({ origin, params, title, width, height }: SnippetOptions): string {
  const src = escapeAttribute(embedSrc(origin, params));
  const w = snippetSize(width, DEFAULT_SNIPPET_WIDTH);
  const h = snippetSize(height, DEFAULT_SNIPPET_HEIGHT);
  return (
    `<iframe src="${src}" title="${escapeAttribute(title)}" width="${w}" height="${h}" ` +
    `loading="lazy" allowfullscreen></iframe>`
  );
}
