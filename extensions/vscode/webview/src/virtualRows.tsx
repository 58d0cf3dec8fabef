// @jsxRuntime automatic
import { useLayoutEffect, useRef, useState, type CSSProperties, type ReactNode } from 'react';

/** Rows drawn beyond the visible ones on each side, so a fast scroll shows no blank band. */
const OVERSCAN = 8;

/**
 * A scrolling list that puts only the visible rows (and a few more) in the DOM, so 10,000 or
 * 100,000 rows cost what 50 do. Rows have one fixed height, which makes the window a division and
 * keeps a selected row in view with one assignment to `scrollTop`. Windowing is this small
 * component rather than a library: fixed heights need no measuring, which is most of what a
 * library adds.
 */
export function VirtualRows({
  count,
  rowHeight,
  reveal,
  renderRow,
}: {
  readonly count: number;
  readonly rowHeight: number;
  /** A row to scroll into view when it changes (the selection). */
  readonly reveal: number | undefined;
  readonly renderRow: (position: number, style: CSSProperties) => ReactNode;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  // Before the first measure, the window's height: a first paint with too many rows beats one with too few.
  const [height, setHeight] = useState(() => window.innerHeight);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setHeight(element.clientHeight || window.innerHeight);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || reveal === undefined || reveal < 0) return;
    const top = reveal * rowHeight;
    if (top < element.scrollTop) element.scrollTop = top;
    else if (top + rowHeight > element.scrollTop + element.clientHeight)
      element.scrollTop = top + rowHeight - element.clientHeight;
  }, [reveal, rowHeight]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let position = first; position < last; position++)
    rows.push(renderRow(position, { position: 'absolute', top: position * rowHeight, height: rowHeight }));
  return (
    <div className="rows" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div className="rows-space" role="rowgroup" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
