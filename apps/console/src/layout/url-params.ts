import { useSearchParams } from 'react-router';

type Value = string | string[] | null;

/**
 * A list page's filters, kept in the URL so a view can be bookmarked, shared and reloaded. Setting a
 * value replaces the history entry: every keystroke of a filter is not a page to go back to.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  // Several keys change in one navigation: React Router does not queue two updates made at once.
  const setAll = (changes: Record<string, Value>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [key, value] of Object.entries(changes)) {
          next.delete(key);
          for (const v of Array.isArray(value) ? value : value ? [value] : []) next.append(key, v);
        }
        return next;
      },
      { replace: true },
    );
  const set = (key: string, value: Value) => setAll({ [key]: value });
  return { params, set, setAll };
}
