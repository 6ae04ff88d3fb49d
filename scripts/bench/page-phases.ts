/**
 * The benchmark's three phases, each alternating between the browsers it compares:
 *
 * - load: every page, no highlights saved, in the browser without an extension, the control and Gloss, the
 *   order rotated from page to page and run to run;
 * - restore: every page with K highlights saved (each K its own address), Gloss's loads traced for the content
 *   script's start, between them the control's load of the same kind of address (the page probe then runs its
 *   frame loop in both; the control's loads do not depend on K);
 * - actions: a selection and a highlight on the long story, in all three browsers in turn.
 */

import { type ActionCost, measureActions } from './page-actions';
import type { BenchBrowser } from './page-browsers';
import { type LoadResult, measuredLoad } from './page-load';
import type { Seeded } from './page-seed';
import { LONG_ID } from './page-server';
import { rotated } from './page-stats';

export interface Browsers {
  plain: BenchBrowser;
  control: BenchBrowser;
  gloss: BenchBrowser;
}

export type Kind = keyof Browsers;
export const KINDS: Kind[] = ['plain', 'control', 'gloss'];

export type ByKind<T> = Record<Kind, T>;

export type Progress = (line: string) => void;

export async function loadPhase(
  browsers: Browsers,
  pages: string[],
  url: (id: string, variant: string) => string,
  runs: number,
  progress: Progress,
): Promise<Map<string, ByKind<LoadResult[]>>> {
  const out = new Map(pages.map((id) => [id, { plain: [], control: [], gloss: [] } as ByKind<LoadResult[]>]));
  for (let run = 0; run < runs; run++) {
    for (const [pi, id] of pages.entries()) {
      for (const kind of rotated(KINDS, run + pi)) {
        out.get(id)?.[kind].push(await measuredLoad(browsers[kind], url(id, 'load')));
      }
    }
    progress(`load: run ${run + 1}/${runs} done`);
  }
  return out;
}

export interface RestoreLoads {
  /** Gloss's loads per K. */
  gloss: Map<number, LoadResult[]>;
  control: LoadResult[];
}

export async function restorePhase(
  browsers: Browsers,
  seeded: Seeded[],
  url: (id: string, variant: string) => string,
  runs: number,
  progress: Progress,
): Promise<Map<string, RestoreLoads>> {
  const usable = seeded.filter((s) => s.problem === null && s.made > 0);
  const pages = [...new Set(usable.map((s) => s.id))];
  const out = new Map<string, RestoreLoads>(pages.map((id) => [id, { gloss: new Map(), control: [] }]));
  for (let run = 0; run < runs; run++) {
    for (const id of pages) {
      const loads = out.get(id) as RestoreLoads;
      const ks = usable.filter((s) => s.id === id).map((s) => s.k);
      // The control between Gloss's loads, at the first K's address (nothing is saved there for it).
      const steps: (number | 'control')[] = [...ks];
      steps.splice(run % (ks.length + 1), 0, 'control');
      for (const step of steps) {
        if (step === 'control') {
          loads.control.push(await measuredLoad(browsers.control, url(id, `h${ks[0]}`), true));
          continue;
        }
        const list = loads.gloss.get(step) ?? [];
        list.push(await measuredLoad(browsers.gloss, url(id, `h${step}`), true));
        loads.gloss.set(step, list);
      }
    }
    progress(`restore: run ${run + 1}/${runs} done`);
  }
  return out;
}

export async function actionPhase(
  browsers: Browsers,
  url: (id: string, variant: string) => string,
  runs: number,
  progress: Progress,
): Promise<ByKind<ActionCost[]>> {
  const out: ByKind<ActionCost[]> = { plain: [], control: [], gloss: [] };
  for (let run = 0; run < runs; run++) {
    for (const kind of rotated(KINDS, run))
      out[kind].push(await measureActions(browsers[kind], url(LONG_ID, 'act'), run));
    progress(`actions: run ${run + 1}/${runs} done`);
  }
  return out;
}
