import { readdirSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const packages = readdirSync(new URL('./packages', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const resolve = { conditions: ['@optkit/source'] };

export default defineConfig({
  test: {
    projects: [
      ...packages.map((name) => ({
        resolve,
        test: {
          name,
          root: `packages/${name}`,
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
        },
      })),
      {
        resolve,
        test: {
          name: 'benchmarks',
          root: 'benchmarks',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
