import { Type, type Static } from "typebox";
import { Uuid } from "./common.ts";

/** How many people one search answers at most (a picker shows a handful, never the directory). */
export const PEOPLE_SEARCH_MAX = 20;

/**
 * Find people to chat with: part of a name or e-mail address (case and width folded, spaces in a
 * name ignored), at least one visible character, no control characters.
 */
export const PeopleQuery = Type.Object(
  {
    query: Type.String({
      minLength: 1,
      maxLength: 100,
      pattern: "^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$",
    }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: PEOPLE_SEARCH_MAX })),
  },
  { additionalProperties: false },
);
export type PeopleQuery = Static<typeof PeopleQuery>;

/** Someone one may start a chat with: their name and address, nothing about their role. */
export const Person = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  email: Type.String(),
  /** A guest of the organisation (shown as such, like Teams' "(Guest)"). */
  guest: Type.Boolean(),
});
export type Person = Static<typeof Person>;

export const PeopleResponse = Type.Object({ people: Type.Array(Person) });
export type PeopleResponse = Static<typeof PeopleResponse>;
