import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The directory holding the fake `trivy`; put it first on PATH to make it "the" trivy. */
export const FAKE_TRIVY_BIN_DIR = fileURLToPath(new URL('./bin/', import.meta.url));
/** The fake `trivy` executable itself, for an explicit path setting. */
export const FAKE_TRIVY_PATH = join(FAKE_TRIVY_BIN_DIR, 'trivy');
/** Real Trivy outputs and the inputs they were made from (see test/fixtures/SOURCES.md). */
export const TRIVY_FIXTURES = fileURLToPath(new URL('../../fixtures/trivy/', import.meta.url));

/** One line of `FAKE_TRIVY_ARGV_LOG`. */
export interface ArgvRecord {
  readonly argv: string[];
  readonly pid: number;
  readonly cwd: string;
}

/** A scratch directory with an argv log path; `dispose()` removes it. */
export interface FakeTrivyScratch {
  readonly dir: string;
  readonly argvLog: string;
  /** The runs recorded so far, oldest first. */
  records(): ArgvRecord[];
  /** An environment for the child: PATH with the fake first, the argv log, and `mode` (see README). */
  env(mode?: string): NodeJS.ProcessEnv;
  dispose(): void;
}

export function fakeTrivyScratch(): FakeTrivyScratch {
  const dir = mkdtempSync(join(tmpdir(), 'fake-trivy-'));
  const argvLog = join(dir, 'argv.jsonl');
  return {
    dir,
    argvLog,
    records() {
      let text = '';
      try {
        text = readFileSync(argvLog, 'utf8');
      } catch {
        return [];
      }
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ArgvRecord);
    },
    env(mode = '') {
      return {
        ...process.env,
        PATH: `${FAKE_TRIVY_BIN_DIR}${delimiter}${process.env.PATH ?? ''}`,
        FAKE_TRIVY_ARGV_LOG: argvLog,
        FAKE_TRIVY_MODE: mode,
      };
    },
    dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
