import { defineConfig } from 'vitest/config';

// Real-browser tests against the built extension (`npm run build` first). Nothing is faked here.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
