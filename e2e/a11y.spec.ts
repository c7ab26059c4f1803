import AxeBuilder from '@axe-core/playwright';
import { expect, Locator, Page, test } from '@playwright/test';
import { dialogSelector, HMAS_DIALOGS, visit } from './dialogs';
import { choose, PLATFORM_ADMIN, screenshot, signInAsGuest } from './helpers';

/**
 * Accessibility of every H-MAS screen, the dialogs that open from them and the H-MAS
 * templates' forms: axe's WCAG 2.1 A and AA rules, scoped to H-MAS content, find no serious
 * or critical violation.
 */

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

// Signing in, loading a screen and running axe take long on the development portal.
test.describe.configure({ timeout: 300_000 });

/** Where the content of a page is: H-MAS' header, tabs and content (not the app's sidebar). */
const PAGE_CONTENT = 'main';
/** Where a template's form is on the scaffolder page (its `article`: steps, fields, review). */
const TEMPLATE_CONTENT = 'article';

/**
 * Runs axe on `scope` and reports (softly, so a test lists every screen's findings) each
 * serious or critical violation by rule, impact and the elements' selectors.
 */
async function expectAccessible(page: Page, scope: string, name: string) {
  await screenshot(page, `a11y-${name}`);
  const { violations } = await new AxeBuilder({ page })
    .include(scope)
    .withTags(WCAG)
    .analyze();
  const found = violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(
      v =>
        `${v.id} (${v.impact}): ${v.help}\n${v.nodes
          .map(n => `    ${n.target.join(' ')}\n      ${n.failureSummary}`)
          .join('\n')}`,
    );
  expect
    .soft(found, `serious or critical axe violations in ${name}`)
    .toEqual([]);
}

const PAGES: Array<{ path: string; ready: (page: Page) => Locator }> = [
  { path: '/hmas', ready: p => p.getByRole('table').first() },
  { path: '/hmas/clusters', ready: p => p.getByTestId('zone-gpu-high') },
  { path: '/hmas/deployments', ready: p => p.getByRole('table').first() },
  {
    path: '/hmas/policies',
    ready: p =>
      p.getByRole('heading', { name: 'Federation policies', exact: true }),
  },
  { path: '/hmas/namespaces', ready: p => p.getByRole('table').first() },
  { path: '/hmas/audit', ready: p => p.getByRole('table').first() },
];

test.describe('H-MAS pages', () => {
  for (const { path, ready } of PAGES) {
    test(`${path} has no serious or critical axe violation`, async ({
      page,
    }) => {
      await signInAsGuest(page, PLATFORM_ADMIN);
      await visit(page, path);
      await expect(ready(page)).toBeVisible();
      await page.waitForLoadState('networkidle');
      // Checked as people see it once loaded (a loading indicator is named too).
      await expect(page.getByRole('progressbar')).toHaveCount(0, {
        timeout: 60_000,
      });
      await expectAccessible(
        page,
        PAGE_CONTENT,
        `page${path.replace(/\//g, '-')}`,
      );
    });
  }
});

test.describe('H-MAS dialogs', () => {
  for (const dialogCase of HMAS_DIALOGS) {
    test(`the ${dialogCase.name} dialog has no serious or critical axe violation`, async ({
      page,
    }) => {
      await signInAsGuest(page, PLATFORM_ADMIN);
      const dialog = await dialogCase.open(page);
      for (const view of dialogCase.views) {
        await view.show(dialog, page);
        await expectAccessible(
          page,
          dialogSelector(dialogCase.titleId),
          `dialog-${dialogCase.name}-${view.name}`,
        );
      }
    });
  }
});

/**
 * The templates' forms, step by step up to the review: H-MAS' custom fields in the
 * scaffolder's own form.
 */
test.describe('H-MAS templates', () => {
  async function openTemplate(page: Page, name: string, title: string) {
    await visit(page, `/create/templates/default/${name}`);
    await expect(page.getByRole('heading', { name: title })).toBeVisible();
    await page.waitForLoadState('networkidle');
  }

  async function next(page: Page, step: string) {
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByText(step, { exact: true }).first()).toBeVisible();
  }

  test('Deploy a model, each step', async ({ page }) => {
    await signInAsGuest(page);
    await openTemplate(page, 'hmas-deploy-model', 'Deploy a model');
    await expectAccessible(page, TEMPLATE_CONTENT, 'template-deploy-model-1');
    await page
      .getByRole('textbox', { name: 'Name', exact: true })
      .fill(`a11y-${Date.now().toString(36)}`);
    await page.getByRole('button', { name: 'Next' }).click();

    await choose(page, 'Runtime', /^llama\.cpp/);
    await choose(page, 'Model', /^Llama 3\.1 8B/);
    await page.getByRole('radio', { name: 'CPU', exact: true }).check();
    await expectAccessible(page, TEMPLATE_CONTENT, 'template-deploy-model-2');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByRole('radio', { name: /CPU Only/ }).check();
    await expectAccessible(page, TEMPLATE_CONTENT, 'template-deploy-model-3');
    await page.getByRole('button', { name: 'Next' }).click();

    await expect(page.getByText('Model cache size').first()).toBeVisible();
    await expectAccessible(page, TEMPLATE_CONTENT, 'template-deploy-model-4');
    await page.getByRole('button', { name: 'Next' }).click();

    await expect(page.getByText('Environment variables').first()).toBeVisible();
    await expectAccessible(page, TEMPLATE_CONTENT, 'template-deploy-model-5');
    await page.getByRole('button', { name: 'Review' }).click();
    await expect(page.getByRole('button', { name: 'Create' })).toBeVisible();
    await expectAccessible(
      page,
      TEMPLATE_CONTENT,
      'template-deploy-model-review',
    );
  });

  test('Register a cluster, each step', async ({ page }) => {
    await signInAsGuest(page, PLATFORM_ADMIN);
    await openTemplate(page, 'hmas-register-cluster', 'Register a cluster');
    await expectAccessible(
      page,
      TEMPLATE_CONTENT,
      'template-register-cluster-1',
    );
    await page
      .getByRole('textbox', { name: 'Name', exact: true })
      .fill(`a11y-${Date.now().toString(36)}`);
    await page
      .getByRole('textbox', { name: 'API endpoint' })
      .fill('https://10.20.0.10:6443');
    await next(page, 'Zone and GPUs');
    await expectAccessible(
      page,
      TEMPLATE_CONTENT,
      'template-register-cluster-2',
    );
  });

  test('Create a placement policy, each step', async ({ page }) => {
    await signInAsGuest(page, PLATFORM_ADMIN);
    await openTemplate(
      page,
      'hmas-create-placement-policy',
      'Create a placement policy',
    );
    await expectAccessible(
      page,
      TEMPLATE_CONTENT,
      'template-placement-policy-1',
    );
    await page
      .getByRole('textbox', { name: 'Policy name', exact: true })
      .fill(`a11y-${Date.now().toString(36)}`);
    await page
      .getByRole('textbox', { name: 'Deployment', exact: true })
      .fill('demo-llama-cpu');
    await next(page, 'Placement');
    await expectAccessible(
      page,
      TEMPLATE_CONTENT,
      'template-placement-policy-2',
    );
    await page
      .getByRole('radio', { name: 'Ordered fallback between zones' })
      .check();
    await expectAccessible(
      page,
      TEMPLATE_CONTENT,
      'template-placement-policy-2-fallback',
    );
  });
});
