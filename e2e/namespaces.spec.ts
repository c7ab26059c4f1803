import { expect, test } from '@playwright/test';
import {
  backend,
  createLlamaOnCpu,
  guestToken,
  PLATFORM_ADMIN,
  screenshot,
  signInAsGuest,
} from './helpers';

/**
 * Team namespaces (F-5.4): the development portal seeds `ml-research` for the guest's group.
 * A researcher's deployment goes there and shows the team quota; another team's namespace is
 * refused; the platform team defines and deletes namespaces in the UI; the audit page filters
 * by kind.
 */

test('a researcher deploys into their team namespace and sees its quota use', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAsGuest(page);
  const token = await guestToken(page);
  const name = `e2e-team-${Date.now().toString(36)}`;
  const created = await createLlamaOnCpu(page, token, name);
  expect(created.status()).toBe(201);
  const { deployment } = await created.json();
  try {
    expect(deployment.namespace).toBe('ml-research');
    expect(deployment.owner).toBe('group:default/ml-research');

    await page.goto('/hmas/deployments');
    await page.getByRole('button', { name, exact: true }).click();
    const dialog = page.getByRole('dialog', {
      name: new RegExp(`Deployment ${name}`),
    });
    await expect(
      dialog.getByText(/1\/1 replicas ready on cpu-oregon/),
    ).toBeVisible({ timeout: 60_000 });
    const quota = dialog.getByRole('region', { name: 'Team quota' });
    await expect(quota).toContainText(
      'Team namespace ml-research of group:default/ml-research',
    );
    // Its running pod counts in cpu-oregon's quota.
    await expect(quota).toContainText(/cpu-oregon: .*pods [1-9]\d*\/20/, {
      timeout: 60_000,
    });
    await screenshot(page, 'team-namespace-deployment-quota');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The Namespaces tab shows the use; the researcher may not define namespaces.
    await page.goto('/hmas/namespaces');
    await expect(
      page.getByRole('button', { name: 'New team namespace' }),
    ).toBeDisabled();
    await expect(page.getByText(/cpu-oregon: .*pods/).first()).toBeVisible();

    // A create over the quota is refused before anything is written, naming the headroom.
    const over = await page.request.post(`${backend}/api/hmas/deployments`, {
      headers: { authorization: `Bearer ${token}` },
      data: {
        name: `${name}-big`,
        runtime: 'llamacpp',
        gpuMode: 'cpu',
        model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
        placement: { mode: 'zone', zone: 'cpu-only' },
        replicas: 25,
      },
    });
    expect(over.status()).toBe(400);
    expect((await over.json()).error.message).toContain(
      'exceeds quota team-quota of team namespace ml-research',
    );
  } finally {
    await page.request.delete(
      `${backend}/api/hmas/deployments/${deployment.id}`,
      { headers: { authorization: `Bearer ${token}` } },
    );
  }
});

test('the platform team defines a team namespace in the UI; a researcher may not deploy into it; the audit page filters by kind', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const ns = `e2e-vision-${Date.now().toString(36)}`;
  await signInAsGuest(page, PLATFORM_ADMIN);
  await page.goto('/hmas/namespaces');
  await page.getByRole('button', { name: 'New team namespace' }).click();
  const dialog = page.getByRole('dialog', { name: 'New team namespace' });
  await dialog.getByLabel('Name', { exact: true }).fill(ns);
  await dialog.getByLabel('Team', { exact: true }).fill('group:default/vision');
  await dialog.getByLabel('GPU', { exact: true }).fill('2');
  await dialog.getByLabel('Pods', { exact: true }).fill('5');
  await dialog.getByRole('checkbox', { name: /^training/ }).uncheck();
  await screenshot(page, 'team-namespace-new');
  await dialog.getByRole('button', { name: 'Create team namespace' }).click();
  await expect(dialog).toBeHidden({ timeout: 30_000 });
  const row = page.getByRole('row').filter({ hasText: ns });
  await expect(row).toContainText('group:default/vision');
  await expect(row).toContainText('inference-critical, experiment');

  // A researcher outside the team is refused that namespace.
  const researcher = await (await browser.newContext()).newPage();
  await signInAsGuest(researcher);
  const token = await guestToken(researcher);
  const refused = await researcher.request.post(
    `${backend}/api/hmas/deployments`,
    {
      headers: { authorization: `Bearer ${token}` },
      data: {
        name: `e2e-spy-${Date.now().toString(36)}`,
        namespace: ns,
        runtime: 'llamacpp',
        gpuMode: 'cpu',
        model: { preset: 'llama-3.1-8b-instruct-gguf-q4' },
        placement: { mode: 'zone', zone: 'cpu-only' },
      },
    },
  );
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toBe(
    `Not allowed to deploy into team namespace ${ns}: it belongs to group:default/vision`,
  );
  await researcher.context().close();

  // The audit page, filtered by kind, shows the write.
  await page.goto('/hmas/audit');
  await page.getByLabel('Kind').click();
  await page.getByRole('option', { name: 'namespace', exact: true }).click();
  await expect(
    page.getByRole('row').filter({ hasText: `created team namespace ${ns}` }),
  ).toBeVisible();
  await screenshot(page, 'team-namespace-audit');

  // The platform team deletes it again.
  await page.goto('/hmas/namespaces');
  await page
    .getByRole('button', { name: `Delete team namespace ${ns}` })
    .click();
  await page
    .getByRole('dialog', { name: `Delete team namespace ${ns}?` })
    .getByRole('button', { name: 'Delete team namespace' })
    .click();
  await expect(page.getByRole('row').filter({ hasText: ns })).toHaveCount(0);
});
