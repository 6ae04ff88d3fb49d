// @vitest-environment jsdom
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildTextIndex, isSpaceCode, normalizeText } from '../../annotator/text-index';

/**
 * The index's text and its map back to the DOM, for text nodes of any mix of letters, plain spaces, other
 * whitespace and zero-width characters (plain text goes in whole; the rest character by character).
 */
const piece = fc.constantFrom(
  'a',
  'Zo',
  '.',
  ' ',
  '  ',
  '\n',
  '\t',
  '\u00a0',
  '\u200b',
  '\u00ad',
  'é',
  '—',
  '\u3000',
);
const nodeText = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

function pageOf(texts: string[][]): HTMLElement {
  const root = document.createElement('div');
  for (const paragraph of texts) {
    const p = document.createElement('p');
    for (const t of paragraph) p.append(document.createTextNode(t));
    root.append(p);
  }
  return root;
}

describe('buildTextIndex', () => {
  it('maps every character of its text back to the character it stands for', () => {
    fc.assert(
      fc.property(fc.array(fc.array(nodeText, { maxLength: 4 }), { maxLength: 4 }), (texts) => {
        const index = buildTextIndex(pageOf(texts), { useComputedStyle: false });
        expect(index.text).toBe(normalizeText(index.text));
        for (let i = 0; i < index.text.length; i++) {
          const node = index.charNode[i] as number;
          if (node === -1) {
            expect(index.text[i]).toBe(' ');
            continue;
          }
          const original = (index.nodes[node] as Text).data.charCodeAt(index.charOffset[i] as number);
          if (index.text[i] === ' ') expect(isSpaceCode(original)).toBe(true);
          else expect(original).toBe(index.text.charCodeAt(i));
        }
        // Each paragraph's text, normalised on its own, appears in order.
        const expected = texts.map((p) => normalizeText(p.join(''))).filter((t) => t !== '');
        expect(index.text).toBe(expected.join(' '));
      }),
      { numRuns: 500 },
    );
  });
});
