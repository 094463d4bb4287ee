import type { ReactNode } from "react";
import { Button, Link, type ButtonProps } from "@fluentui/react-components";
import { linkClickHandler } from "../router.ts";

/** An in-app link: a real `<a href>` (open in new tab works) that navigates without a reload. */
export function RouterLink({
  href,
  children,
  current = false,
  className,
}: {
  href: string;
  children: ReactNode;
  /** Marks the link to the page being shown (`aria-current="page"`). */
  current?: boolean;
  className?: string;
}) {
  return (
    <Link
      href={href}
      onClick={linkClickHandler(href)}
      aria-current={current ? "page" : undefined}
      className={className}
    >
      {children}
    </Link>
  );
}

/** An in-app link that looks like a button (a primary next step such as "Go to sign-in"). */
export function RouterButtonLink({
  href,
  children,
  appearance = "primary",
  icon,
  label,
}: {
  href: string;
  children: ReactNode;
  appearance?: ButtonProps["appearance"];
  icon?: ButtonProps["icon"];
  /** The accessible name, where the visible words alone would not tell one link from another. */
  label?: string;
}) {
  return (
    <Button
      as="a"
      href={href}
      onClick={linkClickHandler(href)}
      appearance={appearance}
      icon={icon}
      aria-label={label}
    >
      {children}
    </Button>
  );
}
