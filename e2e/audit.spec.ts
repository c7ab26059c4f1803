import { expect, test } from '@playwright/test';
import {
  backend,
  createLlamaOnCpu,
  guestSession,
  screenshot,
  signInAsGuest,
} from './helpers';

test('the audit page filters the log on the server: by kind and name, actor, via and outcome', async ({
  page,
}) => {
  const name = `e2e-audit-${Date.now().toString(36)}`;
  await signInAsGuest(page);
  const { token, identity } = await guestSession(page);
  const created = await createLlamaOnCpu(page, token, name);
  expect(created.status()).toBe(201);

  await page.goto('/hmas/audit');
  const table = page.getByRole('table').last();
  await expect(table.getByText(/created/).first()).toBeVisible();

  // Kind and name: only this deployment's entry.
  await page.getByLabel('Kind').click();
  await page.getByRole('option', { name: 'deployment' }).click();
  await page.getByLabel('Name').fill(`ml-research/${name}`);
  await expect(table.getByText(`deployment/ml-research/${name}`)).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(2); // header + the entry

  // Actor and via: the signed-in user through the portal (a user token is `ui`).
  await page.getByLabel('Actor').fill(identity.userEntityRef);
  await page.getByLabel('Via').click();
  await page.getByRole('option', { name: 'ui' }).click();
  await expect(table.getByText(`deployment/ml-research/${name}`)).toBeVisible();
  await expect(table.getByText(identity.userEntityRef)).toBeVisible();
  await screenshot(page, 'audit-filtered');

  // Nothing of it failed: the outcome filter empties the page, saying so.
  await page.getByLabel('Outcome').click();
  await page.getByRole('option', { name: 'failed' }).click();
  await expect(page.getByText('No changes match')).toBeVisible();

  await page.request.delete(
    `${backend}/api/hmas/deployments/${(await created.json()).deployment.id}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
});
