/**
 * Prints a development JWT the gateway accepts:
 *   npm run token -- --role customer --sub cus_001
 *   npm run token -- --role store_staff --sub staff_1 --store str_001
 *   npm run token -- --role courier --sub cou_001
 * Signed with JWT_SECRET (`npm run token` sets NODE_ENV=development, so the development secret unless
 * JWT_SECRET is set). The token expires after --expires (12h), which may not exceed the gateway's
 * JWT_MAX_LIFETIME_SECONDS.
 */
import { parseArgs } from 'node:util';
import { decodeJwt } from 'jose';
import { ConfigError, ROLES, type Role } from '@qc/shared';
import { signDevToken } from '../gateway/src/auth';
import { gatewayConfig, type GatewayConfig } from '../gateway/src/config';

function fail(message: string): never {
  console.error(`${message}\nUsage: npm run token -- --role <${ROLES.join('|')}> --sub <id> [--store <storeId>] [--courier <courierId>] [--partner <partnerId>] [--expires 12h]`);
  process.exit(2);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        role: { type: 'string' },
        sub: { type: 'string' },
        store: { type: 'string' },
        courier: { type: 'string' },
        partner: { type: 'string' },
        expires: { type: 'string', default: '12h' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const role = values.role as Role | undefined;
  if (!role || !ROLES.includes(role)) fail(`--role must be one of ${ROLES.join(', ')}`);
  if (!values.sub) fail('--sub is required (the user id, e.g. cus_001)');
  if (role === 'store_staff' && !values.store) fail('--store is required for store_staff (e.g. str_001)');
  let config: GatewayConfig;
  try {
    config = gatewayConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const secret = config.JWT_SECRET;
  if (!secret) fail('JWT_SECRET is not set: with JWKS_URL, tokens come from your identity provider');
  const token = await signDevToken(secret, {
    sub: values.sub,
    role,
    storeId: values.store,
    courierId: values.courier,
    partnerId: values.partner,
    expiresIn: values.expires,
  });
  const { iat, exp } = decodeJwt(token);
  if (exp! - iat! > config.JWT_MAX_LIFETIME_SECONDS) {
    fail(`--expires ${values.expires} is longer than the gateway accepts (JWT_MAX_LIFETIME_SECONDS=${config.JWT_MAX_LIFETIME_SECONDS})`);
  }
  console.log(token);
}

void main();
