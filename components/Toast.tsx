import { i18n } from '#i18n';

export interface ToastProps {
  message: string;
  /** Errors the reader must know about are red; confirmations with an action (Undo) are neutral. */
  tone?: 'error' | 'info';
  action?: { label: string; run(): void };
  onDismiss(): void;
}

/** A short message on the page: an error (a highlight that was not saved), or a deletion that can be undone. */
export function Toast({ message, tone = 'error', action, onDismiss }: ToastProps) {
  return (
    <div class={`toast ${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span>{message}</span>
      {action && (
        <button type="button" class="toast-action" onClick={action.run}>
          {action.label}
        </button>
      )}
      <button type="button" class="dismiss" aria-label={i18n.t('toast.dismiss')} onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
