import { Type, type Static } from "typebox";
import { Slug, Uuid } from "./common.ts";
import { ContextRules } from "./workContext.ts";

/**
 * Sensitivity labels, tenant-defined and ordered from least to most sensitive (rank 0 first). A
 * team carries one; conditions and session controls of conditional access will target them.
 */
export const LABEL_LIMITS = { max: 12, nameMax: 40, descriptionMax: 200 } as const;

const LabelName = Type.String({
  minLength: 1,
  maxLength: LABEL_LIMITS.nameMax,
  pattern: "^(?=.*\\S)[^\\u0000-\\u001f\\u007f]+$",
});

export const SensitivityLabel = Type.Object({
  id: Uuid,
  name: LabelName,
  description: Type.String({ maxLength: LABEL_LIMITS.descriptionMax }),
  /** 0 = least sensitive. */
  rank: Type.Integer({ minimum: 0 }),
  /** This label's row of the work-context matrix (applies while the matrix is switched on). */
  contextRules: ContextRules,
});
export type SensitivityLabel = Static<typeof SensitivityLabel>;

/** Whether people are asked where they work, and the label × context matrix applied. */
export const WorkContextSetting = Type.Object(
  { enabled: Type.Boolean() },
  { additionalProperties: false },
);
export type WorkContextSetting = Static<typeof WorkContextSetting>;

export const LabelsResponse = Type.Object({
  labels: Type.Array(SensitivityLabel),
  workContext: WorkContextSetting,
});
export type LabelsResponse = Static<typeof LabelsResponse>;

/**
 * The whole list, least sensitive first. A label keeps its id when `id` is given (teams keep it);
 * one left out is deleted, which is refused while a team carries it.
 */
export const PutLabelsRequest = Type.Object(
  {
    labels: Type.Array(
      Type.Object(
        {
          id: Type.Optional(Uuid),
          name: LabelName,
          description: Type.String({ maxLength: LABEL_LIMITS.descriptionMax }),
          /** Left out: the label keeps its row, or a new one gets the default for its place. */
          contextRules: Type.Optional(ContextRules),
        },
        { additionalProperties: false },
      ),
      { maxItems: LABEL_LIMITS.max },
    ),
    /** Left out: unchanged. */
    workContext: Type.Optional(WorkContextSetting),
  },
  { additionalProperties: false },
);
export type PutLabelsRequest = Static<typeof PutLabelsRequest>;

export const TeamLabelParams = Type.Object(
  { tenant: Slug, teamId: Uuid },
  { additionalProperties: false },
);
/** Puts one of the organisation's labels on a team, channel or file, or takes it off (null). */
export const PutLabelRequest = Type.Object(
  { labelId: Type.Union([Uuid, Type.Null()]) },
  { additionalProperties: false },
);
export type PutLabelRequest = Static<typeof PutLabelRequest>;

/**
 * A channel's or file's label after a change: its own, and the one decisions use — the most
 * sensitive of its own and those of where it lives (its team's, its channel's).
 */
export const ContentLabelResponse = Type.Object({
  labelId: Type.Union([Uuid, Type.Null()]),
  effectiveLabelId: Type.Union([Uuid, Type.Null()]),
});
export type ContentLabelResponse = Static<typeof ContentLabelResponse>;

/**
 * The most sensitive of the labels given (ids; null and unknown ones ignored), reading the
 * organisation's labels least sensitive first. A channel or file can be marked more sensitive than
 * where it lives, never less: nobody takes content out of its team's policies by labelling it lower.
 */
export function strongestLabelOf(
  labelsLeastFirst: readonly { id: string }[],
  labelIds: readonly (string | null | undefined)[],
): string | null {
  const given = new Set(labelIds.filter((id) => typeof id === "string"));
  for (let i = labelsLeastFirst.length - 1; i >= 0; i--) {
    const id = labelsLeastFirst[i]?.id;
    if (id !== undefined && given.has(id)) return id;
  }
  return null;
}

export const LABEL_PRESETS = ["generic", "school", "hospital"] as const;
export type LabelPreset = (typeof LABEL_PRESETS)[number];

/**
 * Presets the admin can start from (names in both languages; the admin's choice of language is
 * what is saved). School: MEXT's importance classes (重要性分類) Ⅳ (the rest) to Ⅰ (gravest harm,
 * e.g. the original cumulative record 指導要録) — jp-guidelines.md MEXT-CLS. Hospital: adds a
 * patient-information label above 機密 (MHLW guideline: 要配慮個人情報).
 */
export const LABEL_PRESET_LABELS: Record<
  LabelPreset,
  { ja: string; en: string; jaDescription: string; enDescription: string }[]
> = {
  generic: [
    {
      ja: "公開",
      en: "Public",
      jaDescription: "外部に出してよい情報",
      enDescription: "May be shared outside",
    },
    {
      ja: "社内",
      en: "Internal",
      jaDescription: "組織内で共有する情報",
      enDescription: "For people of the organisation",
    },
    {
      ja: "機密",
      en: "Confidential",
      jaDescription: "関係者に限る情報",
      enDescription: "For the people concerned only",
    },
    {
      ja: "極秘",
      en: "Strictly confidential",
      jaDescription: "漏れると重大な損害が出る情報",
      enDescription: "Serious harm if it leaks",
    },
  ],
  school: [
    {
      ja: "重要性分類Ⅳ",
      en: "Class IV",
      jaDescription: "公開してよい情報など",
      enDescription: "Everything else",
    },
    {
      ja: "重要性分類Ⅲ",
      en: "Class III",
      jaDescription: "出欠、教材、学習記録など",
      enDescription: "Attendance, teaching materials, learning records",
    },
    {
      ja: "重要性分類Ⅱ",
      en: "Class II",
      jaDescription: "成績、健康、指導、進路など",
      enDescription: "Grades, health, guidance, careers",
    },
    {
      ja: "重要性分類Ⅰ",
      en: "Class I",
      jaDescription: "指導要録の原本など、要配慮個人情報",
      enDescription: "Sensitive personal data, e.g. the original cumulative record",
    },
  ],
  hospital: [
    {
      ja: "公開",
      en: "Public",
      jaDescription: "外部に出してよい情報",
      enDescription: "May be shared outside",
    },
    {
      ja: "院内",
      en: "Internal",
      jaDescription: "職員で共有する情報",
      enDescription: "For the hospital's staff",
    },
    {
      ja: "機密",
      en: "Confidential",
      jaDescription: "関係者に限る情報",
      enDescription: "For the people concerned only",
    },
    {
      ja: "患者情報",
      en: "Patient information",
      jaDescription: "診療記録など、要配慮個人情報",
      enDescription: "Medical records: sensitive personal data",
    },
  ],
};
