import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/report.js';
import { readReports } from '../src/run.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const docs = join(root, 'docs');
const read = (file: string) => readFileSync(join(docs, file), 'utf8');

/** The fenced code blocks of a Markdown text, with their language. */
function codeBlocks(text: string): { lang: string; code: string }[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((m) => ({
    lang: m[1],
    code: m[2],
  }));
}

/** Relative link targets of a Markdown text (images included), without anchors. */
function relativeLinks(text: string): string[] {
  const withoutCode = text.replace(/^```[\s\S]*?^```$/gm, '');
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1])
    .filter((href) => !/^[a-z]+:/i.test(href) && !href.startsWith('#'))
    .map((href) => href.split('#')[0]);
}

describe('docs/getting-started.md', () => {
  it('prints exactly the output it shows', async () => {
    const blocks = codeBlocks(read('getting-started.md'));
    const example = blocks.findIndex((b) => b.lang === 'ts');
    expect(example).toBeGreaterThanOrEqual(0);
    const expected = blocks[example + 1];
    expect(expected.lang).toBe('text');

    // The example imports from packages by name: bind those imports, run the rest.
    const modules: Record<string, unknown> = {};
    const body = await replaceImports(blocks[example].code, modules);
    expect(body.split('\n').length).toBeLessThanOrEqual(14);
    const lines: string[] = [];
    const fakeConsole = { log: (...args: unknown[]) => lines.push(format(...args)) };
    new Function('modules', 'console', body)(modules, fakeConsole);
    expect(`${lines.join('\n')}\n`).toBe(expected.code);
  });
});

async function replaceImports(code: string, modules: Record<string, unknown>) {
  const importLine = /^import \{([^}]+)\} from '(@optkit\/[a-z-]+)';$/gm;
  for (const m of code.matchAll(importLine)) modules[m[2]] = await import(m[2]);
  return code.replace(
    importLine,
    (_, names: string, pkg: string) => `const {${names}} = modules['${pkg}'];`,
  );
}

describe('docs index and links', () => {
  it('links every package README and its report section', () => {
    const index = read('README.md');
    const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name);
    expect(packages.length).toBeGreaterThan(0);
    for (const name of packages) {
      expect(index).toContain(`](../packages/${name}/README.md)`);
      expect(index).toContain(`](benchmarks/README.md#${name})`);
    }
  });

  it('every relative link in docs/*.md points to a file that exists', () => {
    const missing: string[] = [];
    for (const file of readdirSync(docs).filter((f) => f.endsWith('.md'))) {
      for (const href of relativeLinks(read(file))) {
        const target = resolve(dirname(join(docs, file)), href);
        if (!existsSync(target)) missing.push(`${file} -> ${href}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

describe('the committed benchmark report', () => {
  const dir = join(docs, 'benchmarks');
  const readme = join(dir, 'README.md');

  it.runIf(existsSync(readme))(
    'is exactly what the runner generates from the JSON beside it',
    () => {
      const { reports, skipped } = readReports(dir);
      expect(skipped).toEqual([]);
      // Regenerate with `pnpm bench --report-only` after a change to the report's layout.
      expect(readFileSync(readme, 'utf8')).toBe(renderReport(reports));
      for (const r of reports) {
        expect(r.quick, `${r.suite}.json is a quick run`).toBe(false);
        for (const f of r.figures) expect(existsSync(join(dir, f.file)), f.file).toBe(true);
      }
    },
  );
});
