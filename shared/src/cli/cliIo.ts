/** What a CLI command may touch, passed in so tests run commands in-process. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  /** Colour the table (stdout is a TTY and NO_COLOR is unset). */
  readonly color: boolean;
  /** Width of the terminal stdout is, when it is one; tables are 100 wide otherwise. */
  readonly columns?: number | undefined;
}

/** The width tables are laid out in: the terminal's, else 100 so pipes and goldens are stable. */
export function tableWidth(io: { readonly columns?: number | undefined }): number {
  return io.columns && io.columns >= 40 ? io.columns : 100;
}

/** Exit codes shared by every subcommand; scripts rely on them. */
export const EXIT = { ok: 0, failOn: 1, unread: 2 } as const;
