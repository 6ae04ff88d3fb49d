/**
 * A CSS selector that finds a region element (the article, one comment) again after a reload.
 *
 * Ids are preferred because comment systems key their elements by comment id (`#comment-123`), which survives
 * re-ordering and re-rendering; otherwise a short path of tag:nth-of-type steps from the nearest ancestor with
 * a unique id (or from root). Whatever this returns is only a hint: anchoring still checks the text.
 */

const PLAIN_IDENT = /^-?[A-Za-z_][\w-]*$/;

function idSelector(id: string): string {
  if (PLAIN_IDENT.test(id)) return `#${id}`;
  return `[id="${id.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`;
}

/** Framework-generated ids (React's ":r1:", Ember's "ember123") change on every render. */
function looksGenerated(id: string): boolean {
  return /^:|^ember\d+$|^ext-gen|^yui_/.test(id) || /^[0-9a-f]{8}-[0-9a-f]{4}-/.test(id);
}

function uniqueById(root: Element, el: Element): string | null {
  const id = el.getAttribute('id');
  if (!id || looksGenerated(id)) return null;
  const sel = idSelector(id);
  try {
    const doc = root.ownerDocument;
    const matches = (doc ?? root).querySelectorAll(sel);
    return matches.length === 1 ? sel : null;
  } catch {
    return null;
  }
}

function nthOfType(el: Element): string {
  const tag = el.localName;
  let n = 1;
  for (let s = el.previousElementSibling; s; s = s.previousElementSibling) if (s.localName === tag) n++;
  return `${tag}:nth-of-type(${n})`;
}

/** Selector for `el` that `resolveCssPath(root, value)` turns back into `el`; null if `el` is not under root. */
export function cssPathFor(root: Element, el: Element): string | null {
  if (el === root) return ':scope';
  if (!root.contains(el)) return null;
  const steps: string[] = [];
  for (let cur: Element | null = el; cur && cur !== root; cur = cur.parentElement) {
    const byId = uniqueById(root, cur);
    if (byId) {
      steps.unshift(byId);
      return steps.join(' > ');
    }
    steps.unshift(nthOfType(cur));
  }
  return `:scope > ${steps.join(' > ')}`;
}

/** The element a stored CssSelector value names under root, or null when it is gone or the value is invalid. */
export function resolveCssPath(root: Element, value: string): Element | null {
  if (value === ':scope') return root;
  try {
    const found = root.querySelector(value);
    return found && root.contains(found) ? found : null;
  } catch {
    return null;
  }
}
