import { createToken, listTokens, revokeToken, ROLES, TokenError } from '../../access/tokens.ts';
import { UsageError, printJson, stringValue, type Command } from '../command.ts';

export const tokenCommand: Command = {
  viaServer: {},
  options: {
    role: { type: 'string' },
    person: { type: 'string' },
    label: { type: 'string' },
  },
  help: () =>
    [
      `Roles: ${ROLES.join(', ')}.`,
      '  admin    everything, by name',
      '  analyst  organisation-wide networks and aggregates; people pseudonymised',
      '  manager  (--person ID) names, flags and networks of their reporting line; others',
      '           pseudonymised',
      '  member   (--person ID) their own network and the expert directory',
      'The token is printed once; the database keeps only its hash.',
    ].join('\n'),
  async run(context) {
    const [action, id, ...rest] = context.positionals;
    try {
      if (action === 'create' && !id) {
        const role = stringValue(context, 'role');
        if (!role) throw new UsageError(`token create needs --role (${ROLES.join(', ')})`);
        const { token, info } = await createToken(context.store, {
          role,
          personId: stringValue(context, 'person'),
          label: stringValue(context, 'label'),
        });
        if (context.json) printJson({ token, ...info });
        else {
          console.log(token);
          console.error(
            `Made ${info.role} token ${info.tokenId}${info.personId ? ` for ${info.personId}` : ''}; it is shown only now.`,
          );
        }
        return 0;
      }
      if (action === 'list' && !id) {
        const tokens = await listTokens(context.store);
        if (context.json) printJson({ tokens });
        else if (tokens.length === 0)
          console.log('No tokens yet: helpflow token create --role admin');
        else {
          for (const t of tokens) {
            console.log(
              [
                t.tokenId,
                t.role.padEnd(7),
                t.personId ?? '-',
                t.label ?? '',
                `made ${t.createdAt}`,
                t.lastUsedAt ? `used ${t.lastUsedAt}` : 'never used',
                t.revokedAt ? `REVOKED ${t.revokedAt}` : '',
              ]
                .filter(Boolean)
                .join('  '),
            );
          }
        }
        return 0;
      }
      if (action === 'revoke' && id && rest.length === 0) {
        await revokeToken(context.store, id);
        if (context.json) printJson({ revoked: id });
        else console.log(`Token ${id} is revoked.`);
        return 0;
      }
    } catch (error) {
      if (error instanceof TokenError) throw new UsageError(error.message);
      throw error;
    }
    throw new UsageError(
      'use: helpflow token create --role R [--person ID] | token list | token revoke ID',
    );
  },
};
