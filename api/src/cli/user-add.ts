import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AccountInputError, addAccount, type NewAccount, validateAccount } from '../auth/users.ts';
import { loadConfig } from '../config.ts';
import { openDatabase } from '../db/database.ts';
import { describeError } from './describe-error.ts';
import { isMainModule } from './main-module.ts';

/*
 * `npm run user:add -- --username NAME --role admin|coordinator|planner|partner [--partner NAME]
 * [--password P] [--reset-password]` creates an account in the configured database (DATABASE_URL,
 * or the embedded PGLITE_DATA_DIR, migrated first). A partner user names its (existing) partner
 * organisation with --partner. Without --password the password is read from standard input
 * (typed, not echoed, on a terminal), which keeps it out of the shell history and the process list.
 */

export const USAGE =
  'usage: npm run user:add -- --username NAME --role admin|coordinator|planner|partner [--partner "PARTNER NAME"] ' +
  '[--password P] [--reset-password]';

export interface UserAddArgs {
  username: string;
  role: string;
  /** The partner organisation's name (role partner only). */
  partner: string | undefined;
  password: string | undefined;
  resetPassword: boolean;
}

/** Parses the command line; throws AccountInputError with what is missing or unknown. */
export function parseUserAddArgs(argv: string[]): UserAddArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        username: { type: 'string' },
        role: { type: 'string' },
        partner: { type: 'string' },
        password: { type: 'string' },
        'reset-password': { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new AccountInputError(`${(error as Error).message}\n${USAGE}`);
  }
  if (values.username === undefined) throw new AccountInputError(`--username is required\n${USAGE}`);
  if (values.role === undefined) throw new AccountInputError(`--role is required\n${USAGE}`);
  return {
    username: values.username,
    role: values.role,
    partner: values.partner,
    password: values.password,
    resetPassword: values['reset-password'] ?? false,
  };
}

/** The first line of standard input; on a terminal, asked for without echoing it. */
async function readPassword(): Promise<string> {
  const input = process.stdin;
  if (input.isTTY) {
    process.stderr.write('Password (at least 10 characters): ');
    input.setRawMode(true);
    let typed = '';
    try {
      for await (const chunk of input) {
        for (const char of (chunk as Buffer).toString('utf8')) {
          if (char === '\r' || char === '\n') return typed;
          if (char === '\u0003') throw new AccountInputError('cancelled');
          if (char === '\u007f' || char === '\b') typed = [...typed].slice(0, -1).join('');
          else typed += char;
        }
      }
      return typed;
    } finally {
      input.setRawMode(false);
      input.pause();
      process.stderr.write('\n');
    }
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return '';
}

async function main(argv: string[]): Promise<void> {
  const args = parseUserAddArgs(argv);
  const account: NewAccount = {
    username: args.username,
    role: args.role,
    partner: args.partner,
    password: args.password ?? (await readPassword()),
    resetPassword: args.resetPassword,
  };
  validateAccount(account); // before the database is opened: a typo fails fast
  const db = await openDatabase(loadConfig());
  try {
    const { id, created, partner } = await addAccount(db.pool, account);
    const of = partner === null ? '' : ` of "${partner}"`;
    console.log(
      created
        ? `Created ${account.role} "${account.username}"${of} (id ${id}) in the ${db.backend} database.`
        : `Set a new password and role ${account.role}${of} for "${account.username}" (id ${id}); its sessions are ended.`,
    );
  } finally {
    await db.close();
  }
}

if (isMainModule(import.meta.url)) {
  try {
    await main(process.argv.slice(2));
  } catch (error) {
    console.error(error instanceof AccountInputError ? error.message : `user:add failed: ${describeError(error)}`);
    process.exitCode = 1;
  }
}
