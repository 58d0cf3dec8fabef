// Parses argv the way cobra + pflag do for Trivy: cobra finds the subcommand as the first
// argument that is not a flag (or a flag's value), then pflag parses every other argument with that
// subcommand's flag set, so global flags may stand before or after the subcommand. Error texts are
// pflag's (`unknown flag: --foo`, `flag needs an argument: --format`, `invalid argument …`).

import { ALL_FLAGS, COMMANDS, ROOT } from './flags.mjs';

/** A command-line error; `help` is the command whose usage Trivy prints with it. */
export class CommandLineError extends Error {
  /** @param {string} message @param {{ name: string, use: string }} command */
  constructor(message, command) {
    super(message);
    this.command = command;
  }
}

/** Release numbers compare as [major, minor, patch]; `dev` and unknown count as the newest. */
export function atLeast(version, minimum) {
  const parse = (v) => /^v?(\d+)\.(\d+)\.(\d+)/.exec(v)?.slice(1).map(Number);
  const have = parse(version);
  const need = parse(minimum);
  if (!have || !need) return true;
  for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i] > need[i];
  return true;
}

/**
 * @param {string[]} argv
 * @param {string} version the release the fake plays; flags newer than it are unknown
 * @returns {{ command: typeof ROOT, flags: Map<string, unknown>, args: string[], warnings: string[] }}
 */
export function parseCommandLine(argv, version) {
  const { command, index } = findCommand(argv);
  const rest = index === -1 ? argv : [...argv.slice(0, index), ...argv.slice(index + 1)];
  const lookup = flagLookup(command, version);
  const flags = new Map();
  const args = [];
  const warnings = [];

  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--') {
      args.push(...rest.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
      const entry = lookup.long.get(name);
      if (!entry) throw new CommandLineError(`unknown flag: --${name}`, command);
      let value = eq === -1 ? undefined : arg.slice(eq + 1);
      if (value === undefined && entry.spec.type !== 'bool') {
        if (i + 1 >= rest.length) throw new CommandLineError(`flag needs an argument: --${name}`, command);
        value = rest[++i];
      }
      set(flags, entry.spec, value, command, version);
      if (entry.deprecatedAlias)
        warnings.push(`'--${name}' is deprecated. Use '--${entry.spec.name}' instead.`);
    } else if (arg.startsWith('-') && arg !== '-') {
      // Shorthands: `-q`, `-qd` (bools grouped), `-fjson`, `-f json`, `-f=json`.
      for (let j = 1; j < arg.length; j++) {
        const short = arg[j];
        const entry = lookup.short.get(short);
        if (!entry) throw new CommandLineError(`unknown shorthand flag: '${short}' in ${arg}`, command);
        if (entry.spec.type === 'bool') {
          const explicit = arg[j + 1] === '=' ? arg.slice(j + 2) : undefined;
          set(flags, entry.spec, explicit, command, version);
          if (explicit !== undefined) break;
          continue;
        }
        let value = arg.slice(j + 1);
        if (value.startsWith('=')) value = value.slice(1);
        else if (value === '') {
          if (i + 1 >= rest.length)
            throw new CommandLineError(`flag needs an argument: '${short}' in -${short}`, command);
          value = rest[++i];
        }
        set(flags, entry.spec, value, command, version);
        break;
      }
    } else {
      args.push(arg);
    }
  }
  return { command, flags, args, warnings };
}

function findCommand(argv) {
  const arity = new Map(ALL_FLAGS.map((spec) => [spec.name, spec.type !== 'bool']));
  const shortArity = new Map(
    ALL_FLAGS.filter((s) => s.short).map((spec) => [spec.short, spec.type !== 'bool']),
  );
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') break;
    if (arg.startsWith('--')) {
      if (!arg.includes('=') && arity.get(arg.slice(2))) i++;
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') {
      if (arg.length === 2 && shortArity.get(arg[1])) i++;
      continue;
    }
    const command = COMMANDS.find((c) => c.name === arg || c.aliases.includes(arg));
    if (command) return { command, index: i };
    // cobra: a root command without subcommand match and NoArgs rejects the first positional argument.
    throw new CommandLineError(`unknown command "${arg}" for "trivy"`, ROOT);
  }
  return { command: ROOT, index: -1 };
}

function flagLookup(command, version) {
  const long = new Map();
  const short = new Map();
  for (const spec of command.flags) {
    const current = !spec.since || atLeast(version, spec.since);
    // Before `since`, the flag's first alias was its name (e.g. --security-checks), not deprecated.
    if (current) long.set(spec.name, { spec });
    for (const alias of spec.aliases ?? []) long.set(alias, { spec, deprecatedAlias: current });
    if (spec.short) short.set(spec.short, { spec });
  }
  return { long, short };
}

const DURATION = /^(?:[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h))+|0)$/;

// Scanner names: `misconfig` since v0.48.0, with `config` and other spellings as aliases (#5558);
// before, the misconfiguration scanner was `config` and the list was fixed (pkg/types/target.go).
function allowedValues(spec, version) {
  if (spec.name !== 'scanners') return spec.values;
  return atLeast(version, '0.48.0')
    ? [
        'vuln',
        'misconfig',
        'secret',
        'license',
        'rbac',
        'none',
        'vulnerability',
        'config',
        'misconf',
        'misconfiguration',
      ]
    : ['vuln', 'config', 'secret', 'license', 'rbac'];
}

function set(flags, spec, raw, command, version) {
  const label = spec.short ? `-${spec.short}, --${spec.name}` : `--${spec.name}`;
  const invalid = (why) =>
    new CommandLineError(`invalid argument "${raw}" for "${label}" flag: ${why}`, command);
  switch (spec.type) {
    case 'bool': {
      if (raw === undefined) return void flags.set(spec.name, true);
      const b = {
        true: true,
        TRUE: true,
        True: true,
        1: true,
        t: true,
        T: true,
        false: false,
        FALSE: false,
        False: false,
        0: false,
        f: false,
        F: false,
      }[raw];
      if (b === undefined) throw invalid(`strconv.ParseBool: parsing "${raw}": invalid syntax`);
      return void flags.set(spec.name, b);
    }
    case 'int':
      if (!/^[-+]?\d+$/.test(raw)) throw invalid(`strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return void flags.set(spec.name, Number(raw));
    case 'float':
      if (!Number.isFinite(Number(raw)) || raw.trim() === '')
        throw invalid(`strconv.ParseFloat: parsing "${raw}": invalid syntax`);
      return void flags.set(spec.name, Number(raw));
    case 'duration':
      if (!DURATION.test(raw)) throw invalid(`time: invalid duration "${raw}"`);
      return void flags.set(spec.name, raw);
    case 'list': {
      const list = flags.get(spec.name) ?? [];
      const items = raw === '' ? [] : raw.split(',');
      // Trivy checks allowed values after parsing (pkg/flag/options.go, Flag.Parse).
      const values = allowedValues(spec, version);
      const bad = values && items.filter((v) => !values.includes(v));
      if (bad?.length)
        throw new CommandLineError(
          `invalid argument "${raw}" for "--${spec.name}" flag: must be one of ${quoteList(values)}`,
          command,
        );
      return void flags.set(spec.name, [...list, ...items]);
    }
    default:
      if (spec.values && !spec.values.includes(raw))
        throw new CommandLineError(
          `invalid argument "${raw}" for "--${spec.name}" flag: must be one of ${quoteList(spec.values)}`,
          command,
        );
      return void flags.set(spec.name, raw);
  }
}

// Go's %q of a []string: ["a" "b"].
const quoteList = (values) => `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
