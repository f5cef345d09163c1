import { afterEach, vi } from 'vitest';

// A test that logs an error has hidden a failure: make it fail (as in the Epic Stack).
const originalConsoleError = console.error;
let logged: unknown[][] = [];
console.error = (...args: unknown[]) => {
  logged.push(args);
  originalConsoleError(...args);
};

afterEach(() => {
  const errors = logged;
  logged = [];
  vi.restoreAllMocks();
  if (errors.length > 0) {
    throw new Error(`console.error was called during the test:\n${errors.map((args) => args.join(' ')).join('\n')}`);
  }
});
