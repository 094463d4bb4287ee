import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { FluentProvider, webLightTheme } from "@fluentui/react-components";
import "./i18n/index.ts";
import { OperatorSessionProvider, UserSessionProvider } from "./api/session.tsx";
import { App } from "./App.tsx";

const container = document.getElementById("root");
if (!container) throw new Error("index.html has no #root");

/**
 * Entry point. Fluent's light theme; the two session providers sit above the router so that a
 * session survives moving between pages (and its CSRF token stays in memory only).
 */
createRoot(container).render(
  <StrictMode>
    <FluentProvider theme={webLightTheme}>
      <UserSessionProvider>
        <OperatorSessionProvider>
          <App />
        </OperatorSessionProvider>
      </UserSessionProvider>
    </FluentProvider>
  </StrictMode>,
);
