import {
  Button,
  Menu,
  MenuItem,
  MenuList,
  MenuPopover,
  MenuTrigger,
  ToggleButton,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { EmojiAddRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { REACTIONS, type Message, type Reaction } from "@engawa/shared";

/** How each reaction looks (Microsoft Teams' six). */
export const REACTION_EMOJI: Record<Reaction, string> = {
  like: "👍",
  heart: "❤️",
  laugh: "😆",
  surprised: "😮",
  sad: "😢",
  angry: "😠",
};

const useStyles = makeStyles({
  chips: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalXS },
});

/**
 * The reactions a message got, one toggle per reaction: pressed when it is the reader's own, named
 * with who gave it (for screen readers and as a tooltip); pressing it gives or takes back the
 * reader's own.
 */
export function ReactionChips({
  message,
  meId,
  onReact,
}: {
  message: Message;
  meId: string;
  onReact: ((reaction: Reaction, on: boolean) => void) | undefined;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  if (message.reactions.length === 0) return null;
  return (
    <div className={styles.chips} role="group" aria-label={t("reactions.groupLabel")}>
      {message.reactions.map(({ reaction, users }) => {
        const mine = users.some((u) => u.id === meId);
        const label = t("reactions.chip", {
          reaction: t(`reactions.names.${reaction}`),
          count: users.length,
          names: users.map((u) => u.displayName).join(t("reactions.separator")),
        });
        return (
          <ToggleButton
            key={reaction}
            size="small"
            shape="circular"
            checked={mine}
            disabled={!onReact}
            // The name starts with what is shown (WCAG 2.5.3), then says who reacted.
            aria-label={`${REACTION_EMOJI[reaction]} ${users.length}: ${label}`}
            title={label}
            onClick={() => onReact?.(reaction, !mine)}
          >
            {`${REACTION_EMOJI[reaction]} ${users.length}`}
          </ToggleButton>
        );
      })}
    </div>
  );
}

/** The "React" button of a message: a menu of the six reactions. */
export function ReactionPicker({
  message,
  meId,
  onReact,
}: {
  message: Message;
  meId: string;
  onReact: (reaction: Reaction, on: boolean) => void;
}) {
  const { t } = useTranslation();
  const mine = (reaction: Reaction) =>
    message.reactions.some((r) => r.reaction === reaction && r.users.some((u) => u.id === meId));
  return (
    <Menu>
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="subtle"
          size="small"
          icon={<EmojiAddRegular />}
          aria-label={t("reactions.react")}
          title={t("reactions.react")}
        />
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {REACTIONS.map((reaction) => (
            <MenuItem
              key={reaction}
              icon={<span aria-hidden>{REACTION_EMOJI[reaction]}</span>}
              onClick={() => onReact(reaction, !mine(reaction))}
            >
              {mine(reaction)
                ? t("reactions.takeBack", { reaction: t(`reactions.names.${reaction}`) })
                : t(`reactions.names.${reaction}`)}
            </MenuItem>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
