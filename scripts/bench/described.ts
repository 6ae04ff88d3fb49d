import { describe } from '../../annotator/anchoring';
import type { Selector } from '../../annotator/selectors';
import { type Annotation, nodeAt, trackerFor } from './anchoring-scenarios';
import { type PeerSelectors, peerDescribe } from './hypothesis-peer';

export interface Described {
  a: Annotation;
  gloss: Selector[];
  peer: PeerSelectors;
  quote: string;
}

/** Each annotation's selectors, Gloss's (in its region when it has one) and the peer's, on the unchanged page. */
export function describeAll(pristine: Element, annotations: Annotation[]): Described[] {
  return annotations.map((a) => {
    const range = trackerFor(pristine, a).range();
    const scope = a.scopePath ? (nodeAt(pristine, a.scopePath) as Element) : null;
    return {
      a,
      gloss: describe(pristine, range, { scope }) as Selector[],
      peer: peerDescribe(pristine, range) as PeerSelectors,
      quote: range.toString(),
    };
  });
}
