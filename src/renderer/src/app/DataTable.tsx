import type { ReactNode } from 'react';
import { Table, Text, type MantineSpacing } from '@mantine/core';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** This column names the row (`th scope="row"`), for screen readers reading across it. */
  rowHeader?: boolean;
}

/**
 * A table of records, as the reports and measures show them: named for screen readers (`label`),
 * a column header per column, a row per record. With `empty`, no records is that sentence instead
 * of a table with no rows; with `minWidth`, a narrow window scrolls the table rather than crushing it.
 */
export function DataTable<T>({
  label,
  columns,
  rows,
  rowKey,
  empty,
  minWidth,
  verticalSpacing,
}: {
  label: string;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string;
  empty?: string;
  minWidth?: number;
  verticalSpacing?: MantineSpacing;
}) {
  if (rows.length === 0 && empty !== undefined) {
    return (
      <Text size="sm" c="dimmed">
        {empty}
      </Text>
    );
  }
  const table = (
    <Table aria-label={label} verticalSpacing={verticalSpacing}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((column) => (
            <Table.Th key={column.header} scope="col">
              {column.header}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((row, index) => (
          <Table.Tr key={rowKey(row, index)}>
            {columns.map((column) =>
              column.rowHeader ? (
                <Table.Th key={column.header} scope="row">
                  {column.cell(row)}
                </Table.Th>
              ) : (
                <Table.Td key={column.header}>{column.cell(row)}</Table.Td>
              ),
            )}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
  return minWidth === undefined ? table : <Table.ScrollContainer minWidth={minWidth}>{table}</Table.ScrollContainer>;
}
