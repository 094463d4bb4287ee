/**
 * Audit action names written by the directory domain (SCIM tokens, groups). User changes made over
 * SCIM are recorded by the identity domain with the token as the actor.
 */
export const DIRECTORY_EVENTS = {
  tokenCreated: "scim.token.create",
  tokenRotated: "scim.token.rotate",
  tokenRevoked: "scim.token.revoke",
  groupCreated: "group.create",
  groupUpdated: "group.update",
  groupDeleted: "group.delete",
  membersAdded: "group.members.add",
  membersRemoved: "group.members.remove",
} as const;
