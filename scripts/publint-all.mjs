// Runs publint on every publishable package, on the manifest as it would be published
// (publishConfig applied), and fails on any error or warning.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = new URL('../packages/', import.meta.url).pathname;
let problems = 0;
for (const name of readdirSync(root)) {
  const dir = join(root, name);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (pkg.private) continue;
  const { messages } = await publint({ pkgDir: dir, level: 'warning', strict: true, pack: 'pnpm' });
  for (const message of messages) {
    problems++;
    console.error(`${pkg.name}: ${formatMessage(message, pkg)}`);
  }
  if (pkg.publishConfig?.exports) {
    const text = JSON.stringify(pkg.publishConfig.exports);
    if (text.includes('@optkit/source')) {
      problems++;
      console.error(
        `${pkg.name}: publishConfig.exports must not carry the @optkit/source condition`,
      );
    }
  }
}
if (problems > 0) {
  console.error(`publint: ${problems} problem(s)`);
  process.exit(1);
}
console.log('publint: all packages clean');
