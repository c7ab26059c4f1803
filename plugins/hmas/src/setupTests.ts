import '@testing-library/jest-dom';

// Rendering Material UI dialogs and typing with user-event in jsdom takes a few seconds per
// test on 2 cores, and more when other suites run beside it; jest's 5 s default turned such
// tests into timed assertions that failed under load. These tests check behaviour, not speed
// (speed is measured by `make bench`), so each may take up to 30 s.
jest.setTimeout(30_000);
