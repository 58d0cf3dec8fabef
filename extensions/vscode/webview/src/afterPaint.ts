/** How long a page that paints no frame (hidden, occluded) waits before running the callback anyway. */
const NO_FRAME_MS = 500;

/**
 * Runs `callback` once, after the next frame has been painted: an animation frame callback runs
 * just before the frame is painted, and a task queued there runs after it. A page whose frames are
 * not being painted runs it after {@link NO_FRAME_MS}. Returns a function that cancels it.
 */
export function afterPaint(callback: () => void): () => void {
  let done = false;
  let task: ReturnType<typeof setTimeout> | undefined;
  const run = () => {
    if (done) return;
    done = true;
    clearTimeout(fallback);
    callback();
  };
  const frame = requestAnimationFrame(() => (task = setTimeout(run, 0)));
  const fallback = setTimeout(run, NO_FRAME_MS);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(task);
    clearTimeout(fallback);
  };
}
