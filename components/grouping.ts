import { i18n } from '#i18n';
import { type Annotation, isPageNote } from '../storage/annotation';

export interface AnnotationGroup {
  key: string;
  title: string;
  annotations: Annotation[];
}

/**
 * Groups a page's annotations the way a reader thinks of a news page: the story, then each commenter's
 * comments (in the order they were first highlighted), then the rest of the page, then what could no longer
 * be found. Empty groups are left out, and so are page notes, which are about the whole story.
 */
export function groupByRegion(annotations: Annotation[]): AnnotationGroup[] {
  const article: Annotation[] = [];
  const comments = new Map<string, Annotation[]>();
  const elsewhere: Annotation[] = [];
  const orphaned: Annotation[] = [];
  for (const a of annotations) {
    if (isPageNote(a)) continue; // Shown on its own, above the highlights (components/PageNote.tsx).
    if (!a.anchored) orphaned.push(a);
    else if (a.region.kind === 'article') article.push(a);
    else if (a.region.kind === 'comment') {
      const author = a.region.author?.trim() || i18n.t('region.unknownCommenter');
      const list = comments.get(author) ?? [];
      list.push(a);
      comments.set(author, list);
    } else elsewhere.push(a);
  }
  const groups: AnnotationGroup[] = [];
  if (article.length) groups.push({ key: 'article', title: i18n.t('region.article'), annotations: article });
  for (const [author, list] of comments) {
    groups.push({
      key: `comment:${author}`,
      title: i18n.t('region.commentsBy', { author }),
      annotations: list,
    });
  }
  if (elsewhere.length)
    groups.push({ key: 'page', title: i18n.t('region.elsewhere'), annotations: elsewhere });
  if (orphaned.length)
    groups.push({ key: 'orphaned', title: i18n.t('region.orphaned'), annotations: orphaned });
  return groups;
}
