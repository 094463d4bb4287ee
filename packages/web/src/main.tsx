import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, makeStaticStyles, webLightTheme } from "@fluentui/react-components";
import "./i18n/index.ts";
import { OperatorSessionProvider, UserSessionProvider } from "./api/session.tsx";
import { App } from "./App.tsx";
import { hasDeviceKey, startDeviceWorker } from "./device/registration.ts";

/** Page-wide basics Fluent does not set: no body margin, so the shells reach the edges. */
const useGlobalStyles = makeStaticStyles({
  body: { margin: 0 },
});

function Root() {
  useGlobalStyles();
  return (
    <FluentProvider theme={webLightTheme}>
      <UserSessionProvider>
        <OperatorSessionProvider>
          <App />
        </OperatorSessionProvider>
      </UserSessionProvider>
    </FluentProvider>
  );
}

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root");

/**
 * Entry point. Fluent's light theme; the two session providers sit above the router so that a
 * session survives moving between pages (and its CSRF token stays in memory only).
 */
async function start(root: HTMLElement): Promise<void> {
  // A registered device's pages wait for the device worker, so their first request is signed.
  if (await hasDeviceKey()) await startDeviceWorker().catch(() => false);
  createRoot(root).render(
    <StrictMode>
      <Root />
    </StrictMode>,
  );
}

void start(container);
