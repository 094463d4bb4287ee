import { useId } from "react";
import { Label, makeStyles, tokens } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { SensitivityLabel } from "@engawa/shared";
import type { ChatApi } from "../../chat/chatApi.ts";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { useActionMessages } from "../../useActionMessages.ts";
import { LabelSelect, labelChangeMessage } from "./ContentLabel.tsx";

const useStyles = makeStyles({
  picker: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalS },
  // Its own line under the header's buttons.
  outcome: { flexBasis: "100%", order: 1 },
});

/** What the channel pane knows of a team channel's labels. */
export interface ChannelLabelling {
  /** The organisation's labels, least sensitive first. */
  labels: SensitivityLabel[];
  /** The team's label and the channel's own. */
  teamLabelId: string | null;
  ownLabelId: string | null;
  /** The team's owners and the organisation's admins may label the channel. */
  mayChange: boolean;
  /** Reads the channel list again after a change (the header's badge and the matrix use it). */
  onChanged: () => void;
}

/**
 * The picker of a channel's own label, in its header, for who may change it (the label that
 * applies is the header's badge). The outcome is said in words on a line of its own, including
 * when the team's label still applies over a lower one.
 */
export function ChannelLabel({
  api,
  channelId,
  channelTitle,
  labelling,
}: {
  api: ChatApi;
  channelId: string;
  channelTitle: string;
  labelling: ChannelLabelling;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  const id = useId();
  const { notice, failure, attempt } = useActionMessages();
  const { labels } = labelling;
  if (!labelling.mayChange || labels.length === 0) return null;
  return (
    <>
      <div className={styles.picker}>
        <Label htmlFor={id} size="small">
          {t("labels.teamLabel")}
        </Label>
        <LabelSelect
          id={id}
          labels={labels}
          value={labelling.ownLabelId}
          ariaLabel={t("labels.channelLabel", { name: channelTitle })}
          onPick={(picked) =>
            void attempt(async () => {
              const result = await api.setChannelLabel(channelId, picked);
              labelling.onChanged();
              return labelChangeMessage(t, labels, { kind: "channel", name: channelTitle }, result);
            })
          }
        />
      </div>
      <div className={styles.outcome}>
        <StatusMessage message={notice} />
        <ErrorMessage error={failure} />
      </div>
    </>
  );
}
