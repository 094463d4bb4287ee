import {
  AgentEnrolmentResponse,
  AgentLinkRequest,
  AgentRegisterRequest,
  AgentRegisterResponse,
  AgentReportRequest,
  AgentReportResponse,
  ComplianceRulesResponse,
  DeviceComplianceRules,
  DEVICE_PROOF_HEADER,
  DeviceListResponse,
  DeviceParams,
  DeviceResponse,
  Ok,
  RegisterDeviceRequest,
  TenantDeviceParams,
  TenantSlugParams,
  UpdateDeviceRequest,
} from "@engawa/shared";
import type { FastifyRequest } from "fastify";
import { defineRoute } from "../../gateway/defineRoute.ts";
import { ownUser, tenantBySlug } from "../../gateway/resources.ts";
import { currentRequest } from "../../platform/context.ts";
import { AppError } from "../../platform/errors.ts";
import { scopeFor } from "../../platform/scope.ts";
import { ofKind, type Principal } from "../identity/index.ts";
import type { ProvenRequest } from "./service.ts";

/** The proof a request carries, and what it must be about. */
export function provenRequest(request: FastifyRequest): ProvenRequest {
  const header = request.headers[DEVICE_PROOF_HEADER];
  return {
    htm: request.method,
    htu: request.url,
    proof: typeof header === "string" ? header : undefined,
  };
}

const currentDeviceOf = (principal: Principal) =>
  principal.kind === "user" ? principal.session.deviceId : null;

/**
 * Devices: a person registers this browser (its key signs the request) and sees and removes their
 * own; administrators see the organisation's and block one.
 */
export const devicesRoutes = [
  defineRoute({
    method: "GET",
    url: "/api/me/devices",
    summary: "Your registered devices",
    action: "device.list_mine",
    schema: { response: DeviceListResponse },
    resource: ownUser,
    handler: async (ctx) => ({
      devices: await ctx.services.devices.listMine(ofKind(ctx.principal, "user")),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/devices",
    summary:
      "Register this browser as your device: the request is signed with the key it registers (x-engawa-device-proof), and this session is bound to it",
    action: "device.register",
    status: 201,
    schema: { body: RegisterDeviceRequest, response: DeviceResponse },
    resource: ownUser,
    handler: async (ctx) => ({
      device: await ctx.services.devices.register(
        ofKind(ctx.principal, "user"),
        ctx.body,
        provenRequest(ctx.request),
        currentRequest(),
      ),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/devices/enrolments",
    summary: "A one-time code (ten minutes) to register a computer with `engawa-agent register`",
    action: "device.enrol",
    status: 201,
    schema: { response: AgentEnrolmentResponse },
    resource: ownUser,
    handler: async (ctx) =>
      ctx.services.devices.agents.enrol(ofKind(ctx.principal, "user"), currentRequest()),
  }),
  defineRoute({
    method: "POST",
    url: "/api/me/devices/:deviceId/link-codes",
    summary:
      "A one-time code (ten minutes) for `engawa-agent link`, which links this registered browser to the computer it runs on",
    action: "device.enrol",
    status: 201,
    schema: { params: DeviceParams, response: AgentEnrolmentResponse },
    resource: ownUser,
    handler: async (ctx) =>
      ctx.services.devices.agents.enrol(
        ofKind(ctx.principal, "user"),
        currentRequest(),
        ctx.params.deviceId,
      ),
  }),
  defineRoute({
    method: "POST",
    url: "/api/agent/links",
    summary:
      "engawa-agent links a browser (by the link code it was given) to the computer: a JWS signed with the computer's device key",
    public:
      "the agent has no session: the signature of a registered computer's key and a link code its owner asked for are its credentials (checked by the devices domain, audited)",
    schema: { body: AgentLinkRequest, response: AgentRegisterResponse },
    handler: async (ctx) => ({
      device: await ctx.services.devices.agents.link(ctx.body.token, currentRequest()),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/agent/devices",
    summary:
      "engawa-agent registers a machine: a JWS carrying the one-time code, signed by the new key (in its header)",
    public:
      "the agent has no session: the one-time code a signed-in person asked for, and the signature of the key it registers, are its credentials (checked by the devices domain, audited)",
    status: 201,
    schema: { body: AgentRegisterRequest, response: AgentRegisterResponse },
    handler: async (ctx) => ({
      device: await ctx.services.devices.agents.register(ctx.body.token, currentRequest()),
    }),
  }),
  defineRoute({
    method: "POST",
    url: "/api/agent/posture",
    summary:
      "engawa-agent reports the machine's posture: a JWS signed with the device's key (fresh, single-use); answers its compliance",
    public:
      "the report is signed with a registered device's key, which is its credential (checked by the devices domain, refusals audited)",
    schema: { body: AgentReportRequest, response: AgentReportResponse },
    handler: async (ctx) => ({
      compliance: await ctx.services.devices.agents.report(ctx.body.report, currentRequest()),
    }),
  }),
  defineRoute({
    method: "DELETE",
    url: "/api/me/devices/:deviceId",
    summary: "Remove one of your devices (the sessions bound to it end)",
    action: "device.remove",
    schema: { params: DeviceParams, response: Ok },
    resource: ownUser,
    handler: async (ctx) => {
      await ctx.services.devices.remove(
        ofKind(ctx.principal, "user"),
        ctx.params.deviceId,
        currentRequest(),
      );
      return { ok: true as const };
    },
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/devices",
    summary: "The organisation's registered devices",
    action: "device.manage.list",
    schema: { params: TenantSlugParams, response: DeviceListResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      devices: await ctx.services.devices.listAll(ctx.scope, currentDeviceOf(ctx.principal)),
    }),
  }),
  defineRoute({
    method: "GET",
    url: "/api/t/:tenant/device-compliance",
    summary: "The organisation's device compliance rules",
    action: "device.manage.compliance_read",
    schema: { params: TenantSlugParams, response: ComplianceRulesResponse },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({ rules: await ctx.services.devices.agents.rules(ctx.scope) }),
  }),
  defineRoute({
    method: "PUT",
    url: "/api/t/:tenant/device-compliance",
    summary: "Set the organisation's device compliance rules",
    action: "device.manage.compliance_update",
    schema: {
      params: TenantSlugParams,
      body: DeviceComplianceRules,
      response: ComplianceRulesResponse,
    },
    resource: (parts) => tenantBySlug(parts, parts.params.tenant),
    handler: async (ctx) => ({
      rules: await ctx.services.devices.agents.setRules(ctx.scope, ctx.body, currentRequest()),
    }),
  }),
  defineRoute({
    method: "PATCH",
    url: "/api/t/:tenant/devices/:deviceId",
    summary: "Block a device (its sessions end and are refused) or allow it again",
    action: "device.manage.update",
    schema: { params: TenantDeviceParams, body: UpdateDeviceRequest, response: DeviceResponse },
    // Decided on the device's owner, like the other changes an administrator makes to a person.
    resource: async (parts) => {
      const tenant = await tenantBySlug(parts, parts.params.tenant);
      const scope = scopeFor(parts.scope.actor, tenant.value.id);
      const ownerId =
        parts.principal.kind === "user"
          ? await parts.services.devices.ownerOf(scope, parts.params.deviceId)
          : null;
      if (parts.principal.kind === "user" && !ownerId)
        throw new AppError("not_found", "Not found.");
      const owner = ownerId ? await parts.services.identity.store.user(scope, ownerId) : null;
      return {
        target: {
          kind: "User",
          id: owner?.id ?? `device:${parts.params.deviceId}`,
          tenantId: tenant.value.id,
          role: owner?.role ?? "unknown",
        },
        value: null,
        tenantId: tenant.value.id,
      };
    },
    handler: async (ctx) => ({
      device: await ctx.services.devices.setStatus(
        ctx.scope,
        ctx.params.deviceId,
        ctx.body.status,
        currentDeviceOf(ctx.principal),
        currentRequest(),
      ),
    }),
  }),
];
