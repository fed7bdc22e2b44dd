import { defineConfig } from 'vitest/config';

/**
 * Three projects, by what a test needs besides Node:
 * - unit: nothing (pure code, handlers over aws-sdk-client-mock, the page's pure modules);
 * - infra: the app synthesized once per run in both stages (the CDK CLI, offline), whose templates it reads;
 * - integration: DynamoDB Local (Java), one per run with a table per test file; the browser tests also
 *   drive Debian's Chromium.
 * `npm run test:unit` runs the first two, on a machine without Java or Chromium; `npm test` runs all three.
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Handlers under test must not print CloudWatch embedded-metric documents.
    env: { POWERTOOLS_METRICS_DISABLED: 'true' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/infra/**', 'test/integration/**', 'test/browser/**', 'test/fuzz/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          globalSetup: ['test/support/synth-global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/browser/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
          globalSetup: ['test/support/dynamodb-global-setup.ts'],
        },
      },
    ],
  },
});
