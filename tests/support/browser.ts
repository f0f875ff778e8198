import { type Browser, chromium, type Page } from 'playwright-core';
import axe from 'axe-core';

const axeSource = axe.source;

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with the flags that keep it off the (closed) network. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Opens a page that may only talk to the app on loopback, and records console errors. */
export async function openLocalPage(browser: Browser, viewport = { width: 1400, height: 900 }) {
  const page: Page = await browser.newPage({ viewport });
  const consoleErrors: string[] = [];
  const blockedRequests: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1') return route.continue();
    blockedRequests.push(url.href);
    return route.abort();
  });
  return { page, consoleErrors, blockedRequests };
}

/**
 * Loads axe-core into the page through the DevTools protocol: the pages' Content-Security-Policy
 * (script-src 'self') rightly refuses an inline <script>, which Playwright's addScriptTag adds.
 */
export async function injectAxe(page: Page): Promise<void> {
  await page.evaluate(axeSource);
}

/** One directive of a Content-Security-Policy header ("frame-ancestors 'none'"), or undefined. */
export function cspDirective(policy: string | undefined, name: string): string | undefined {
  return policy
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name} `));
}

/** A request from the page itself (its cookie, its origin), as the app would send it. */
export function pageFetch(page: Page, url: string, init: { method?: string; body?: unknown } = {}) {
  return page.evaluate(
    async ({ url, method, body }) => {
      const response = await fetch(url, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
    },
    { url, method: init.method ?? 'GET', body: init.body },
  );
}
