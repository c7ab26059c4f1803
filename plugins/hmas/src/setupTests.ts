import '@testing-library/jest-dom';
import { format } from 'node:util';

// Rendering Material UI dialogs and typing with user-event in jsdom takes a few seconds per
// test on 2 cores, and more when other suites run beside it; jest's 5 s default turned such
// tests into timed assertions that failed under load. These tests check behaviour, not speed
// (speed is measured by `make bench`), so each may take up to 30 s.
jest.setTimeout(30_000);

/**
 * A green run is quiet: a test that makes React, Material UI or our code write to
 * console.error or console.warn fails, naming what was written, so the cause is fixed (an
 * act() warning, an invalid prop, a deprecated API of ours) instead of scrolling past.
 *
 * The exceptions are deprecation notices printed by code that is not ours, once per test file,
 * whatever the component under test does:
 */
const THIRD_PARTY_DEPRECATIONS: Array<{ pattern: RegExp; source: string }> = [
  {
    // @backstage/test-utils' MemoryRouter sets none of React Router's v7 future flags.
    pattern: /^⚠️ React Router Future Flag Warning/,
    source: '@backstage/test-utils (react-router 6 future flags)',
  },
  {
    // React 18.3 deprecates findDOMNode; Material UI v4's Portal (every Dialog, Menu and
    // Popover of Backstage's UI kit) still calls it.
    pattern: /^Warning: findDOMNode is deprecated/,
    source: '@material-ui/core v4 Portal',
  },
  {
    // @material-table/core (inside Backstage's core-components Table) and its drag-and-drop
    // library declare defaultProps on function components.
    pattern:
      /^Warning: (MTable\w+|Connect\(Droppable\)): Support for defaultProps will be removed/,
    source: '@material-table/core via @backstage/core-components Table',
  },
];

let written: string[] = [];

function record(level: 'error' | 'warn', args: unknown[]) {
  const text = format(...args);
  if (THIRD_PARTY_DEPRECATIONS.some(d => d.pattern.test(text))) return;
  written.push(`console.${level}: ${text}`);
}

jest
  .spyOn(console, 'error')
  .mockImplementation((...args: unknown[]) => record('error', args));
jest
  .spyOn(console, 'warn')
  .mockImplementation((...args: unknown[]) => record('warn', args));

afterEach(() => {
  const found = written;
  written = [];
  if (found.length > 0) {
    throw new Error(
      `The test wrote to the console (plugins/hmas/src/setupTests.ts fails such tests; fix the cause):\n\n${found
        .map(w => w.split('\n').slice(0, 12).join('\n'))
        .join('\n\n')}`,
    );
  }
});
