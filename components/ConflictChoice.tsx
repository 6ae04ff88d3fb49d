import { i18n } from '#i18n';
import type { HighlightColor } from '../storage/annotation';
import { formatTime } from './format';
import { PALETTE } from './palette';

/** A version of a note: what is stored, or what the reader has in front of them. */
export interface NoteVersion {
  note: string;
  color: HighlightColor;
  tags: string[];
}

export interface StoredVersion extends NoteVersion {
  updatedAt: number;
}

function Version({ title, version, when }: { title: string; version: NoteVersion; when?: number }) {
  return (
    <section class="version" aria-label={title}>
      <h3>
        <span class="swatch" style={{ background: PALETTE[version.color]?.background }} aria-hidden="true" />
        {title}
        {when !== undefined && <time dateTime={new Date(when).toISOString()}>{formatTime(when)}</time>}
      </h3>
      <p class="version-note">{version.note || <em>{i18n.t('conflict.noNote')}</em>}</p>
      {version.tags.length > 0 && <p class="version-tags">{version.tags.map((t) => `#${t}`).join(' ')}</p>}
    </section>
  );
}

/**
 * The note changed elsewhere (another window, the popup) while the reader edited it: nothing is overwritten
 * silently. Both versions are shown; the reader keeps theirs, or takes the stored one and goes on editing.
 */
export function ConflictChoice(props: {
  mine: NoteVersion;
  stored: StoredVersion;
  busy: boolean;
  error: string | null;
  onKeepMine(): void;
  onUseStored(): void;
}) {
  return (
    <div class="conflict" role="alertdialog" aria-label={i18n.t('conflict.label')}>
      <p class="conflict-lead">{i18n.t('conflict.lead')}</p>
      <div class="versions">
        <Version
          title={i18n.t('conflict.savedElsewhere')}
          version={props.stored}
          when={props.stored.updatedAt}
        />
        <Version title={i18n.t('conflict.yours')} version={props.mine} />
      </div>
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <div class="actions">
        <span class="spacer" />
        <button type="button" disabled={props.busy} onClick={props.onUseStored}>
          {i18n.t('conflict.useSaved')}
        </button>
        <button type="button" class="primary" disabled={props.busy} onClick={props.onKeepMine}>
          {i18n.t('conflict.keepMine')}
        </button>
      </div>
    </div>
  );
}
