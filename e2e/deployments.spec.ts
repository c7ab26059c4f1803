import { expect, test } from '@playwright/test';
import { backend, guestToken, screenshot, signInAsGuest } from './helpers';

test('a deployment created through the API shows its progress to Ready and can be deleted', async ({
  page,
}) => {
  const name = `e2e-llama-${Date.now().toString(36)}`;
  await signInAsGuest(page);

  const token = await guestToken(page);
  const created = await page.request.post(`${backend}/api/hmas/deployments`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      name,
      runtime: 'llamacpp',
      gpuMode: 'cpu',
      model: {
        modelId: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
        hfRepo: 'bartowski/Meta-Llama-3.1-8B-Instruct-GGUF',
        hfFile: 'Meta-Llama-3.1-8B-Instruct-Q4_K_M.gguf',
        sizeGb: 4.9,
      },
      placement: { mode: 'zone', zone: 'cpu-only' },
    },
  });
  expect(created.status()).toBe(201);

  await page.goto('/hmas/deployments');
  // Names a person reads, not ids: the runtime's title in the list.
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(
    row.getByRole('cell', { name: 'llama.cpp', exact: true }),
  ).toBeVisible();
  await expect(
    row.getByRole('cell', { name: 'llamacpp', exact: true }),
  ).toHaveCount(0);
  await page.getByRole('button', { name, exact: true }).click();
  const dialog = page.getByRole('dialog', {
    name: new RegExp(`Deployment ${name}`),
  });
  await expect(dialog.getByRole('cell', { name: 'cpu-oregon' })).toBeVisible();
  await expect(
    dialog.getByRole('cell', { name: 'llama.cpp', exact: true }),
  ).toBeVisible();
  // The simulated model load takes a few seconds; the dialog follows the progress.
  await expect(
    dialog.getByText(/1\/1 replicas ready on cpu-oregon/),
  ).toBeVisible({
    timeout: 60_000,
  });
  await screenshot(page, 'deployment-ready');

  await dialog.getByRole('tab', { name: 'Manifests' }).click();
  await expect(dialog.getByText(/kind: PropagationPolicy/)).toBeVisible();

  await dialog.getByRole('button', { name: 'Delete' }).click();
  await page
    .getByRole('dialog', { name: `Delete ${name}?` })
    .getByRole('button', { name: 'Delete deployment' })
    .click();
  await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
});
