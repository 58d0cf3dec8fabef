import React from 'react';
import { Renderer } from '@k8slens/extensions';
import { PAGE_SIZE, type Page } from './rowPages.js';
import type { SortState } from './rowSort.js';

export interface TableColumn<Column extends string> {
  readonly title: string;
  /** The column the rows are sorted by when its heading is clicked; absent: not sortable. */
  readonly sortBy?: Column;
  readonly className?: string;
}

export interface FindingTableProps<Row, Column extends string> {
  readonly className: string;
  readonly columns: readonly TableColumn<Column>[];
  readonly page: Page<Row>;
  readonly keyOf: (row: Row) => string;
  /** The row's cells, one `TableCell` per column. */
  readonly cells: (row: Row) => React.ReactNode;
  readonly sort?: SortState<Column>;
  readonly onSort?: (column: Column) => void;
  readonly onShowMore?: () => void;
}

/**
 * A host table of rows already sorted and paged by the host-free models: the heading's sortable
 * titles are buttons, and a "Show more" button under the table shows the next page. Rows are the
 * table's direct `TableRow` children, as the hosts' Table finds them.
 */
export function FindingTable<Row, Column extends string>(
  props: FindingTableProps<Row, Column>,
): React.ReactElement {
  const { Table, TableHead, TableRow, TableCell, Button } = Renderer.Component;
  const { page, sort } = props;
  return (
    <>
      <Table className={props.className} selectable={false} scrollable={false}>
        <TableHead>
          {props.columns.map((c) => (
            <TableCell key={c.title} className={c.className}>
              {c.sortBy && props.onSort ? (
                <button type="button" className="TrivyFindingsSort" onClick={() => props.onSort!(c.sortBy!)}>
                  {c.title}
                  {sort?.column === c.sortBy ? (sort.descending ? ' ▼' : ' ▲') : ''}
                </button>
              ) : (
                c.title
              )}
            </TableCell>
          ))}
        </TableHead>
        {page.shown.map((row) => (
          <TableRow key={props.keyOf(row)}>{props.cells(row)}</TableRow>
        ))}
      </Table>
      {page.hidden > 0 && props.onShowMore ? (
        <Button
          plain
          className="TrivyFindingsMore"
          label={`Show ${Math.min(PAGE_SIZE, page.hidden)} more (${page.hidden} not shown)`}
          onClick={props.onShowMore}
        />
      ) : null}
    </>
  );
}
