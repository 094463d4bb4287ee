import { useEffect, useRef, useState } from "react";

/**
 * After a failed submit, moves focus to the first field marked invalid (Fluent's Field sets
 * `aria-invalid` on its control), so keyboard and screen-reader users land on what to fix.
 * It runs after React has rendered the error state, which is why it is an effect.
 */
export function useFocusFirstInvalid<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [request, setRequest] = useState(0);
  useEffect(() => {
    if (request > 0) ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [request]);
  return { ref, focusFirstInvalid: () => setRequest((count) => count + 1) };
}
