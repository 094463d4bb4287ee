/**
 * The action catalogue: every HTTP route and every WebSocket message type performs exactly one
 * of these actions (or is declared public with a reason). The Cedar schema is generated from
 * this table, so a policy that names an unknown action, or applies an action to the wrong kind
 * of principal or resource, fails validation.
 */
/**
 * `ScimClient` is a tenant's provisioning client (an identity provider pushing users and groups
 * over SCIM 2.0, RFC 7644), authenticated by a tenant bearer token — not a person.
 */
/**
 * `MeetingGuest` is someone without an account who was let into one meeting from its lobby: their
 * credential (the knock's ticket, exchanged for a cookie) reaches that meeting's room and chat only.
 */
export type PrincipalKind = "User" | "Operator" | "LocalAdmin" | "ScimClient" | "MeetingGuest";
export type ResourceKind =
  | "Tenant"
  | "User"
  | "Operator"
  | "Deployment"
  | "Team"
  | "Channel"
  | "Message"
  | "File"
  | "Meeting";

/**
 * Action groups. `tenantContent` holds everything that reads or changes what belongs to a
 * tenant; a policy forbids it to operators outright (PRODUCT.md promise 3: provider access only
 * through a tenant-approved lockbox, which is a later feature). `provisioning` holds what a
 * tenant's SCIM client may do to the tenant's directory.
 */
export type ActionGroup =
  | "tenantContent"
  | "tenantAdmin"
  | "selfService"
  | "operatorConsole"
  | "localAdmin"
  | "secondFactorStep"
  | "passwordChangeStep"
  | "enrollmentStep"
  | "provisioning"
  | "stepUp";

/**
 * The step groups hold what an unfinished sign-in may do: after the password, only the second
 * factor (`secondFactorStep`); when the tenant requires MFA and the user has none, only enrolling
 * (`enrollmentStep`). A policy forbids every other action to such a session.
 */
export const SIGN_IN_STEP_GROUPS = [
  "secondFactorStep",
  "passwordChangeStep",
  "enrollmentStep",
] as const;

/**
 * `stepUp` holds the sensitive changes (admin changes and one's own security info): a policy
 * refuses them, with the error code `step_up_required`, when the session's last authentication
 * is older than the tenant's `stepUpMinutes` (NIST SP 800-63B §7.2 reauthentication; Entra ID
 * "sign-in frequency" for admin actions). Protective actions (signing someone out, revoking a
 * SCIM token) stay out of it so they are never slowed down in an emergency.
 */
export const STEP_UP_GROUP = "stepUp" as const;

export interface ActionSpec {
  principals: readonly PrincipalKind[];
  resource: ResourceKind;
  groups: readonly ActionGroup[];
  /** Context attributes the policies may read (all strings in this version). */
  context?: readonly string[];
  description: string;
}

export const ACTIONS = {
  "session.read": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService", "secondFactorStep", "passwordChangeStep", "enrollmentStep"],
    description: "Read one's own account and session",
  },
  "session.sign_out": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService", "secondFactorStep", "passwordChangeStep", "enrollmentStep"],
    description: "Sign out",
  },
  "session.list": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description: "See one's own signed-in browsers",
  },
  "session.revoke": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description: "Sign one's own other browsers out",
  },
  "device.register": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description:
      "Register this browser as one's device (its session is then bound to the device's key)",
  },
  "device.enrol": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description: "Get a one-time code to register a computer with engawa-agent",
  },
  "device.list_mine": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description: "See one's own registered devices",
  },
  "device.remove": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description: "Remove one of one's own devices (the sessions bound to it end)",
  },
  "device.manage.list": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "See the organisation's registered devices",
  },
  "device.manage.update": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Block a person's device (its sessions are refused) or allow it again",
  },
  "device.manage.compliance_read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "See the organisation's device compliance rules",
  },
  "device.manage.compliance_update": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Change the organisation's device compliance rules",
  },
  "meeting.create": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "Schedule a meeting (members of the organisation, not guests)",
  },
  "meeting.list": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "List the meetings one organises or is named in, coming and running",
  },
  "meeting.read": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "See a meeting one organises, was invited to or was admitted to",
  },
  "meeting.join": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description:
      "Join a meeting with its join code: straight in or to the lobby, as the lobby's rules decide",
  },
  "meeting.lobby.list": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "See who waits in a meeting's lobby (organisers and presenters)",
  },
  "meeting.lobby.admit": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "Let someone in from the lobby (organisers and presenters)",
  },
  "meeting.lobby.deny": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "Turn someone in the lobby away (organisers and presenters)",
  },
  "meeting.invite.download": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description:
      "Download a meeting's .ics invitation (a download: a view-only session may not take it away)",
  },
  "meeting.chat.read": {
    principals: ["User", "MeetingGuest"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description:
      "Read a meeting's chat (its people, during the meeting and after it; never who waits)",
  },
  "meeting.chat.post": {
    principals: ["User", "MeetingGuest"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "Write in a meeting's chat, with one's admitted join, while the meeting runs",
  },
  "meeting.update": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description:
      "Lock a meeting (nobody new gets in) or mute its attendees (organisers and co-organisers)",
  },
  "meeting.end": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "End a meeting for everyone (organisers and co-organisers)",
  },
  "meeting.role.update": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "Make someone a presenter or an attendee (organisers and co-organisers)",
  },
  "meeting.participant.remove": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description:
      "Remove someone from a meeting and keep them out of it (organisers and co-organisers)",
  },
  "meeting.participants.list": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "See who is in a meeting (its people, never those waiting in the lobby)",
  },
  "meeting.attendance.read": {
    principals: ["User"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "Read a meeting's attendance report: who joined and left when (organisers)",
  },
  "meeting.room.join": {
    principals: ["User", "MeetingGuest"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description:
      "Enter a meeting's media room once admitted: the other participants and media credentials",
  },
  "meeting.room.signal": {
    principals: ["User", "MeetingGuest"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description:
      "Send WebRTC signalling (offers, answers, ICE candidates) to another participant in the room",
  },
  "meeting.room.present": {
    principals: ["User", "MeetingGuest"],
    resource: "Meeting",
    groups: ["tenantContent"],
    context: ["presenting"],
    description:
      "Start (by the organisation's who-may-present rule for one's meeting role) or stop sharing one's screen in the room",
  },
  "meeting.room.leave": {
    principals: ["User", "MeetingGuest"],
    resource: "Meeting",
    groups: ["tenantContent"],
    description: "Leave a meeting's media room (one's own seat)",
  },
  "meeting_policy.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description:
      "See the organisation's meeting policy (lobby, anonymous joins, presenters): admins and members, not guests",
  },
  "meeting_policy.update": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Change the organisation's meeting policy",
  },
  "session.work_context.declare": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description:
      "Say where one is working (private room, shared space, public place) for the label × context matrix",
  },
  "session.step_up": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description: "Confirm it is still you (password, code or passkey) before a sensitive change",
  },
  "user.sessions.revoke": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantAdmin"],
    description: "Sign a user out everywhere",
  },
  "password.change": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService", "passwordChangeStep"],
    description: "Change one's own password",
  },
  "user.password.reset": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantAdmin", "stepUp"],
    description: "Give a user a temporary password that they must change at their next sign-in",
  },
  "mfa.verify": {
    principals: ["User"],
    resource: "User",
    groups: ["secondFactorStep"],
    description:
      "Finish signing in with a second factor (authenticator code, passkey, recovery code)",
  },
  "mfa.read": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService", "enrollmentStep"],
    description: "See one's own sign-in methods",
  },
  "mfa.enroll": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService", "enrollmentStep", "stepUp"],
    description: "Add an authenticator app or a passkey to one's own account",
  },
  "mfa.remove": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService", "stepUp"],
    description: "Remove one's own authenticator app or passkey",
  },
  "mfa.recovery_codes.regenerate": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService", "stepUp"],
    description: "Replace one's own recovery codes",
  },
  "mfa.notice.dismiss": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description: "Dismiss the notice that a recovery code was used",
  },
  "user.mfa.reset": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantAdmin", "stepUp"],
    description: "Remove a user's second factors (lost phone) so they enroll again",
  },
  "realtime.connect": {
    principals: ["User", "MeetingGuest"],
    resource: "Tenant",
    groups: ["selfService"],
    description: "Open the real-time connection",
  },
  "realtime.ping": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["selfService"],
    description: "Keep the real-time connection alive",
  },
  "realtime.unsubscribe": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["selfService"],
    description: "Stop a real-time subscription",
  },
  "user.list": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "List the tenant's users",
  },
  "user.invite": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    context: ["role"],
    description: "Invite a user into the tenant",
  },
  "user.invite.renew": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Issue a new invitation link for an invited user",
  },
  "user.guest.renew": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Extend a guest account by the organisation's guest period",
  },
  "user.role.change": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    context: ["role"],
    description: "Change a user's role",
  },
  "user.disable": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Disable a user and end their sessions",
  },
  "user.enable": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Re-enable a disabled user",
  },
  "team.list": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "List one's teams and the public teams one could join",
  },
  "team.create": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "Create a team (with its General channel)",
  },
  "team.read": {
    principals: ["User"],
    resource: "Team",
    groups: ["tenantContent"],
    description: "See a team and its members",
  },
  "team.join": {
    principals: ["User"],
    resource: "Team",
    groups: ["tenantContent"],
    description: "Join a public team",
  },
  "team.update": {
    principals: ["User"],
    resource: "Team",
    groups: ["tenantContent"],
    description: "Change a team's settings (whether guests may take part)",
  },
  "team.guest.invite": {
    principals: ["User"],
    resource: "Team",
    groups: ["tenantContent"],
    description: "Invite a guest into a team by a link (or add an existing guest)",
  },
  "team.member.add": {
    principals: ["User"],
    resource: "Team",
    groups: ["tenantContent"],
    description: "Add a person to a team, or change their team role",
  },
  "team.member.remove": {
    principals: ["User"],
    resource: "Team",
    groups: ["tenantContent"],
    context: ["self"],
    description: "Remove a person from a team (or leave it)",
  },
  "channel.list": {
    principals: ["User"],
    resource: "Team",
    groups: ["tenantContent"],
    description: "List a team's channels one can see",
  },
  "channel.create": {
    principals: ["User"],
    resource: "Team",
    groups: ["tenantContent"],
    description: "Create a standard or private channel in a team",
  },
  "channel.read": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "Read a channel's messages and follow it live",
  },
  "channel.message.post": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "Post a message or a thread reply in a channel",
  },
  "channel.mark_read": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "Move one's read marker in a channel",
  },
  "channel.member.add": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "Add a team member to a private channel",
  },
  "channel.member.remove": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    context: ["self"],
    description: "Remove a person from a private channel (or leave it)",
  },
  "message.edit": {
    principals: ["User"],
    resource: "Message",
    groups: ["tenantContent"],
    description: "Edit one's own message (the earlier text is kept)",
  },
  "message.react": {
    principals: ["User"],
    resource: "Message",
    groups: ["tenantContent"],
    description: "Add or take back one's reaction to a message",
  },
  "message.pin": {
    principals: ["User"],
    resource: "Message",
    groups: ["tenantContent"],
    description: "Pin a message to its channel, or unpin it",
  },
  "message.delete": {
    principals: ["User"],
    resource: "Message",
    groups: ["tenantContent"],
    description: "Delete a message (a tombstone stays)",
  },
  "file.list": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "List the files shared in a channel or chat",
  },
  "file.upload": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "Upload a file (or a new version of one) into a channel or chat",
  },
  "file.read": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "See a file's name, versions and thumbnail (decided on the file's channel)",
  },
  "file.download": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "Download a file's contents (decided on the file's channel)",
  },
  "file.delete": {
    principals: ["User"],
    resource: "File",
    groups: ["tenantContent"],
    description: "Delete a shared file with all its versions (who uploaded it, or a team owner)",
  },
  "chat.list": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "List one's 1:1 and group chats",
  },
  "chat.create": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "Start a 1:1 or group chat (guests: only with people of their teams)",
  },
  "chat.update": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "Name or rename a group chat (anyone in it)",
  },
  "people.search": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description:
      "Find people to chat with (guests: only people of their teams; never disabled people)",
  },
  "notification.list": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "Read one's Activity feed (mentions)",
  },
  "notification.mark_read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "Mark entries of one's Activity feed read",
  },
  "presence.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "Watch whether people one shares a team or chat with are online, away or offline",
  },
  "presence.set": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "Say whether one's client is in use or idle (online or away)",
  },
  "search.messages": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "Search the messages one may read",
  },
  "audit.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Read the tenant's audit log",
  },
  "audit.export": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Export the tenant's audit log",
  },
  "audit.checkpoint.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Download the latest signed audit checkpoint",
  },
  "tenant.settings.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Read the tenant's settings",
  },
  "tenant.settings.update": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Change the tenant's settings",
  },
  "sso.settings.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Read the tenant's single sign-on settings (never the client secret)",
  },
  "sso.settings.update": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Change the tenant's single sign-on settings",
  },
  "sso.connection.test": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Fetch an identity provider's discovery document to check the issuer",
  },
  "risk.own_signins.read": {
    principals: ["User"],
    resource: "User",
    groups: ["selfService"],
    description:
      "See one's own recent sign-ins: when, from which place and network, with which browser",
  },
  "risk.signins.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Read the tenant's sign-ins with their risk and detections",
  },
  "risk.users.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Read the tenant's risky users",
  },
  "risk.settings.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Read the risk detection levels, the built-in risk policies and the address lists",
  },
  "risk.settings.update": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description:
      "Change the risk detection levels, the built-in risk policies and the address lists",
  },
  "terms.required": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description:
      "Read the terms of use the organisation's policies ask the caller to accept (an account step: no app)",
  },
  "terms.accept": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "Accept a version of the organisation's terms of use",
  },
  "label.list": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent"],
    description: "See the organisation's sensitivity labels (to show them on teams)",
  },
  "label.update": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Define the organisation's sensitivity labels",
  },
  "team.label.set": {
    principals: ["User"],
    resource: "Team",
    groups: ["tenantContent"],
    description: "Put a sensitivity label on a team (or take it off)",
  },
  "channel.label.set": {
    principals: ["User"],
    resource: "Channel",
    groups: ["tenantContent"],
    description: "Put a sensitivity label on a team's channel (or take its own label off)",
  },
  "file.label.set": {
    principals: ["User"],
    resource: "File",
    groups: ["tenantContent"],
    description: "Put a sensitivity label on a shared file (or take its own label off)",
  },
  "conditional_access.read": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description:
      "Read the conditional-access policies, their report-only results and the named locations",
  },
  "conditional_access.update": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Create, change or delete conditional-access policies and named locations",
  },
  "conditional_access.what_if": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Ask which conditional-access policies would apply to an imagined sign-in",
  },
  "risk.user.dismiss": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Dismiss a user's risk (the detections were not an attack)",
  },
  "risk.user.confirm_compromised": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Confirm a user compromised: their sessions end and their risk becomes high",
  },
  "risk.user.report_leaked": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Report that a user's credentials were leaked (leaked credentials, high)",
  },
  "user.break_glass.set": {
    principals: ["User"],
    resource: "User",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Flag a user as break-glass (keeps password sign-in when SSO is required)",
  },
  "group.list": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description:
      "List the tenant's groups (provisioned over SCIM), for conditional-access assignments",
  },
  "scim.token.list": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "List the tenant's SCIM provisioning tokens (names and dates, never the secret)",
  },
  "scim.token.create": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Create a SCIM provisioning token (shown once)",
  },
  "scim.token.rotate": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin", "stepUp"],
    description: "Replace a SCIM token's secret; the old secret stops working at once",
  },
  "scim.token.revoke": {
    principals: ["User"],
    resource: "Tenant",
    groups: ["tenantContent", "tenantAdmin"],
    description: "Revoke a SCIM provisioning token",
  },
  "scim.discovery.read": {
    principals: ["ScimClient"],
    resource: "Tenant",
    groups: ["provisioning"],
    description: "Read SCIM service provider configuration, resource types and schemas",
  },
  "scim.users.read": {
    principals: ["ScimClient"],
    resource: "Tenant",
    groups: ["tenantContent", "provisioning"],
    description: "Read and search the tenant's users over SCIM",
  },
  "scim.users.write": {
    principals: ["ScimClient"],
    resource: "Tenant",
    groups: ["tenantContent", "provisioning"],
    description: "Create, change, deactivate and delete the tenant's users over SCIM",
  },
  "scim.groups.read": {
    principals: ["ScimClient"],
    resource: "Tenant",
    groups: ["tenantContent", "provisioning"],
    description: "Read and search the tenant's groups over SCIM",
  },
  "scim.groups.write": {
    principals: ["ScimClient"],
    resource: "Tenant",
    groups: ["tenantContent", "provisioning"],
    description: "Create, change and delete the tenant's groups and memberships over SCIM",
  },
  "operator.session.read": {
    principals: ["Operator"],
    resource: "Operator",
    groups: ["operatorConsole"],
    description: "Read one's own operator account",
  },
  "operator.session.sign_out": {
    principals: ["Operator"],
    resource: "Operator",
    groups: ["operatorConsole"],
    description: "Sign out of the operator console",
  },
  "tenant.list": {
    principals: ["Operator"],
    resource: "Deployment",
    groups: ["operatorConsole"],
    description: "List the deployment's tenants (names and status only)",
  },
  "tenant.create": {
    principals: ["Operator"],
    resource: "Deployment",
    groups: ["operatorConsole"],
    description: "Create a tenant and its owner's invitation",
  },
  "tenant.owner_invite.renew": {
    principals: ["Operator"],
    resource: "Tenant",
    groups: ["operatorConsole"],
    description: "Issue a new invitation link for a tenant's owner who has not accepted yet",
  },
  "tenant.keys.rotate": {
    principals: ["Operator"],
    resource: "Tenant",
    groups: ["operatorConsole"],
    description: "Rotate a tenant's key-encryption key",
  },
  "cli.status": {
    principals: ["LocalAdmin"],
    resource: "Deployment",
    groups: ["localAdmin"],
    description: "Ask the running server for its state (CLI)",
  },
  "cli.tenant.create": {
    principals: ["LocalAdmin"],
    resource: "Deployment",
    groups: ["localAdmin"],
    description: "Create a tenant (CLI)",
  },
  "cli.audit.verify": {
    principals: ["LocalAdmin"],
    resource: "Deployment",
    groups: ["localAdmin"],
    description: "Verify the audit chains (CLI)",
  },
  "cli.audit.checkpoint": {
    principals: ["LocalAdmin"],
    resource: "Deployment",
    groups: ["localAdmin"],
    description: "Sign and print an audit checkpoint (CLI)",
  },
  "cli.keys.rotate": {
    principals: ["LocalAdmin"],
    resource: "Deployment",
    groups: ["localAdmin"],
    description: "Rotate key-encryption keys (CLI)",
  },
  "cli.risk_lists.import": {
    principals: ["LocalAdmin"],
    resource: "Deployment",
    groups: ["localAdmin"],
    description: "Replace a shipped risk address list for the whole deployment (CLI)",
  },
  "cli.risk_lists.read": {
    principals: ["LocalAdmin"],
    resource: "Deployment",
    groups: ["localAdmin"],
    description: "Count the entries of the risk address lists (CLI)",
  },
} as const satisfies Record<string, ActionSpec>;

export type ActionName = keyof typeof ACTIONS;

export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

export function isActionName(value: string): value is ActionName {
  return Object.hasOwn(ACTIONS, value);
}
