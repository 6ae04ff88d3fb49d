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
      <summary>The story was edited since you saved this</summary>
      <div class="edited-compare">
        <figure>
          <figcaption>You saved</figcaption>
          <blockquote>{annotation.quote}</blockquote>
        </figure>
        <figure>
          <figcaption>The story now reads</figcaption>
          <blockquote>{annotation.pageQuote}</blockquote>
        </figure>
      </div>
    </details>
  );
}
