import { Page } from '@playwright/test';

/** The example users of the development portal (examples/org.yaml). */
export const RESEARCHER = 'user:default/guest';
export const PLATFORM_ADMIN = 'user:default/platform-admin';

/**
 * Opens the portal and signs in with the guest provider: as the researcher `guest`, or as
 * another example user through the development sign-in's cookie.
 */
export async function signInAsGuest(page: Page, user: string = RESEARCHER) {
  await page
    .context()
    .addCookies([
      { name: 'hmas-dev-user', value: user, domain: 'localhost', path: '/' },
    ]);
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
