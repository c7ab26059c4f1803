import { expect, Page, test } from '@playwright/test';
import { screenshot, signInAsGuest } from './helpers';

/**
 * The Deploy a model form, walked with the keyboard where a person would: nothing about the
 * model shows before a runtime, CPU mode asks for no GPUs and shows the sizes H-MAS picks,
 * the review reads as names, and the browser logs no warning of the form's schema. A dry
 * run: nothing is deployed.
 */

/** The review's rows, `name: value`. */
async function reviewRows(page: Page): Promise<string[]> {
  await expect(page.getByRole('button', { name: 'Create' })).toBeVisible();
  return page.locator('table tr').evaluateAll(rows =>
    rows.map(row =>
      Array.from(row.querySelectorAll('td'))
        .map(cell => cell.textContent?.trim())
        .join(': '),
    ),
  );
}

const next = (page: Page) => page.getByRole('button', { name: 'Next' }).click();

test('the Deploy a model form reads well, asks only what fits, and reviews in names', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const warnings: string[] = [];
  page.on('console', message => {
    if (/enumNames|None of the options match/.test(message.text())) {
      warnings.push(message.text());
    }
  });
  const name = `e2e-form-${Date.now().toString(36)}`;
  await signInAsGuest(page);
  await page.goto('/create/templates/default/hmas-deploy-model');
  await expect(
    page.getByRole('heading', { name: 'Deploy a model' }),
  ).toBeVisible({ timeout: 60_000 });

  // Deployment: the name; the service and owner pickers load their options.
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
  await page
    .getByRole('textbox', { name: 'Link to an existing service' })
    .click();
  await expect(page.getByRole('option').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await screenshot(page, 'deploy-form-1-deployment');
  await next(page);

  // Runtime and model: nothing model-related before a runtime.
  const runtime = page.getByRole('button', { name: /^Runtime/ });
  const model = page.getByRole('button', { name: /^Model/ });
  await expect(runtime).toBeVisible();
  await expect(model).toHaveAttribute('aria-disabled', 'true');
  await expect(model).not.toContainText(/Custom model/);
  await expect(page.getByText('Custom model…')).toHaveCount(0);
  await expect(
    page.getByRole('radio', { name: 'CPU', exact: true }),
  ).not.toBeChecked();
  await screenshot(page, 'deploy-form-2-runtime-empty');

  // With the keyboard: open the runtime list, type to llama.cpp, take it.
  await runtime.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('listbox')).toBeVisible();
  await page.keyboard.type('llama');
  await page.keyboard.press('Enter');
  await expect(runtime).toContainText('llama.cpp');
  await expect(model).toContainText('Llama 3.1 8B Instruct GGUF (Q4_K_M)');
  await page.getByRole('radio', { name: 'GPU', exact: true }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(
    page.getByRole('radio', { name: 'CPU', exact: true }),
  ).toBeChecked();
  await screenshot(page, 'deploy-form-3-runtime-model');
  await next(page);

  // Placement: in CPU mode every zone can be chosen; take CPU Only with the keyboard.
  for (const zone of [/GPU High Performance/, /GPU General/, /CPU Only/]) {
    await expect(page.getByRole('radio', { name: zone })).toBeEnabled();
  }
  await page.getByRole('radio', { name: /CPU Only/ }).focus();
  await page.keyboard.press('Space');
  await expect(page.getByRole('radio', { name: /CPU Only/ })).toBeChecked();
  await screenshot(page, 'deploy-form-4-placement');
  await next(page);

  // Resources: no GPU inputs in CPU mode, and the sizes H-MAS will use.
  await expect(
    page.getByRole('textbox', { name: 'CPU', exact: true }),
  ).toBeVisible();
  await expect(page.getByLabel(/^GPUs/)).toHaveCount(0);
  await expect(page.getByLabel(/^GPU type/)).toHaveCount(0);
  await expect(
    page.getByText('CPU mode: the replicas take no GPUs.'),
  ).toBeVisible();
  const planned = page.getByTestId('hmas-resources-planned');
  await expect(planned).toContainText(/H-MAS will use: \d+ CPU · \d+Gi memory/);
  await expect(planned).not.toContainText('GPU');
  await screenshot(page, 'deploy-form-5-resources');
  // A typed CPU count shows in what H-MAS will use.
  await page.getByRole('textbox', { name: 'CPU', exact: true }).focus();
  await page.keyboard.type('6');
  await expect(planned).toContainText('H-MAS will use: 6 CPU ·');
  await next(page);

  // Environment and policy, then the review: dry run off reads No.
  const dryRun = page.getByRole('checkbox', {
    name: /Preview only \(dry run\)/,
  });
  await expect(dryRun).not.toBeChecked();
  await screenshot(page, 'deploy-form-6-environment');
  await page.getByRole('button', { name: 'Review' }).click();
  let rows = await reviewRows(page);
  expect(rows).toEqual(
    expect.arrayContaining([
      `Name: ${name}`,
      'Runtime: llama.cpp',
      'GPU or CPU mode: CPU',
      'Model: Llama 3.1 8B Instruct GGUF (Q4_K_M)',
      'Zone: CPU Only',
      'CPU: 6',
      'Preview only (dry run): No',
    ]),
  );
  expect(rows.join('\n')).not.toMatch(
    /Runtime Model|Gpu Mode|cpu-only|llamacpp/,
  );
  await screenshot(page, 'deploy-form-7-review');

  // Back, a dry run with the keyboard, and the review says Yes.
  await page.getByRole('button', { name: 'Back' }).click();
  await dryRun.focus();
  await page.keyboard.press('Space');
  await expect(dryRun).toBeChecked();
  await page.getByRole('button', { name: 'Review' }).click();
  rows = await reviewRows(page);
  expect(rows).toContain('Preview only (dry run): Yes');
  expect(rows).not.toContain('Preview only (dry run): No');
  await screenshot(page, 'deploy-form-8-review-dry-run');

  await page.getByRole('button', { name: 'Create' }).click();
  await expect(
    page.getByText('Manifests (dry run, nothing was deployed)'),
  ).toBeVisible({ timeout: 60_000 });
  await screenshot(page, 'deploy-form-9-dry-run-done');

  expect(warnings).toEqual([]);
});

test('the Register a cluster and Create a placement policy forms label their choices and log no schema warning', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const warnings: string[] = [];
  page.on('console', message => {
    if (/enumNames|None of the options match/.test(message.text())) {
      warnings.push(message.text());
    }
  });
  await signInAsGuest(page);

  await page.goto('/create/templates/default/hmas-register-cluster');
  await expect(
    page.getByRole('heading', { name: 'Register a cluster' }),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('radio', {
      name: "Push (Karmada reaches the cluster's API server)",
    }),
  ).toBeChecked();
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('e2e-x');
  await page
    .getByRole('textbox', { name: 'API endpoint' })
    .fill('https://10.0.0.1:6443');
  await next(page);
  for (const zone of [
    'GPU High Performance',
    'GPU General',
    'CPU Only',
    'None (leave it Unclassified)',
  ]) {
    await expect(page.getByRole('radio', { name: zone })).toBeVisible();
  }
  await screenshot(page, 'deploy-form-register-cluster-zone');

  await page.goto('/create/templates/default/hmas-create-placement-policy');
  await expect(
    page.getByRole('heading', { name: 'Create a placement policy' }),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    page.getByRole('checkbox', {
      name: 'Also propagate the Service of the same name',
    }),
  ).toBeChecked();
  await page
    .getByRole('textbox', { name: 'Policy name' })
    .fill('e2e-propagation');
  await page.getByRole('textbox', { name: 'Deployment' }).fill('chat');
  await next(page);
  for (const choice of [
    'Zone',
    'Cluster names',
    'Ordered fallback between zones',
    'Divided between the clusters by available capacity',
    'Duplicated on every chosen cluster',
  ]) {
    await expect(
      page.getByRole('radio', { name: choice, exact: true }),
    ).toBeVisible();
  }
  await page.getByRole('radio', { name: /GPU General/ }).check();
  await page.getByRole('button', { name: 'Review' }).click();
  const rows = await reviewRows(page);
  expect(rows).toEqual(
    expect.arrayContaining([
      'Also propagate the Service of the same name: Yes',
      'Also propagate what the Deployment uses: Yes',
      'Place by: Zone',
      'Zone: GPU General',
    ]),
  );
  await screenshot(page, 'deploy-form-placement-policy-review');

  expect(warnings).toEqual([]);
});
