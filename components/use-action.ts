import { useState } from 'preact/hooks';

/**
 * A reader's action on an extension page: busy while it runs (its buttons disabled), its failure shown as
 * the error, cleared when the next one starts.
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function run(action: () => Promise<void>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, run };
}
