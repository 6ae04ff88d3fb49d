import { i18n } from '#i18n';
import type { Annotation } from '../storage/annotation';

/**
 * The passage as saved beside how the story reads now, for a highlight whose story was edited after the
 * reader saved it (Annotation.pageQuote): news stories change after publication, and a quote should not
 * silently stand for words the story no longer says.
 */
export function EditedPassage({ annotation }: { annotation: Annotation }) {
  if (annotation.pageQuote === undefined) return null;
  return (
    <details class="edited">
      <summary>{i18n.t('edited.summary')}</summary>
      <div class="edited-compare">
        <figure>
          <figcaption>{i18n.t('edited.saved')}</figcaption>
          <blockquote>{annotation.quote}</blockquote>
        </figure>
        <figure>
          <figcaption>{i18n.t('edited.now')}</figcaption>
          <blockquote>{annotation.pageQuote}</blockquote>
        </figure>
      </div>
    </details>
  );
}
