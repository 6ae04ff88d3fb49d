// @vitest-environment jsdom
// patches/jsdom+29.1.1.patch replaces jsdom's tree-order test (used by every Range boundary
// comparison) with one that reads the ancestor chains. These cases pin the DOM-spec behaviour the
// anchoring and highlighting code rely on, so a wrong patch fails here rather than in a benchmark.
import { expect, it } from 'vitest';

function page(): { a: Text; b: Text; em: Element; inner: Text; p2: Element } {
  document.body.innerHTML = '<p id="p1">alpha <em>inner</em> beta</p><p id="p2">gamma</p>';
  const p1 = document.getElementById('p1') as Element;
  const p2 = document.getElementById('p2') as Element;
  const em = p1.querySelector('em') as Element;
  return {
    a: p1.firstChild as Text,
    inner: em.firstChild as Text,
    b: p1.lastChild as Text,
    em,
    p2,
  };
}

it('keeps a range whose end lies in a later, unrelated subtree', () => {
  const { a, p2 } = page();
  const range = document.createRange();
  range.setStart(a, 2);
  range.setEnd(p2.firstChild as Text, 3);
  expect(range.collapsed).toBe(false);
  expect(range.toString()).toBe('pha inner betagam');
});

it('collapses onto the new start when the start is set after the end', () => {
  const { a, b } = page();
  const range = document.createRange();
  range.setStart(a, 0);
  range.setEnd(a, 3);
  range.setStart(b, 1);
  expect(range.collapsed).toBe(true);
  expect(range.endContainer).toBe(b);
  expect(range.endOffset).toBe(1);
});

it('collapses onto the new end when the end is set before the start', () => {
  const { a, b } = page();
  const range = document.createRange();
  range.setStart(b, 2);
  range.setEnd(a, 1);
  expect(range.collapsed).toBe(true);
  expect(range.startContainer).toBe(a);
});

it('orders an element boundary against a text node inside or beside it', () => {
  const { a, inner, em } = page();
  const p1 = em.parentNode as Element;
  const range = document.createRange();
  // (p1, 2) is just after <em>: a text node inside <em> comes before it.
  range.setStart(inner, 1);
  range.setEnd(p1, 2);
  expect(range.toString()).toBe('nner');
  // (p1, 1) is just before <em>: the text inside <em> comes after it.
  range.setEnd(p1, 1);
  expect(range.collapsed).toBe(true);
  range.setStart(a, 0);
  range.setEnd(em, 0);
  expect(range.toString()).toBe('alpha ');
});

it('compares boundary points across subtrees both ways', () => {
  const { a, p2 } = page();
  const early = document.createRange();
  early.setStart(a, 0);
  const late = document.createRange();
  late.setStart(p2, 0);
  expect(early.compareBoundaryPoints(Range.START_TO_START, late)).toBe(-1);
  expect(late.compareBoundaryPoints(Range.START_TO_START, early)).toBe(1);
  expect(late.comparePoint(a, 0)).toBe(-1);
  expect(early.isPointInRange(p2, 0)).toBe(false);
});
