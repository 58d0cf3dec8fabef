import React from 'react';
import { Renderer } from '@k8slens/extensions';
import { PAGE_SIZE, type Page } from './rowPages.js';
import type { SortState } from './rowSort.js';

/** A column as data: its heading, what it sorts by, and the content of its cell for a row. */
export interface TableColumn<Row, Column extends string = never> {
  readonly title: string;
  /** The column the rows are sorted by when its heading is clicked; absent: not sortable. */
  readonly sortBy?: Column;
  readonly className?: string;
  readonly cell: (row: Row) => React.ReactNode;
}

export interface FindingTableProps<Row, Column extends string> {
  readonly className: string;
  readonly columns: readonly TableColumn<Row, Column>[];
  readonly page: Page<Row>;
  readonly keyOf: (row: Row) => string;
  /** Said over the table when no row is left (`No checks match these filters.`). */
  readonly empty?: string;
  readonly sort?: SortState<Column>;
  readonly onSort?: (column: Column) => void;
  readonly onShowMore?: () => void;
}

/**
 * The one table of the panels and pages: rows already sorted and paged by the host-free models,
 * one host `TableCell` per column and row from the columns' data; the heading's sortable titles
 * are buttons, and a "Show more" button under the table shows the next page. Rows are the table's
 * direct `TableRow` children, as the hosts' Table finds them.
 */
export function FindingTable<Row, Column extends string = never>(
  props: FindingTableProps<Row, Column>,
): React.ReactElement {
  const { Table, TableHead, TableRow, TableCell, Button } = Renderer.Component;
  const { page, sort, columns } = props;
  return (
    <>
      {props.empty !== undefined && page.shown.length === 0 && page.hidden === 0 ? (
        <p className="TrivyFindingsNoMatch">{props.empty}</p>
      ) : null}
      <Table className={props.className} selectable={false} scrollable={false}>
        <TableHead>
          {columns.map((c) => (
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
          <TableRow key={props.keyOf(row)}>
            {columns.map((c) => (
              <TableCell key={c.title} className={c.className}>
                {c.cell(row)}
              </TableCell>
            ))}
          </TableRow>
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
