import { expect, test } from '@playwright/test';
import { signInAsGuest, screenshot } from './helpers';

test('the H-MAS page is in the sidebar and shows the platform status', async ({
  page,
}) => {
  await signInAsGuest(page);

  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await nav.getByRole('link', { name: 'H-MAS', exact: true }).click();

  await expect(page).toHaveURL(/\/hmas$/);
  await expect(
    page.getByRole('heading', { name: 'H-MAS', level: 1 }),
  ).toBeVisible();
  await expect(page.getByText('Backend and database are up')).toBeVisible();
  await expect(page.getByText(/embedded simulator/)).toBeVisible();
  await expect(page.getByText('Audit log')).toBeVisible();

  await screenshot(page, 'hmas-page');
});
