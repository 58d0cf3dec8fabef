import { useState } from 'react';
import { PAGE_SIZE } from './rowPages.js';

/** What a filtered table keeps: the person's query and how many rows are shown. */
export interface TableQuery<Q> {
  readonly query: Q;
  readonly limit: number;
  /** A filter or the sort changed: back to the first page. */
  change(next: Partial<Q>): void;
  showMore(): void;
}

/** The state every filtered, sorted, paged table of the tabs keeps, in one place. */
export function useTableQuery<Q extends object>(initial: Q): TableQuery<Q> {
  const [query, setQuery] = useState<Q>(initial);
  const [limit, setLimit] = useState(PAGE_SIZE);
  return {
    query,
    limit,
    change: (next) => {
      setQuery({ ...query, ...next });
      setLimit(PAGE_SIZE);
    },
    showMore: () => setLimit(limit + PAGE_SIZE),
  };
}
