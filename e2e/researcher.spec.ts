import { expect, Page, test } from '@playwright/test';
import {
  backend,
  choose,
  guestToken,
  screenshot,
  signInAsGuest,
} from './helpers';

/** Opens the template form (Create → Choose). */
async function openTemplate(page: Page, name: string, title: string) {
  await page.goto(`/create/templates/default/${name}`);
  await expect(page.getByRole('heading', { name: title })).toBeVisible();
}

async function fillRuntimeAndModel(
  page: Page,
  runtime: string,
  model: string,
  mode?: 'GPU' | 'CPU',
) {
  await choose(page, 'Runtime', new RegExp(`^${runtime.replace('.', '\\.')}`));
  await choose(page, 'Model', new RegExp(`^${model}`));
  if (mode) await page.getByRole('radio', { name: mode, exact: true }).check();
}

test('a researcher deploys llama.cpp on CPU from the Deploy a model template, linked to a service', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const name = `e2e-chat-${Date.now().toString(36)}`;
  await signInAsGuest(page);
  const token = await guestToken(page);

  await openTemplate(page, 'hmas-deploy-model', 'Deploy a model');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page
    .getByRole('textbox', { name: 'Link to an existing service' })
    .fill('Chat');
  await page
    .getByRole('option', { name: /Chat assistant|chat-assistant/ })
    .click();
  await page.getByRole('button', { name: 'Next' }).click();

  await fillRuntimeAndModel(page, 'llama.cpp', 'Llama 3.1 8B', 'CPU');
  await screenshot(page, 'researcher-runtime-model');
  await page.getByRole('button', { name: 'Next' }).click();

  await page.getByRole('radio', { name: /CPU Only/ }).check();
  await screenshot(page, 'researcher-zone-picker');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  try {
    // The task log completes and offers the deployment's page.
    const toDeployment = page.getByRole('link', {
      name: 'Deployment in H-MAS',
    });
    await expect(toDeployment).toBeVisible({ timeout: 60_000 });
    await screenshot(page, 'researcher-task-completed');
    await toDeployment.click();
    const dialog = page.getByRole('dialog', {
      name: new RegExp(`Deployment ${name}`),
    });
    await expect(
      dialog.getByText(/1\/1 replicas ready on cpu-oregon/),
    ).toBeVisible({ timeout: 60_000 });
    await screenshot(page, 'researcher-deployment-ready');
    await dialog.getByRole('button', { name: 'Close' }).click();

    // The linked service lists the deployment in its card, and its pods on the Kubernetes tab.
    await page.goto('/catalog/default/component/chat-assistant');
    const card = page
      .locator('.MuiCard-root')
      .filter({ hasText: 'Model deployments' });
    await expect(card.getByRole('link', { name })).toBeVisible();
    await screenshot(page, 'researcher-service-card');
    await page.getByRole('link', { name: 'Kubernetes', exact: true }).click();
    // The standard Kubernetes plugin, through Karmada's cluster proxy: the member cluster
    // with the pods, and in it this deployment.
    await page.getByText('cpu-oregon', { exact: true }).click();
    await expect(page.getByText(name, { exact: true }).first()).toBeVisible({
      timeout: 60_000,
    });
    await screenshot(page, 'researcher-service-kubernetes');
  } finally {
    const res = await page.request.get(`${backend}/api/hmas/deployments`, {
      headers: { authorization: `Bearer ${token}` },
    });
    for (const d of (await res.json()).items ?? []) {
      if (d.name === name) {
        await page.request.delete(`${backend}/api/hmas/deployments/${d.id}`, {
          headers: { authorization: `Bearer ${token}` },
        });
      }
    }
  }
});

test('vLLM into GPU High Performance: the manifest preview shows the OverridePolicy that sets the zone’s scheduler', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const name = `e2e-vllm-${Date.now().toString(36)}`;
  await signInAsGuest(page);
  await openTemplate(page, 'hmas-deploy-model', 'Deploy a model');
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('button', { name: 'Next' }).click();

  await fillRuntimeAndModel(page, 'vLLM', 'Qwen2.5 7B Instruct');
  // vLLM needs a GPU: the mode is fixed.
  await expect(
    page.getByRole('radio', { name: 'CPU', exact: true }),
  ).toBeDisabled();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: /GPU High Performance/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('checkbox', { name: /Preview only/ }).check();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  const preview = page.getByText(/kind: OverridePolicy/).first();
  await expect(preview).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByText(/path: \/spec\/template\/spec\/schedulerName/).first(),
  ).toBeVisible();
  await screenshot(page, 'researcher-vllm-preview');
  // A dry run deploys nothing.
  const token = await guestToken(page);
  const res = await page.request.get(`${backend}/api/hmas/deployments`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const names = ((await res.json()).items ?? []).map((d: any) => d.name);
  expect(names).not.toContain(name);
});

test('a GPU-only runtime is not offered the CPU Only zone: the form says why', async ({
  page,
}) => {
  await signInAsGuest(page);
  await openTemplate(page, 'hmas-deploy-model', 'Deploy a model');
  await page
    .getByRole('textbox', { name: 'Name', exact: true })
    .fill('e2e-refused');
  await page.getByRole('button', { name: 'Next' }).click();
  await fillRuntimeAndModel(page, 'vLLM', 'Qwen2.5 7B Instruct');
  await page.getByRole('button', { name: 'Next' }).click();
  // Not choosable at all, rather than refused after Next.
  await expect(page.getByRole('radio', { name: /CPU Only/ })).toBeDisabled();
  await expect(page.getByTestId('hmas-zone-cpu-only-unavailable')).toHaveText(
    'Needs GPUs: vLLM runs in GPU mode',
  );
  await expect(page.getByRole('radio', { name: /GPU General/ })).toBeEnabled();
  await screenshot(page, 'researcher-gpu-runtime-cpu-zone-unavailable');
});

test('the H-MAS actions appear with their examples at /create/actions', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/create/actions');
  for (const id of [
    'hmas:deployment:create',
    'hmas:deployment:delete',
    'hmas:manifests:render',
    'hmas:policy:propagation:create',
    'hmas:policy:override:create',
    'hmas:cluster:labels:update',
    'hmas:cluster:create',
  ]) {
    await expect(page.getByText(id, { exact: true }).first()).toBeVisible();
  }
  // An action's detail shows its documented examples.
  await page
    .getByText('hmas:policy:override:create', { exact: true })
    .first()
    .click();
  await expect(
    page
      .getByText(
        /Run the model pods of one deployment with the volcano scheduler/,
      )
      .first(),
  ).toBeVisible();
  await screenshot(page, 'researcher-actions');
});
