import { expect, Page, test } from '@playwright/test';
import {
  backend,
  createLlamaOnCpu,
  guestToken,
  PLATFORM_ADMIN,
  screenshot,
  signInAsGuest,
} from './helpers';

/** Opens a deployment of the list and answers its dialog. */
async function openDeployment(page: Page, name: string) {
  await page.goto('/hmas/deployments');
  await page.getByRole('button', { name, exact: true }).click();
  return page.getByRole('dialog', { name: new RegExp(`Deployment ${name}`) });
}

test('a researcher manages their own deployment and is refused the platform team’s, in the UI and the API', async ({
  page,
}) => {
  await signInAsGuest(page);
  const token = await guestToken(page);
  const name = `e2e-own-${Date.now().toString(36)}`;
  const created = await createLlamaOnCpu(page, token, name);
  expect(created.status()).toBe(201);

  // The platform team's demo deployment: Delete is disabled, and says why.
  let dialog = await openDeployment(page, 'demo-llama-cpu');
  const refused = dialog.getByRole('button', { name: 'Delete' });
  await expect(refused).toBeDisabled();
  await dialog.getByTestId('hmas-not-permitted').hover();
  await expect(page.getByRole('tooltip')).toContainText(
    'You may not delete this deployment',
  );
  await screenshot(page, 'researcher-refused');
  await dialog.getByRole('button', { name: 'Close' }).click();
  const { items } = await (
    await page.request.get(`${backend}/api/hmas/deployments`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json();
  const demo = items.find((d: any) => d.name === 'demo-llama-cpu');
  const patch = await page.request.patch(
    `${backend}/api/hmas/deployments/${demo.id}`,
    { headers: { authorization: `Bearer ${token}` }, data: { replicas: 2 } },
  );
  expect(patch.status()).toBe(403);

  // Cluster registration is the platform team's too.
  await page.goto('/hmas/clusters');
  await expect(
    page.getByRole('button', { name: 'Register cluster' }),
  ).toBeDisabled();

  // Their own deployment they delete.
  dialog = await openDeployment(page, name);
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: `Delete ${name}?` })
    .getByRole('button', { name: 'Delete deployment' })
    .click();
  await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
});

test('a platform admin may delete the platform team’s deployment and register clusters', async ({
  page,
}) => {
  await signInAsGuest(page, PLATFORM_ADMIN);
  const dialog = await openDeployment(page, 'demo-llama-cpu');
  await expect(dialog.getByRole('button', { name: 'Delete' })).toBeEnabled();
  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.goto('/hmas/clusters');
  await expect(
    page.getByRole('button', { name: 'Register cluster' }),
  ).toBeEnabled();
});
