import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { waitForMap } from './map-page.ts';
import type { TestAccount } from './server-process.ts';

/**
 * Signs in through the page's own form, waits for the reload that follows (the map then fetches
 * what staff may see, record 16) and for the map, and checks the page shows the account's role.
 */
export async function signIn(page: Page, account: TestAccount): Promise<void> {
  await page.getByTestId('sign-in-open').click();
  await page.getByTestId('sign-in-username').fill(account.username);
  await page.getByTestId('sign-in-password').fill(account.password);
  await Promise.all([page.waitForEvent('load'), page.getByTestId('sign-in-submit').click()]);
  await waitForMap(page);
  await expect.poll(() => page.getByTestId('signed-in-user').getAttribute('data-role')).toBe(account.role);
}
