/**
 * W3C Web Annotation Data Model selectors (https://www.w3.org/TR/annotation-model/#selectors), as plain JSON:
 * they are stored, exported and re-imported, so they must survive JSON.parse(JSON.stringify(...)).
 */
export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
  /**
   * Gloss's own term: the context width describe chose, recorded only when the page's text ended within it on
   * both sides (the width of prefix and suffix otherwise says it, and carries marks anchoring reads).
   */
  'gloss:contextWidth'?: number;
  /**
   * Gloss's own term: how many times the quote stood on the page, the passage included, recorded only when a
   * copy would stand where the passage stood were the passage removed (TWINNED_TAKEOVER in anchoring.ts): with
   * fewer copies now, one was removed, and the page cannot tell whether it was the passage.
   */
  'gloss:copies'?: number;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

export interface CssSelector {
  type: 'CssSelector';
  value: string;
  refinedBy?: Selector;
}

export interface XPathSelector {
  type: 'XPathSelector';
  value: string;
  refinedBy?: Selector;
}

export interface RangeSelector {
  type: 'RangeSelector';
  startSelector: Selector;
  endSelector: Selector;
  refinedBy?: Selector;
}

export type Selector = TextQuoteSelector | TextPositionSelector | CssSelector | XPathSelector | RangeSelector;
