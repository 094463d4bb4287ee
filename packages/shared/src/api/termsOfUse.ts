import { Type, type Static } from "typebox";
import { Slug, Uuid } from "./common.ts";

/**
 * Terms of use (Entra ID's "require terms of use" grant control): an organisation's text that a
 * policy can ask people to accept before they use its apps. Changing the text makes a new version,
 * which everyone asked for it accepts again; who accepted which version, and when, is in the audit
 * log.
 */
export const TERMS_LIMITS = { nameMax: 100, textMax: 20_000 } as const;

export const TermsOfUseInput = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: TERMS_LIMITS.nameMax,
      pattern: "^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$",
    }),
    /** Plain text, shown as written (paragraphs kept); no markup. */
    text: Type.String({ minLength: 1, maxLength: TERMS_LIMITS.textMax, pattern: "\\S" }),
  },
  { additionalProperties: false },
);
export type TermsOfUseInput = Static<typeof TermsOfUseInput>;

export const TermsOfUse = Type.Intersect([
  TermsOfUseInput,
  Type.Object({
    id: Uuid,
    /** 1 when written, one more at each change of the text. */
    version: Type.Integer({ minimum: 1 }),
    updatedAt: Type.String(),
  }),
]);
export type TermsOfUse = Static<typeof TermsOfUse>;

export const TermsOfUseResponse = Type.Object({ terms: TermsOfUse });
export type TermsOfUseResponse = Static<typeof TermsOfUseResponse>;
export const TermsOfUseListResponse = Type.Object({ terms: Type.Array(TermsOfUse) });
export type TermsOfUseListResponse = Static<typeof TermsOfUseListResponse>;
export const TermsOfUseParams = Type.Object(
  { tenant: Slug, termsId: Uuid },
  { additionalProperties: false },
);
export type TermsOfUseParams = Static<typeof TermsOfUseParams>;

/** Accepting names the version read, so a text changed meanwhile is not accepted unread. */
export const AcceptTermsRequest = Type.Object(
  { version: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
);
export type AcceptTermsRequest = Static<typeof AcceptTermsRequest>;
