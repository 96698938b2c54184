import { userInfo } from 'node:os';
import { DEFAULT_IDENTITY } from '../../config.ts';
import { relinkIfStale } from '../../store/identity.ts';
import { IdentityError, mergeIdentities, splitAccount } from '../../store/identity-merges.ts';
import {
  crowdedWarning,
  readCrowdedPeople,
  readIdentities,
  readIdentityChanges,
} from '../../store/identity-queries.ts';
import { suggestMerges } from '../../store/identity-suggestions.ts';
import {
  UsageError,
  printJson,
  stringValue,
  type Command,
  type CommandContext,
} from '../command.ts';

const ACTIONS: Record<string, (context: CommandContext) => Promise<number>> = {
  list,
  suggest,
  merge,
  split,
};

export const identitiesCommand: Command = {
  viaServer: {},
  options: {
    into: { type: 'string' },
    person: { type: 'string' },
    by: { type: 'string' },
    note: { type: 'string' },
    'max-accounts': { type: 'string' },
  },
  help: () =>
    [
      '  identities list [--person ID]              people with their accounts and how each was linked',
      '  identities suggest                         merges worth a look, with confidence and evidence',
      '  identities merge NAME... --into PERSON     link accounts (source:account) or all accounts of',
      '                                             a person to PERSON, for good [--note TEXT] [--by WHO]',
      '  identities split SOURCE:ACCOUNT            undo a merge, or set an account apart [--by WHO]',
      '',
      `--max-accounts N: warn about people with more than N accounts (default ${DEFAULT_IDENTITY.maxAccountsPerPerson})`,
    ].join('\n'),
  async run(context) {
    const [action] = context.positionals;
    const run = action === undefined ? undefined : ACTIONS[action];
    if (!run) {
      throw new UsageError(
        `identities takes one of ${Object.keys(ACTIONS).join(', ')}${action ? `, not "${action}"` : ''}`,
      );
    }
    await relinkIfStale(context.store);
    try {
      return await run(context);
    } catch (error) {
      if (error instanceof IdentityError) throw new UsageError(error.message);
      throw error;
    }
  },
};

function maxAccounts(context: CommandContext): number {
  const text = stringValue(context, 'max-accounts');
  if (text === undefined) return DEFAULT_IDENTITY.maxAccountsPerPerson;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new UsageError(`--max-accounts "${text}" is not a whole number of 1 or more`);
  }
  return value;
}

async function warnings(context: CommandContext): Promise<string[]> {
  const max = maxAccounts(context);
  const crowded = await readCrowdedPeople(context.store, { maxAccountsPerPerson: max });
  return crowded.map((person) => crowdedWarning(person, max));
}

function printWarnings(lines: string[]): void {
  for (const line of lines) console.log(`warning: ${line}`);
}

function changeOptions(context: CommandContext) {
  return {
    by: stringValue(context, 'by') ?? userInfo().username,
    note: stringValue(context, 'note') ?? null,
  };
}

function onlyAction(context: CommandContext, what: string): void {
  if (context.positionals.length > 1) {
    throw new UsageError(`identities ${what} takes no other arguments`);
  }
}

async function list(context: CommandContext): Promise<number> {
  onlyAction(context, 'list');
  const person = stringValue(context, 'person');
  const people = await readIdentities(context.store, person === undefined ? {} : { person });
  if (person !== undefined && people.length === 0) {
    throw new UsageError(`"${person}" is not a person with accounts in the database`);
  }
  const changes = person === undefined ? [] : await readIdentityChanges(context.store, { person });
  const warned = await warnings(context);
  if (context.json) {
    printJson(
      person === undefined ? { people, warnings: warned } : { people, changes, warnings: warned },
    );
    return 0;
  }
  printWarnings(warned);
  for (const p of people) {
    const where = [p.team, p.inOrgChart ? null : 'not in the org chart'].filter(Boolean);
    console.log(`${p.person}  ${p.name ?? ''}${where.length ? ` (${where.join(', ')})` : ''}`);
    const width = Math.max(...p.accounts.map((a) => a.account.length));
    for (const a of p.accounts) {
      const line = [a.account.padEnd(width), a.linkedBy.padEnd(12), a.name ?? ''].join('  ');
      console.log(`    ${line.trimEnd()}`);
    }
  }
  for (const c of changes) {
    console.log(
      `#${c.changeId} ${c.at} ${c.by} ${c.action} ${c.account}: ${c.personBefore ?? 'nobody'} -> ` +
        `${c.personAfter ?? 'nobody'}${c.undoneBy ? ` (undone by #${c.undoneBy})` : ''}` +
        `${c.note ? ` (${c.note})` : ''}`,
    );
  }
  return 0;
}

async function suggest(context: CommandContext): Promise<number> {
  onlyAction(context, 'suggest');
  const suggestions = await suggestMerges(context.store);
  const warned = await warnings(context);
  if (context.json) {
    printJson({ suggestions, warnings: warned });
    return 0;
  }
  printWarnings(warned);
  if (suggestions.length === 0) console.log('No merges to suggest.');
  for (const s of suggestions) {
    console.log(`${s.from} -> ${s.into}  confidence ${s.confidence.toFixed(2)}`);
    for (const line of s.evidence) console.log(`    ${line}`);
    console.log(`    accept: ${s.command}`);
  }
  return 0;
}

async function merge(context: CommandContext): Promise<number> {
  const names = context.positionals.slice(1);
  const into = stringValue(context, 'into');
  if (names.length === 0 || into === undefined) {
    throw new UsageError(
      'identities merge takes accounts or people and --into: helpflow identities merge slack:U0123 --into p0042',
    );
  }
  const result = await mergeIdentities(context.store, names, into, changeOptions(context));
  const warned = await warnings(context);
  if (context.json) {
    printJson({ ...result, warnings: warned });
    return 0;
  }
  for (const c of result.changes) {
    console.log(`#${c.changeId} merged ${c.account} into ${c.personAfter} (was ${c.personBefore})`);
  }
  for (const account of result.unchanged) console.log(`${account} already belongs to ${into}`);
  printWarnings(warned);
  return 0;
}

async function split(context: CommandContext): Promise<number> {
  const [, name, ...rest] = context.positionals;
  if (name === undefined || rest.length > 0) {
    throw new UsageError(
      'identities split takes one account: helpflow identities split slack:U0123',
    );
  }
  const change = await splitAccount(context.store, name, changeOptions(context));
  if (context.json) {
    printJson({ change });
    return 0;
  }
  if (!change) console.log(`${name} is already a person of its own`);
  else {
    const how =
      change.outcome === 'restored' ? 'the link it had before its merge' : 'a person of its own';
    console.log(
      `#${change.changeId} split ${change.account} from ${change.personBefore}: ` +
        `now ${change.personAfter} (${how})`,
    );
  }
  return 0;
}
