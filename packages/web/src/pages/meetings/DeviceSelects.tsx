import { Field, Select } from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { LocalMedia, LocalMediaState, MediaDevice } from "../../meetings/localMedia.ts";

/**
 * The microphone and camera to use (the browser's list, `enumerateDevices`): a change switches
 * the device at once, and in a meeting the new track replaces the old one for everyone.
 */
export function DeviceSelects({ media, state }: { media: LocalMedia; state: LocalMediaState }) {
  const { t } = useTranslation();
  const options = (devices: MediaDevice[]) =>
    devices.map((device, index) => (
      <option key={device.deviceId} value={device.deviceId}>
        {device.label || t("meetings.join.deviceNumbered", { n: index + 1 })}
      </option>
    ));
  return (
    <>
      <Field label={t("meetings.join.micDevice")}>
        <Select
          value={state.micId}
          disabled={state.mics.length === 0}
          onChange={(_e, data) => void media.switchMic(data.value)}
        >
          {options(state.mics)}
        </Select>
      </Field>
      <Field label={t("meetings.join.cameraDevice")}>
        <Select
          value={state.cameraId}
          disabled={state.cameras.length === 0}
          onChange={(_e, data) => void media.switchCamera(data.value)}
        >
          {options(state.cameras)}
        </Select>
      </Field>
    </>
  );
}
