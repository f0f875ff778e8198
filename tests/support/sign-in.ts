import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestAccount } from './server-process.ts';

/** Signs in through the page's own form, and waits until the page shows the account's role. */
export async function signIn(page: Page, account: TestAccount): Promise<void> {
  await page.getByTestId('sign-in-open').click();
  await page.getByTestId('sign-in-username').fill(account.username);
  await page.getByTestId('sign-in-password').fill(account.password);
  await page.getByTestId('sign-in-submit').click();
  await expect.poll(() => page.getByTestId('signed-in-user').getAttribute('data-role')).toBe(account.role);
}
