/** What a CLI command may touch, passed in so tests run commands in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Colour the table (stdout is a TTY and NO_COLOR is unset). */
  readonly color: boolean;
}

/** Exit codes shared by every subcommand; scripts rely on them. */
export const EXIT = { ok: 0, failOn: 1, unread: 2 } as const;
