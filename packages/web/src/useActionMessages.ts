import { useState } from "react";

/**
 * The outcome of a list page's row actions (enable a user, issue a new link, rotate keys), shown
 * in the page's status and alert regions above the table. Each action clears the last outcome
 * first, so only the newest one is on screen and announced.
 */
export function useActionMessages() {
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  return {
    notice,
    failure,
    /** Runs an action from the page: the text it returns is the notice, an error the failure. */
    attempt: async (action: () => Promise<string | void>): Promise<void> => {
      setFailure(null);
      setNotice(null);
      try {
        const message = await action();
        if (message !== undefined) setNotice(message);
      } catch (error) {
        setFailure(error);
      }
    },
    /** Reports an action confirmed in a dialog (which shows its own errors) as done. */
    succeeded: (message: string): void => {
      setFailure(null);
      setNotice(message);
    },
  };
}
