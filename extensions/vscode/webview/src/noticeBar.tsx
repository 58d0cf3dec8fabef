// @jsxRuntime automatic
import type { Notice } from './viewerState.js';

/** The host's last word on what the page asked (an export written, a link refused), as a status line. */
export function NoticeBar({ notice }: { readonly notice: Notice | undefined }) {
  return (
    <div className={`notice ${notice ? `notice-${notice.level}` : ''}`} role="status" aria-live="polite">
      {notice?.text}
    </div>
  );
}
