import { expect, Page, test } from '@playwright/test';
import { backend, guestToken, screenshot, signInAsGuest } from './helpers';

/** Picks an option of an MUI select by its label. */
async function choose(page: Page, label: string, option: RegExp) {
  await page.getByRole('button', { name: new RegExp(`^${label}\\b`) }).click();
  await page.getByRole('option', { name: option }).click();
}

test('a secret typed into the env editor reaches the deployment’s Secret, never the task or the API', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const name = `e2e-secret-${Date.now().toString(36)}`;
  const value = `hf_e2e_secret_${Math.random().toString(36).slice(2, 12)}`;
  await signInAsGuest(page);
  const token = await guestToken(page);
  const auth = { headers: { authorization: `Bearer ${token}` } };

  await page.goto('/create/templates/default/hmas-deploy-model');
  await expect(
    page.getByRole('heading', { name: 'Deploy a model' }),
  ).toBeVisible();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page.getByRole('button', { name: 'Next' }).click();

  await choose(page, 'Runtime', /^llama\.cpp/);
  await choose(page, 'Model', /^Llama 3\.1 8B/);
  await page.getByRole('radio', { name: 'CPU', exact: true }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: /CPU Only/ }).check();
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();

  // The env editor: a secret-like name makes the new row a secret, entered in a password field.
  await page.getByRole('button', { name: 'Add variable' }).click();
  await page.getByRole('textbox', { name: 'Name 1' }).fill('HF_TOKEN');
  const kind = page.getByLabel('Kind of HF_TOKEN');
  await expect(kind).toHaveValue('secret');
  await kind.selectOption({ label: 'Secret (entered once)' });
  const secretField = page.getByLabel('Secret value 1');
  await expect(secretField).toHaveAttribute('type', 'password');
  await secretField.fill(value);
  await screenshot(page, 'secrets-env-editor');

  // Back and forth: the row stays a secret, its value held but not shown.
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(value)).toHaveCount(0);
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByLabel('Kind of HF_TOKEN')).toHaveValue('secret');
  await expect(page.getByLabel('Secret value 1')).toHaveValue('');
  await expect(
    page.getByText('A value is entered (hidden); type to replace it'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  try {
    const toDeployment = page.getByRole('link', {
      name: 'Deployment in H-MAS',
    });
    await expect(toDeployment).toBeVisible({ timeout: 60_000 });
    await screenshot(page, 'secrets-task-completed');
    expect(await page.content()).not.toContain(value);

    // (a) The task stores a reference to a template secret, not the value.
    const taskId = new URL(page.url()).pathname.split('/').pop();
    const task = await page.request.get(
      `${backend}/api/scaffolder/v2/tasks/${taskId}`,
      auth,
    );
    expect(task.ok()).toBe(true);
    const taskText = JSON.stringify(await task.json());
    expect(taskText).toContain('templateSecret');
    expect(taskText).toContain('hmas-env-HF_TOKEN');
    expect(taskText).not.toContain(value);
    const events = await page.request.get(
      `${backend}/api/scaffolder/v2/tasks/${taskId}/events`,
      auth,
    );
    expect(JSON.stringify(await events.json())).not.toContain(value);

    // (b) H-MAS answers with a reference to the deployment's own Secret.
    const list = await page.request.get(
      `${backend}/api/hmas/deployments`,
      auth,
    );
    const listText = await list.text();
    expect(listText).not.toContain(value);
    const deployment = JSON.parse(listText).items.find(
      (d: { name: string }) => d.name === name,
    );
    expect(deployment).toBeDefined();
    const one = await page.request.get(
      `${backend}/api/hmas/deployments/${deployment.id}`,
      auth,
    );
    const oneText = await one.text();
    expect(oneText).not.toContain(value);
    expect(JSON.parse(oneText).spec.env).toEqual({
      HF_TOKEN: { secretKeyRef: { name: `${name}-secrets`, key: 'HF_TOKEN' } },
    });

    // (c) The deployment's page shows the env var as read from that Secret.
    await toDeployment.click();
    const dialog = page.getByRole('dialog', {
      name: new RegExp(`Deployment ${name}`),
    });
    await dialog.getByRole('tab', { name: 'Configuration' }).click();
    await expect(
      dialog.getByText(`HF_TOKEN from secret ${name}-secrets/HF_TOKEN`).first(),
    ).toBeVisible();
    await screenshot(page, 'secrets-deployment-env');
    expect(await page.content()).not.toContain(value);
  } finally {
    const res = await page.request.get(`${backend}/api/hmas/deployments`, auth);
    for (const d of (await res.json()).items ?? []) {
      if (d.name === name) {
        await page.request.delete(
          `${backend}/api/hmas/deployments/${d.id}`,
          auth,
        );
      }
    }
  }
});
