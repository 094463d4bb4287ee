import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import { MicOffRegular } from "@fluentui/react-icons";
import { useTranslation } from "react-i18next";
import { TrackAudio, TrackVideo } from "./TrackMedia.tsx";

const useStyles = makeStyles({
  tile: {
    position: "relative",
    aspectRatio: "16 / 9",
    minWidth: 0,
    margin: 0,
    borderRadius: tokens.borderRadiusLarge,
    overflow: "hidden",
    backgroundColor: "#1f1f1f",
    outline: "3px solid transparent",
    outlineOffset: "-3px",
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
  },
  speaking: { outlineColor: tokens.colorBrandStroke1 },
  video: { width: "100%", height: "100%", objectFit: "cover" },
  mirrored: { transform: "scaleX(-1)" },
  contain: { objectFit: "contain" },
  avatar: {
    width: "4.5rem",
    height: "4.5rem",
    borderRadius: "50%",
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    fontSize: tokens.fontSizeBase600,
    fontWeight: tokens.fontWeightSemibold,
    backgroundColor: tokens.colorBrandBackground,
    color: tokens.colorNeutralForegroundOnBrand,
  },
  caption: {
    position: "absolute",
    left: tokens.spacingHorizontalS,
    bottom: tokens.spacingVerticalS,
    right: tokens.spacingHorizontalS,
    display: "flex",
    flexWrap: "wrap",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
    color: "#ffffff",
    fontSize: tokens.fontSizeBase200,
  },
  label: {
    backgroundColor: "rgba(0, 0, 0, 0.72)",
    padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`,
    borderRadius: tokens.borderRadiusMedium,
    display: "inline-flex",
    alignItems: "center",
    gap: tokens.spacingHorizontalXS,
  },
  name: { fontWeight: tokens.fontWeightSemibold },
  watermark: {
    position: "absolute",
    inset: "-50%",
    display: "flex",
    flexWrap: "wrap",
    alignContent: "center",
    justifyContent: "center",
    gap: "2.5rem 4rem",
    transform: "rotate(-24deg)",
    pointerEvents: "none",
    userSelect: "none",
    color: "rgba(255, 255, 255, 0.38)",
    textShadow: "0 0 2px rgba(0, 0, 0, 0.5)",
    fontSize: tokens.fontSizeBase300,
    whiteSpace: "nowrap",
  },
});

/** How many times the watermark's words repeat across a tile. */
const WATERMARK_REPEATS = 24;

/** The first letters of a name, for the tile of someone without a picture. */
function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  const letters = parts.length > 1 ? [parts[0], parts.at(-1)] : [name.trim()];
  return letters
    .map((part) => [...(part ?? "")].slice(0, parts.length > 1 ? 1 : 2).join(""))
    .join("")
    .toUpperCase();
}

/**
 * One person in the video grid: their picture (or their initials when the camera is off), their
 * sound (others only), their name, and in words whether they are muted, speaking, sharing or
 * still connecting — colour (the speaker's outline) only repeats what the words say.
 */
export function VideoTile({
  name,
  video,
  audio,
  videoOn,
  muted,
  speaking,
  status,
  mirrored = false,
  screen = false,
  watermark = null,
}: {
  name: string;
  video: MediaStreamTrack | null;
  audio: MediaStreamTrack | null;
  videoOn: boolean;
  muted: boolean;
  speaking: boolean;
  /** Extra words: connecting, could not connect, sharing the screen. */
  status: string | null;
  mirrored?: boolean;
  screen?: boolean;
  /** A labelled meeting's watermark (the viewer's name and the time) over the picture, or null. */
  watermark?: string | null;
}) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <li className={mergeClasses(styles.tile, speaking && styles.speaking)} aria-label={name}>
      {video && videoOn ? (
        <TrackVideo
          track={video}
          className={mergeClasses(
            styles.video,
            mirrored && styles.mirrored,
            screen && styles.contain,
          )}
        />
      ) : (
        <span className={styles.avatar} aria-hidden="true">
          {initials(name)}
        </span>
      )}
      {audio && <TrackAudio track={audio} />}
      {watermark && (
        <span className={styles.watermark} aria-hidden="true">
          {Array.from({ length: WATERMARK_REPEATS }, (_, index) => (
            <span key={index}>{watermark}</span>
          ))}
        </span>
      )}
      <span className={styles.caption}>
        <span className={mergeClasses(styles.label, styles.name)}>{name}</span>
        {muted && (
          <span className={styles.label}>
            <MicOffRegular aria-hidden />
            {t("meetings.stage.muted")}
          </span>
        )}
        {!videoOn && <span className={styles.label}>{t("meetings.stage.cameraOff")}</span>}
        {speaking && <span className={styles.label}>{t("meetings.stage.speaking")}</span>}
        {status && <span className={styles.label}>{status}</span>}
      </span>
    </li>
  );
}
