import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { type Annotation, isPageNote } from '../storage/annotation';
import { citation } from '../storage/citation';
import { copyCitation } from './clipboard';

/** How long the button says "Copied" before it reads "Copy" again. */
const CONFIRM_MS = 2_000;

/** Copies the quote with its source and a link that opens the story at the passage. */
export function CopyQuote({ annotation }: { annotation: Annotation }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <button
      type="button"
      class="link"
      title={isPageNote(annotation) ? i18n.t('copy.pageNoteHint') : i18n.t('copy.quoteHint')}
      aria-label={i18n.t('copy.label', {
        text: (isPageNote(annotation) ? annotation.note : annotation.quote).slice(0, 40),
      })}
      onClick={() =>
        copyCitation(citation(annotation)).then(
          () => setState('copied'),
          () => setState('failed'),
        )
      }
    >
      {state === 'copied'
        ? i18n.t('copy.copied')
        : state === 'failed'
          ? i18n.t('copy.failed')
          : i18n.t('copy.copy')}
    </button>
  );
}
