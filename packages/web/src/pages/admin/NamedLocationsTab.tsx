import { useState } from "react";
import {
  Button,
  Checkbox,
  Field,
  Input,
  TableCell,
  TableRow,
  Textarea,
} from "@fluentui/react-components";
import { useTranslation } from "react-i18next";
import type { NamedLocation, NamedLocationInput, NamedLocationsResponse } from "@engawa/shared";
import { useUserSession } from "../../api/session.tsx";
import { useLoader } from "../../api/useLoader.ts";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { ErrorMessage, StatusMessage } from "../../components/ErrorMessage.tsx";
import { RecordTable } from "../../components/RecordTable.tsx";
import { useFormStyles, useListStyles } from "../../components/layout.ts";
import { checkRequired, compact, validation } from "../../forms.ts";
import { useSubmission } from "../../useSubmission.ts";

const FIELDS = ["name", "ranges", "countries", "trusted"] as const;
const COUNTRY = /^[A-Z]{2}$/;
/** Loose check before sending: the server checks each range exactly (and refuses /8 or wider). */
const RANGE = /^[0-9a-fA-F:.]+(\/\d{1,3})?$/;

/** Lines of a textarea, or comma-separated codes, as a list (blanks dropped). */
const entriesOf = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((entry) => entry.trim())
    .filter(Boolean);

/**
 * Named locations (Entra ID's): address ranges, which may be trusted (the office), and countries.
 * Policies use them as conditions ("require MFA outside the office").
 */
export function NamedLocationsTab({ base }: { base: string }) {
  const { t } = useTranslation();
  const list = useListStyles();
  const { request } = useUserSession();
  const path = `${base}/conditional-access/locations`;
  const loaded = useLoader((signal) => request<NamedLocationsResponse>(path, { signal }));
  const [editing, setEditing] = useState<NamedLocation | "new" | null>(null);
  const [deleting, setDeleting] = useState<NamedLocation | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  if (editing !== null)
    return (
      <LocationForm
        path={path}
        location={editing === "new" ? null : editing}
        onDone={(message) => {
          setEditing(null);
          setStatus(message);
          if (message) loaded.reload();
        }}
      />
    );
  const locations = loaded.data?.locations ?? [];
  return (
    <>
      <StatusMessage message={status} />
      <ErrorMessage error={loaded.error} />
      <div className={list.toolbar}>
        <Button appearance="primary" onClick={() => setEditing("new")}>
          {t("ca.locations.new")}
        </Button>
      </div>
      <RecordTable
        label={t("ca.locations.tableLabel")}
        columns={[
          t("ca.locations.name"),
          t("ca.locations.ranges"),
          t("ca.locations.countries"),
          t("ca.locations.trusted"),
          "",
        ]}
        loading={loaded.loading && !loaded.data}
        emptyText={locations.length === 0 ? t("ca.locations.empty") : null}
      >
        {locations.map((location) => (
          <TableRow key={location.id}>
            <TableCell>{location.name}</TableCell>
            <TableCell>{location.ranges.join(", ")}</TableCell>
            <TableCell>
              {[...location.countries, ...(location.includeUnknownCountry ? ["?"] : [])].join(", ")}
            </TableCell>
            <TableCell>{location.trusted ? t("ca.locations.yes") : t("ca.locations.no")}</TableCell>
            <TableCell>
              <Button
                appearance="subtle"
                aria-label={`${t("ca.locations.edit")}: ${location.name}`}
                onClick={() => setEditing(location)}
              >
                {t("ca.locations.edit")}
              </Button>
              <Button
                appearance="subtle"
                aria-label={`${t("ca.locations.delete")}: ${location.name}`}
                onClick={() => setDeleting(location)}
              >
                {t("ca.locations.delete")}
              </Button>
            </TableCell>
          </TableRow>
        ))}
      </RecordTable>
      {deleting && (
        <ConfirmDialog
          title={t("ca.locations.deleteTitle", { name: deleting.name })}
          confirmLabel={t("ca.locations.delete")}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await request(`${path}/${deleting.id}`, { method: "DELETE" });
            setStatus(t("ca.locations.deleted"));
            loaded.reload();
          }}
        >
          {t("ca.locations.deleteText")}
        </ConfirmDialog>
      )}
    </>
  );
}

function LocationForm({
  path,
  location,
  onDone,
}: {
  path: string;
  location: NamedLocation | null;
  onDone: (message: string | null) => void;
}) {
  const { t } = useTranslation();
  const form = useFormStyles();
  const { request } = useUserSession();
  const { formRef, errors, failure, busy, check, send } = useSubmission(FIELDS);
  const [name, setName] = useState(location?.name ?? "");
  const [ranges, setRanges] = useState(location?.ranges.join("\n") ?? "");
  const [countries, setCountries] = useState(location?.countries.join(", ") ?? "");
  const [unknown, setUnknown] = useState(location?.includeUnknownCountry ?? false);
  const [trusted, setTrusted] = useState(location?.trusted ?? false);

  async function submit(): Promise<void> {
    const body: NamedLocationInput = {
      name: name.trim(),
      ranges: entriesOf(ranges, /\n/),
      countries: entriesOf(countries.toUpperCase(), /[,\s、]+/),
      includeUnknownCountry: unknown,
      trusted,
    };
    const badRange = body.ranges.find((entry) => !RANGE.test(entry));
    const problems = compact({
      name: checkRequired(t, name),
      ranges: badRange
        ? t("ca.locations.badRange", { entry: badRange })
        : body.ranges.length === 0 && body.countries.length === 0 && !unknown
          ? t("ca.locations.rangesOrCountries")
          : undefined,
      countries: body.countries.every((c) => COUNTRY.test(c))
        ? undefined
        : t("ca.locations.countriesInvalid"),
      trusted: trusted && body.ranges.length === 0 ? t("ca.locations.trustedHelp") : undefined,
    });
    if (!check(problems)) return;
    await send(async () => {
      await request(location ? `${path}/${location.id}` : path, {
        method: location ? "PUT" : "POST",
        body,
      });
      onDone(t("ca.locations.saved"));
    });
  }

  return (
    <form
      ref={formRef}
      noValidate
      className={form.form}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <fieldset className={form.section}>
        <legend className={form.legend}>
          {location ? `${t("ca.locations.edit")}: ${location.name}` : t("ca.locations.new")}
        </legend>
        <Field label={t("ca.locations.name")} required {...validation(errors.name)}>
          <Input name="name" value={name} maxLength={100} onChange={(_e, d) => setName(d.value)} />
        </Field>
        <Field
          label={t("ca.locations.ranges")}
          hint={t("ca.locations.rangesHelp")}
          {...validation(errors.ranges)}
        >
          <Textarea
            name="ranges"
            value={ranges}
            rows={4}
            onChange={(_e, d) => setRanges(d.value)}
          />
        </Field>
        <Field
          label={t("ca.locations.countries")}
          hint={t("ca.locations.countriesHelp")}
          {...validation(errors.countries)}
        >
          <Input name="countries" value={countries} onChange={(_e, d) => setCountries(d.value)} />
        </Field>
        <Checkbox
          label={t("ca.locations.unknownCountry")}
          checked={unknown}
          onChange={(_e, d) => setUnknown(d.checked === true)}
        />
        <Field hint={t("ca.locations.trustedHelp")} {...validation(errors.trusted)}>
          <Checkbox
            name="trusted"
            label={t("ca.locations.trusted")}
            checked={trusted}
            onChange={(_e, d) => setTrusted(d.checked === true)}
          />
        </Field>
      </fieldset>
      <ErrorMessage error={failure} />
      <div className={form.actions}>
        <Button type="submit" appearance="primary" disabled={busy}>
          {t("ca.locations.save")}
        </Button>
        <Button disabled={busy} onClick={() => onDone(null)}>
          {t("common.cancel")}
        </Button>
      </div>
    </form>
  );
}
