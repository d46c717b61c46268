import { useSearchParams } from 'react-router';

/**
 * A list page's filters, kept in the URL so a view can be bookmarked, shared and reloaded. Setting a
 * value replaces the history entry: every keystroke of a filter is not a page to go back to.
 */
export function useUrlParams() {
  const [params, setParams] = useSearchParams();
  const set = (key: string, value: string | string[] | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        next.delete(key);
        for (const v of Array.isArray(value) ? value : value ? [value] : []) next.append(key, v);
        return next;
      },
      { replace: true },
    );
  return { params, set };
}
