/** Audit action names written by the devices domain (besides the gateway's). */
export const DEVICE_EVENTS = {
  registered: "device.register",
  sessionBound: "device.session.bind",
  removed: "device.remove",
  statusChanged: "device.manage.update",
  proofRefused: "device.proof.refused",
  enrolmentIssued: "device.enrol",
  linked: "device.link",
  postureReported: "device.posture.report",
  complianceRulesChanged: "device.manage.compliance_update",
} as const;
