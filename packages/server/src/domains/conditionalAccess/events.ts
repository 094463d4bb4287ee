/** Audit action names written by the conditional-access domain (besides the gateway's). */
export const CA_EVENTS = {
  policySaved: "conditional_access.policy.save",
  policyDeleted: "conditional_access.policy.delete",
  locationSaved: "conditional_access.location.save",
  locationDeleted: "conditional_access.location.delete",
  labelsSaved: "label.update",
  termsSaved: "conditional_access.terms.save",
  termsDeleted: "conditional_access.terms.delete",
  termsAccepted: "terms.accept",
} as const;
