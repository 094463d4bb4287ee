import {
  contextCellOf,
  type ContextCell,
  type ContextRules,
  type SensitivityLabel,
  type WorkContext,
} from "@engawa/shared";
import { CA_DOWNLOAD_GROUP, caAppGroup, NAMESPACE, WC_TITLE_GROUP } from "../access/index.ts";
import type { CompiledRule } from "./compile.ts";

/** The work-context columns each cell of the matrix covers: an undeclared context is a public place. */
const COLUMN_VALUES: Record<WorkContext, string[]> = {
  public: ["public", "none"],
  shared: ["shared"],
  private: ["private"],
};

/** Rule ids of the matrix start with this, then the label id and the column. */
export const MATRIX_RULE_PREFIX = "wc-";

/**
 * Compiles the label × work-context matrix into Cedar `forbid` rules beside the policies (ADR
 * 0006), on the user apps' actions whose resource carries the label (`context.ca.label`):
 * `deny` refuses all but the list of channel names; `title_only` all but {@link WC_TITLE_GROUP}
 * (the team's page and its channels' names); `view_only` the downloads;
 * a step-up refuses until the session has passed it. The watermark is the client's to draw.
 * Nothing is compiled while the matrix is switched off.
 */
export function compileContextRules(
  tenantId: string,
  labels: Pick<SensitivityLabel, "id" | "contextRules">[],
  enabled: boolean,
): { text: Record<string, string>; rules: Map<string, { policyId: string; rule: CompiledRule }> } {
  const text: Record<string, string> = {};
  const rules = new Map<string, { policyId: string; rule: CompiledRule }>();
  if (!enabled) return { text, rules };
  const apps = (["chat", "files", "meetings"] as const)
    .map((app) => `${NAMESPACE}::Action::"${caAppGroup(app)}"`)
    .join(", ");
  for (const label of labels) {
    for (const column of ["public", "shared", "private"] as const) {
      const cell = label.contextRules[column];
      const where =
        `context has ca && principal.tenant == ${NAMESPACE}::Tenant::${JSON.stringify(tenantId)}` +
        ` && context.ca.label == ${JSON.stringify(label.id)}` +
        ` && ${JSON.stringify(COLUMN_VALUES[column])}.contains(context.ca.workContext)`;
      const policyId = `work-context:${label.id}:${column}`;
      const add = (suffix: string, rule: CompiledRule, actions: string, extra = "") => {
        const id = `${MATRIX_RULE_PREFIX}${label.id}-${column}-${suffix}`;
        text[id] =
          `@id("${id}")\nforbid (principal is ${NAMESPACE}::User, action in ${actions}, resource)\n` +
          `when { ${where}${extra} };`;
        rules.set(id, { policyId, rule });
      };
      if (cell.access === "deny") {
        // The channel's name stays in the person's list (so they can tell why and move on);
        // nothing else of the team opens, not even its page.
        add(
          "deny",
          { kind: "context", access: "deny" },
          `[${apps}]`,
          ` && action != ${NAMESPACE}::Action::"channel.list"`,
        );
        continue;
      }
      if (cell.access === "title_only")
        add(
          "title_only",
          { kind: "context", access: "title_only" },
          `[${apps}]`,
          ` && !(action in ${NAMESPACE}::Action::"${WC_TITLE_GROUP}")`,
        );
      if (cell.access === "view_only")
        add("view_only", { kind: "view_only" }, `${NAMESPACE}::Action::"${CA_DOWNLOAD_GROUP}"`);
      if (cell.stepUp !== "none")
        add(
          cell.stepUp,
          { kind: "control", control: cell.stepUp },
          `[${apps}]`,
          cell.stepUp === "mfa" ? " && !context.ca.mfa" : " && !context.ca.phishingResistant",
        );
    }
  }
  return { text, rules };
}

/**
 * The matrix's answer for one label and context, read as the compiled rules are (for What-If and
 * the semantics tests): null when the matrix is off or the resource is unlabelled.
 */
export function matrixCellOf(
  labels: Pick<SensitivityLabel, "id" | "contextRules">[],
  enabled: boolean,
  labelId: string | null,
  context: WorkContext | null,
): ContextCell | null {
  if (!enabled || labelId === null) return null;
  const rules: ContextRules | undefined = labels.find((l) => l.id === labelId)?.contextRules;
  return rules ? contextCellOf(rules, context) : null;
}
