import { Page } from '@playwright/test';

/** Opens the portal and signs in with the guest provider. */
export async function signInAsGuest(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true })
    .waitFor({ state: 'visible' });
}

/** Saves a full-page screenshot under test-results/screenshots (git-ignored). */
export async function screenshot(page: Page, name: string) {
  await page.screenshot({
    path: `test-results/screenshots/${name}.png`,
    fullPage: true,
  });
}
