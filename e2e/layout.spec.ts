import { expect, Page, test } from '@playwright/test';
import { dialogSelector, HMAS_DIALOGS, visit } from './dialogs';
import { PLATFORM_ADMIN, screenshot, signInAsGuest } from './helpers';

/**
 * Layout at the widths people use: no H-MAS page scrolls sideways, no table overflows its
 * card, and no column header is clipped; in the H-MAS dialogs, neither the content nor a
 * table scrolls sideways and neither the title nor a column header is clipped.
 */
const PAGES = [
  '/hmas',
  '/hmas/clusters',
  '/hmas/deployments',
  '/hmas/policies',
  '/hmas/namespaces',
  '/hmas/audit',
];

/**
 * What does not fit: the page (unless `scope` names a dialog), and inside `scope` (the
 * document by default) each table in its box, each column header, and for a dialog its
 * title and its content.
 */
async function overflows(page: Page, scope?: string) {
  return page.evaluate(selector => {
    const problems: string[] = [];
    const root: ParentNode = selector
      ? document.querySelector(selector)!
      : document;
    if (!root) return [`${selector} is not open`];
    const doc = document.documentElement;
    if (!selector && doc.scrollWidth > window.innerWidth + 1) {
      problems.push(
        `the page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window`,
      );
    }
    const clipped = (el: Element) => el.scrollWidth > el.clientWidth + 1;
    if (selector) {
      const dialog = root as HTMLElement;
      if (clipped(dialog)) {
        problems.push(
          `the dialog is ${dialog.scrollWidth}px wide in ${dialog.clientWidth}px`,
        );
      }
      for (const title of Array.from(
        // The app's class names carry a suffix (MuiDialogTitle-root-123).
        dialog.querySelectorAll(
          '[class*="MuiDialogTitle-root"], [class*="MuiDialogTitle-root"] *',
        ),
      )) {
        if (clipped(title)) {
          problems.push(`the title "${title.textContent}" is clipped`);
        }
      }
      for (const content of Array.from(
        dialog.querySelectorAll('[class*="MuiDialogContent-root"]'),
      )) {
        if (clipped(content)) {
          problems.push(
            `the content is ${content.scrollWidth}px wide in ${content.clientWidth}px`,
          );
        }
      }
    }
    for (const table of Array.from(root.querySelectorAll('table'))) {
      const box = table.parentElement!;
      if (box.scrollWidth > box.clientWidth + 1) {
        const caption =
          table.closest('[data-testid]')?.getAttribute('data-testid') ??
          table.getAttribute('aria-label') ??
          table.querySelector('th')?.textContent ??
          'a table';
        problems.push(
          `${caption}: table ${box.scrollWidth}px in a ${box.clientWidth}px box`,
        );
      }
      for (const th of Array.from(table.querySelectorAll('th'))) {
        const el = th as HTMLElement;
        if (el.scrollWidth > el.clientWidth + 1) {
          problems.push(`header "${el.textContent}" is clipped`);
        }
      }
    }
    return problems;
  }, scope);
}

for (const width of [1280, 1920]) {
  test(`H-MAS pages fit ${width} px: no sideways scroll, no overflowing table, no clipped header`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height: 900 });
    await signInAsGuest(page, PLATFORM_ADMIN);
    const found: Record<string, string[]> = {};
    for (const path of PAGES) {
      await visit(page, path);
      // Let the lists load before measuring.
      await page.waitForLoadState('networkidle');
      await expect(page.locator('main')).toBeVisible();
      found[path] = await overflows(page);
      await screenshot(page, `layout-${width}${path.replace(/\//g, '-')}`);
    }
    expect(found).toEqual(Object.fromEntries(PAGES.map(p => [p, []])));
  });
}

for (const width of [1280, 1920]) {
  test(`H-MAS dialogs fit ${width} px: no sideways scroll in their content or tables, no clipped title or header`, async ({
    page,
  }) => {
    test.setTimeout(600_000);
    await page.setViewportSize({ width, height: 900 });
    await signInAsGuest(page, PLATFORM_ADMIN);
    const found: Record<string, string[]> = {};
    for (const dialogCase of HMAS_DIALOGS) {
      const dialog = await dialogCase.open(page);
      for (const view of dialogCase.views) {
        await view.show(dialog, page);
        const name = `${dialogCase.name}-${view.name}`;
        found[name] = await overflows(page, dialogSelector(dialogCase.titleId));
        await screenshot(page, `layout-dialog-${width}-${name}`);
      }
    }
    expect(found).toEqual(
      Object.fromEntries(
        HMAS_DIALOGS.flatMap(d =>
          d.views.map(v => [`${d.name}-${v.name}`, []]),
        ),
      ),
    );
  });
}
