export interface ToastProps {
  message: string;
  onDismiss(): void;
}

/** A short message on the page, for errors the reader must know about (a highlight that was not saved). */
export function Toast({ message, onDismiss }: ToastProps) {
  return (
    <div class="toast" role="alert">
      <span>{message}</span>
      <button type="button" class="dismiss" aria-label="Dismiss" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
