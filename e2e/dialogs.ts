import { expect, Locator, Page } from '@playwright/test';
import { choose } from './helpers';

/**
 * The H-MAS dialogs, opened as a person does from their pages, each with the views worth
 * checking (tabs, the label editor, field errors): shared by the accessibility and layout
 * specs so both cover the same list.
 */

/** One state of an open dialog: what to do to reach it, and what shows once it is there. */
export interface DialogView {
  name: string;
  show: (dialog: Locator, page: Page) => Promise<void>;
}

/** A dialog, the page it opens from and how; `titleId` names its title element. */
export interface HmasDialogCase {
  name: string;
  titleId: string;
  open: (page: Page) => Promise<Locator>;
  views: DialogView[];
}

/** The CSS selector of the one dialog whose title element is `titleId` (HmasDialog). */
export const dialogSelector = (titleId: string) =>
  `[role="dialog"][aria-labelledby="${titleId}"]`;

/**
 * Opens a path of the signed-in portal. A full load may show the sign-in page again (the
 * session is restored in the background): then it enters again, as a person would.
 */
export async function visit(page: Page, path: string) {
  await page.goto(path);
  const enter = page.getByRole('button', { name: 'Enter' });
  const signedIn = page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Catalog', exact: true });
  // The development portal rebuilds as the code changes: a load can take a while.
  await expect(enter.or(signedIn).first()).toBeVisible({ timeout: 60_000 });
  if (await enter.isVisible()) await enter.click();
  await expect(signedIn).toBeVisible();
}

/** Waits until a dialog finished fading in, so it is measured as people see it. */
export async function settled(dialog: Locator) {
  await expect(dialog).toBeVisible();
  await expect(dialog.locator('xpath=..')).toHaveCSS('opacity', '1');
}

const tab =
  (name: string, ready: (dialog: Locator) => Locator): DialogView['show'] =>
  async dialog => {
    await dialog.getByRole('tab', { name }).click();
    await expect(ready(dialog)).toBeVisible();
  };

async function openCluster(page: Page) {
  await visit(page, '/hmas/clusters');
  await page
    .getByTestId('zone-gpu-high')
    .getByRole('button', { name: 'gpu-hp-seoul' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Cluster gpu-hp-seoul' });
  await settled(dialog);
  return dialog;
}

/** Opens a page, then a dialog by the button that opens it and the dialog's name. */
function fromButton(
  path: string,
  button: string,
  dialogName: string,
): HmasDialogCase['open'] {
  return async page => {
    await visit(page, path);
    await page.getByRole('button', { name: button, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: dialogName });
    await settled(dialog);
    return dialog;
  };
}

/**
 * Every H-MAS dialog, for a platform admin (who may open them all). The deployment dialog
 * shows the portal's seeded demo deployment, so nothing is created.
 */
export const HMAS_DIALOGS: HmasDialogCase[] = [
  {
    name: 'cluster',
    titleId: 'cluster-dialog-title',
    open: openCluster,
    views: [
      { name: 'overview', show: tab('Overview', d => d.getByRole('table')) },
      {
        name: 'labels',
        show: tab('Labels', d => d.getByTestId('cluster-labels')),
      },
      {
        name: 'cluster-taints',
        show: tab('Cluster taints', d =>
          d.getByText(/Karmada's taints on the Cluster/),
        ),
      },
      {
        name: 'gpu-readiness',
        show: tab('GPU readiness', d => d.getByTestId(/^gpu-check-/).first()),
      },
      { name: 'audit', show: tab('Audit', d => d.getByRole('table')) },
    ],
  },
  {
    name: 'label-editor',
    titleId: 'cluster-dialog-title',
    open: async page => {
      const dialog = await openCluster(page);
      await dialog.getByRole('tab', { name: 'Labels' }).click();
      await dialog.getByRole('button', { name: 'Edit labels' }).click();
      return dialog;
    },
    views: [
      {
        name: 'rows',
        show: async dialog => {
          await expect(
            dialog.getByRole('button', { name: 'Save labels' }),
          ).toBeVisible();
        },
      },
      {
        // A changed gpu-tier and an empty new row: the banner with its placement
        // impact, and the row's error (never saved).
        name: 'zone-change',
        show: async dialog => {
          const keys = dialog.getByLabel(/^Label key \d+$/);
          const count = await keys.count();
          let tier: string | undefined;
          for (let i = 0; i < count; i++) {
            if ((await keys.nth(i).inputValue()) === 'gpu-tier') {
              tier = (await keys.nth(i).getAttribute('aria-label'))!;
            }
          }
          expect(tier).toBeDefined();
          await dialog
            .getByLabel(tier!.replace('key', 'value'), { exact: true })
            .fill('general');
          await dialog.getByRole('button', { name: 'Add label' }).click();
          await expect(dialog.getByText('Key is required')).toBeVisible();
          await expect(
            dialog.getByRole('list', { name: 'Placement impact' }),
          ).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'register-cluster',
    titleId: 'register-title',
    open: fromButton(
      '/hmas/clusters',
      'Register cluster',
      'Register a cluster',
    ),
    views: [
      { name: 'empty', show: async () => {} },
      {
        name: 'errors',
        show: async dialog => {
          await dialog.getByLabel('Name').fill('Not A Name');
          await dialog.getByLabel('API endpoint').fill('nope');
          // Invalid, so refused: nothing is registered.
          await dialog.getByRole('button', { name: 'Register' }).click();
          await expect(dialog.getByText('must be a URL')).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'deployment',
    titleId: 'deployment-title',
    open: async page => {
      await visit(page, '/hmas/deployments');
      await page
        .getByRole('button', { name: 'demo-llama-cpu', exact: true })
        .click();
      const dialog = page.getByRole('dialog', {
        name: /Deployment demo-llama-cpu/,
      });
      await settled(dialog);
      return dialog;
    },
    views: [
      {
        name: 'overview',
        // Its progress and the placement table (wherever Karmada placed it).
        show: tab('Overview', d => d.getByRole('table').first()),
      },
      {
        name: 'configuration',
        show: tab('Configuration', d => d.getByRole('table').first()),
      },
      {
        name: 'manifests',
        show: tab('Manifests', d => d.getByText(/kind: PropagationPolicy/)),
      },
      {
        // The chat form and the calls to copy (the demo deployment is Ready).
        name: 'playground',
        show: tab('Playground', d => d.getByText(/from openai import OpenAI/)),
      },
    ],
  },
  {
    name: 'policy',
    titleId: 'hmas-policy-title',
    open: async page => {
      await visit(page, '/hmas/policies');
      // The first policy of the list (its name opens it).
      await page
        .getByRole('table')
        .first()
        .getByRole('row')
        .nth(1)
        .getByRole('button')
        .first()
        .click();
      const dialog = page.locator(dialogSelector('hmas-policy-title'));
      await settled(dialog);
      return dialog;
    },
    views: [{ name: 'summary', show: async () => {} }],
  },
  {
    name: 'new-policy',
    titleId: 'hmas-new-policy-title',
    open: fromButton(
      '/hmas/policies',
      'New propagation policy',
      'New propagation policy',
    ),
    views: [
      { name: 'empty', show: async () => {} },
      {
        name: 'errors',
        show: async dialog => {
          // Refused by the backend: nothing is created.
          await dialog.getByLabel('Name', { exact: true }).fill('Bad_Name');
          await dialog.getByRole('button', { name: 'Create policy' }).click();
          await expect(
            dialog.getByText(/metadata\.name: must be/),
          ).toBeVisible();
        },
      },
    ],
  },
  {
    name: 'new-policy-yaml',
    titleId: 'hmas-new-policy-yaml-title',
    open: fromButton(
      '/hmas/policies',
      'New policy from YAML',
      'New policy from YAML',
    ),
    views: [{ name: 'empty', show: async () => {} }],
  },
  {
    name: 'preset',
    titleId: 'hmas-new-preset-title',
    open: fromButton('/hmas/policies', 'New preset', 'New preset'),
    views: [
      {
        name: 'zone',
        show: async (_dialog, page) => choose(page, 'Zone', 'GPU General'),
      },
    ],
  },
  {
    name: 'team-namespace-new',
    titleId: 'hmas-team-namespace-title',
    open: fromButton(
      '/hmas/namespaces',
      'New team namespace',
      'New team namespace',
    ),
    views: [{ name: 'empty', show: async () => {} }],
  },
  {
    name: 'team-namespace-edit',
    titleId: 'hmas-team-namespace-title',
    open: fromButton(
      '/hmas/namespaces',
      'Edit team namespace ml-research',
      'Edit team namespace ml-research',
    ),
    views: [{ name: 'quota', show: async () => {} }],
  },
];
