import type { ReactNode } from "react";
import {
  Table,
  TableBody,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from "@fluentui/react-components";
import { Loading } from "./Loading.tsx";
import { useFormStyles, useListStyles } from "./layout.ts";

/**
 * A page's list of records (users, organisations), so such lists look and read alike: a loading
 * indicator until the first answer, then a table named for screen readers with its column
 * headers, and a line under it when there is nothing to list. The rows are the page's own.
 */
export function RecordTable({
  label,
  columns,
  loading,
  emptyText,
  children,
}: {
  /** The table's accessible name. */
  label: string;
  columns: readonly string[];
  /** True until the first answer; a reload keeps the rows on screen. */
  loading: boolean;
  /** Shown under the table when the list is empty, otherwise null. */
  emptyText: string | null;
  children: ReactNode;
}) {
  const styles = useListStyles();
  const form = useFormStyles();
  if (loading) return <Loading />;
  return (
    <div className={styles.tableWrap}>
      <Table aria-label={label} className={styles.table}>
        <TableHeader>
          <TableRow>
            {columns.map((column) => (
              <TableHeaderCell key={column}>{column}</TableHeaderCell>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>{children}</TableBody>
      </Table>
      {emptyText && <p className={form.help}>{emptyText}</p>}
    </div>
  );
}
