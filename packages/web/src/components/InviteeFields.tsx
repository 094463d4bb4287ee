import { Field, Input } from "@fluentui/react-components";
import type { TFunction } from "i18next";
import { LIMITS } from "@engawa/shared";
import { checkEmail, checkRequired, validation } from "../forms.ts";

/** Someone about to be invited: an organisation's first owner, or a user an admin invites. */
export interface InviteeDraft {
  email: string;
  displayName: string;
}

/**
 * Checks on a new organisation's owner, keyed by the request's own paths (`owner.email`,
 * `owner.displayName`), as both forms that create an organisation name them.
 */
export function ownerProblems(
  t: TFunction,
  owner: InviteeDraft,
): { "owner.email"?: string; "owner.displayName"?: string } {
  return {
    "owner.email": checkEmail(t, owner.email),
    "owner.displayName": checkRequired(t, owner.displayName),
  };
}

/** The invitee as a request carries them (trimmed). */
export function trimmedInvitee(invitee: InviteeDraft): InviteeDraft {
  return { email: invitee.email.trim(), displayName: invitee.displayName.trim() };
}

/**
 * The e-mail address and display name of the person who will receive an invitation link (first-run
 * setup and "create organisation" for the owner, "invite user" for anyone else). The labels come
 * from the form, which also names them in its errors. Autocomplete is off: the details are someone
 * else's, not those of the person filling in the form.
 */
export function InviteeFields({
  invitee,
  onChange,
  labels,
  emailError,
  displayNameError,
}: {
  invitee: InviteeDraft;
  onChange: (invitee: InviteeDraft) => void;
  labels: { email: string; displayName: string };
  emailError: string | undefined;
  displayNameError: string | undefined;
}) {
  return (
    <>
      <Field label={labels.email} {...validation(emailError)}>
        <Input
          required
          type="email"
          autoComplete="off"
          maxLength={LIMITS.emailMax}
          value={invitee.email}
          onChange={(_e, data) => onChange({ ...invitee, email: data.value })}
        />
      </Field>
      <Field label={labels.displayName} {...validation(displayNameError)}>
        <Input
          required
          autoComplete="off"
          maxLength={LIMITS.displayNameMax}
          value={invitee.displayName}
          onChange={(_e, data) => onChange({ ...invitee, displayName: data.value })}
        />
      </Field>
    </>
  );
}
