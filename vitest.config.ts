import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One DynamoDB Local for the whole run, each test file working in a table of its own; and one
    // synthesis of the app in both stages, whose templates the infra tests read.
    globalSetup: ['test/support/dynamodb-global-setup.ts', 'test/support/synth-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Handlers under test must not print CloudWatch embedded-metric documents.
    env: { POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
