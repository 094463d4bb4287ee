import { describe, expect, it } from "vitest";
import { safeReturnPath, signInThenBackTo } from "./afterSignIn.ts";

describe("where a sign-in comes back to", () => {
  it("only a path of this site", () => {
    expect(safeReturnPath("/t/sakura/meet/abcDEF123_-abcDEF123_")).toBe(
      "/t/sakura/meet/abcDEF123_-abcDEF123_",
    );
    for (const bad of [
      null,
      "",
      "https://evil.example/",
      "//evil.example",
      "/\\evil",
      "javascript:x",
      "/a b",
    ])
      expect(safeReturnPath(bad)).toBeNull();
  });

  it("the sign-in link names the organisation and the page", () => {
    expect(signInThenBackTo("/t/sakura/meet/c", "sakura")).toBe(
      "/sign-in?tenant=sakura&next=%2Ft%2Fsakura%2Fmeet%2Fc",
    );
  });
});
