import { useEffect, useState } from 'preact/hooks';
import type { Annotation } from '../../storage/annotation';
import { siteOf } from '../../storage/search/terms';
import { EditedPassage } from '../EditedPassage';
import type { LibraryApi } from './api';
import { AnnotationRow } from './rows';

/** One story's highlights, in page order, each opening the story at its passage. */
export function StoryView({
  api,
  url,
  generation,
  onBack,
}: {
  api: LibraryApi;
  url: string;
  generation: number;
  onBack(): void;
}) {
  const [annotations, setAnnotations] = useState<Annotation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    api
      .storyAnnotations(url)
      .then((list) => current && setAnnotations(list))
      .catch((e: unknown) => current && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      current = false;
    };
  }, [api, url, generation]);

  const title = annotations?.findLast((a) => a.pageTitle)?.pageTitle || url;
  return (
    <section class="story-view" aria-label={`Highlights of ${title}`}>
      <div class="actions">
        <button type="button" onClick={onBack}>
          Back to stories
        </button>
        <h2>{title}</h2>
        <span class="meta">{siteOf(url)}</span>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <ul class="story-list">
        {(annotations ?? []).map((a) => (
          <li key={a.id}>
            <AnnotationRow annotation={a} terms={[]} />
            <EditedPassage annotation={a} />
            <button type="button" class="link" onClick={() => void api.openAt(a.pageUrl, a.id)}>
              Open at this passage
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
