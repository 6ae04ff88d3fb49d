import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';

/**
 * No component renders words of its own: every text a reader sees in JSX comes from `i18n.t`. Checked on the
 * syntax tree (Vite's parser), so it is exact for what it covers: JSX text, the attributes a reader sees or
 * hears (aria-label, title, placeholder, ...), and string literals in those or in a JSX child's expression
 * (`{off ? 'Turn on' : ...}`). Strings built outside JSX (`setError('...')`) are not covered: their reach
 * into the UI cannot be told from the syntax.
 */

const ROOT = resolve(import.meta.dirname, '../..');
const SCANNED = ['components', 'entrypoints'];
const SHOWN_ATTRIBUTES = new Set([
  'aria-label',
  'aria-description',
  'aria-placeholder',
  'aria-roledescription',
  'aria-valuetext',
  'title',
  'placeholder',
  'alt',
  'label',
]);
const LETTER = /\p{L}/u;

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsxFiles(join(dir, e.name)) : e.name.endsWith('.tsx') ? [join(dir, e.name)] : [],
  );
}

interface Node {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function children(node: Node): Node[] {
  return Object.values(node).flatMap((v) => (Array.isArray(v) ? v.filter(isNode) : isNode(v) ? [v] : []));
}

/**
 * String literals with letters in an expression whose value is shown. Only the parts that can become the
 * shown value count: a condition, a comparison, a call's arguments (`i18n.t('popup.title')` takes a key, a
 * formatter its options) and a member's key are not shown text.
 */
function wordsIn(node: Node, found: Node[]): void {
  switch (node.type) {
    case 'Literal':
      if (typeof node.value === 'string' && LETTER.test(node.value)) found.push(node);
      return;
    case 'TemplateLiteral':
      for (const quasi of node.quasis as Node[])
        if (LETTER.test((quasi.value as { cooked?: string }).cooked ?? '')) found.push(quasi);
      for (const part of node.expressions as Node[]) wordsIn(part, found);
      return;
    case 'ConditionalExpression':
      wordsIn(node.consequent as Node, found);
      wordsIn(node.alternate as Node, found);
      return;
    case 'LogicalExpression':
      if (node.operator !== '&&') wordsIn(node.left as Node, found);
      wordsIn(node.right as Node, found);
      return;
    case 'BinaryExpression':
      if (node.operator === '+') {
        wordsIn(node.left as Node, found);
        wordsIn(node.right as Node, found);
      }
      return;
    case 'JSXExpressionContainer':
    case 'ParenthesizedExpression':
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      wordsIn(node.expression as Node, found);
      return;
    default:
      // Calls, members, identifiers; and JSX, which the walk checks on its own.
      return;
  }
}

function literalsOf(source: string, file: string): string[] {
  const { program, errors } = parseSync(file, source);
  if (errors.length > 0) throw new Error(`${file}: ${errors.map((e) => e.message).join('; ')}`);
  const found: Node[] = [];
  const walk = (node: Node) => {
    if (node.type === 'JSXText' && LETTER.test(node.value as string)) found.push(node);
    if (node.type === 'JSXAttribute') {
      const name = (node.name as { name?: unknown }).name;
      if (typeof name === 'string' && SHOWN_ATTRIBUTES.has(name) && isNode(node.value))
        wordsIn(node.value, found);
    }
    if (node.type === 'JSXElement' || node.type === 'JSXFragment')
      for (const child of node.children as Node[])
        if (child.type === 'JSXExpressionContainer') wordsIn(child, found);
    for (const child of children(node)) walk(child);
  };
  walk(program as unknown as Node);
  return found.map((n) => {
    const line = source.slice(0, n.start).split('\n').length;
    const text = source.slice(n.start, n.end as number).trim();
    return `${relative(ROOT, file)}:${line}: ${text.slice(0, 60)}`;
  });
}

describe('components say nothing in English of their own', () => {
  const files = SCANNED.flatMap((dir) => tsxFiles(resolve(ROOT, dir)));

  it('scans the components and pages', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('renders no words outside i18n.t', () => {
    expect(files.flatMap((f) => literalsOf(readFileSync(f, 'utf8'), f))).toEqual([]);
  });

  it('would catch text, a shown attribute and a word in a shown expression, and nothing else', () => {
    const sample = `
      export const A = ({ on, view }: { on: boolean; view: string }) => (
        <p title="Hello" class="big" aria-label={i18n.t('key.name')} data-x={view === 'page'}>
          Welcome {on ? 'Turn off' : i18n.t('popup.turnOn')} {\`\${1} items\`}
          {view === 'page' && <b>{i18n.t('x', { n: formatCount(2) })}</b>} · #{view}
        </p>
      );`;
    const found = literalsOf(sample, resolve(ROOT, 'sample.tsx')).map((l) => l.slice(l.indexOf(': ') + 2));
    expect(found.sort()).toEqual(['"Hello"', "'Turn off'", 'Welcome', '} items`'].sort());
  });
});
