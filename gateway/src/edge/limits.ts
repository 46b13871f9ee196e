import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { GraphQLError, type DocumentNode, type GraphQLSchema, type ParseOptions, type ValidationContext, type ValidationRule } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { EdgeCode } from './codes';
import { CostEstimates } from './cost';
import type { EdgeSettings } from './config';

const LIMIT_CODES = new Set<string>([
  EdgeCode.QUERY_TOO_DEEP,
  EdgeCode.TOO_MANY_ALIASES,
  EdgeCode.TOO_MANY_DIRECTIVES,
  EdgeCode.QUERY_TOO_LARGE,
  EdgeCode.QUERY_TOO_COSTLY,
]);

const limitError = (code: EdgeCode, message: string, max: number, found: number) =>
  new GraphQLError(message, { extensions: { code, max, found, http: { status: 400 } } });

/**
 * graphql-armor reports `… limit of 12 exceeded, found 46.`; the client gets a sentence that says what to
 * change and a code to switch on instead.
 */
function reject(code: EdgeCode, sentence: (max: number, found: number) => string) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const [, max, found] = /limit of (\d+) exceeded, found (\d+)/.exec(error.message) ?? [];
    context?.reportError(limitError(code, sentence(Number(max), Number(found)), Number(max), Number(found)));
  };
}

/**
 * Bounds on one operation, checked before the gateway plans it: size (tokens, while parsing), shape
 * (depth, aliases, directives: validation rules, run once per distinct document) and estimated cost
 * (per document and variables shape, since `first` may be a variable). The same bounds serve HTTP and WebSocket.
 */
export class RequestLimits {
  readonly parseOptions: ParseOptions;
  readonly validationRules: ValidationRule[];
  private readonly costs: CostEstimates;

  constructor(private readonly settings: EdgeSettings['limits']) {
    this.costs = new CostEstimates(settings.listSize);
    this.parseOptions = { maxTokens: settings.maxTokens };
    const common = { exposeLimits: true, propagateOnRejection: false } as const;
    this.validationRules = [
      maxDepthRule({
        ...common,
        n: settings.maxDepth,
        onReject: [reject(EdgeCode.QUERY_TOO_DEEP, (max, found) => `The query nests ${found} levels deep; at most ${max} are allowed. Ask for less at once or split the query.`)],
      }),
      maxAliasesRule({
        ...common,
        n: settings.maxAliases,
        onReject: [reject(EdgeCode.TOO_MANY_ALIASES, (max, found) => `The query uses ${found} aliases; at most ${max} are allowed. Ask for the same field fewer times.`)],
      }),
      maxDirectivesRule({
        ...common,
        n: settings.maxDirectives,
        onReject: [reject(EdgeCode.TOO_MANY_DIRECTIVES, (max, found) => `The query uses ${found} directives; at most ${max} are allowed.`)],
      }),
    ];
  }

  /**
   * The refusal of an operation whose estimated cost is over the limit (`live`: a subscription's
   * selection, fetched again on every event), else undefined.
   */
  checkCost(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | undefined,
    live = false,
  ): GraphQLError | undefined {
    const cost = this.costs.estimate(schema, document, operationName, variables);
    const max = live ? this.settings.maxLiveCost : this.settings.maxCost;
    if (cost === undefined || cost <= max) return undefined;
    const found = Number.isFinite(cost) ? cost : Number.MAX_SAFE_INTEGER;
    const what = live ? 'This subscription selects' : 'This operation asks for';
    return limitError(
      EdgeCode.QUERY_TOO_COSTLY,
      `${what} too much at once: estimated cost ${Number.isFinite(cost) ? cost : 'beyond counting'}, at most ${max} allowed. Ask for smaller pages (first) or fewer nested lists.`,
      max,
      found,
    );
  }

  /** Apollo Server plugin: refuses an over-cost operation once its variables are known, before planning. */
  plugin(): ApolloServerPlugin {
    return {
      requestDidStart: async () => ({
        didResolveOperation: async ({ schema, document, operationName, request }) => {
          const refused = this.checkCost(schema, document, operationName, request.variables);
          if (refused) throw refused;
        },
      }),
    };
  }
}

/**
 * Apollo Server answers every validation error with GRAPHQL_VALIDATION_FAILED and every parse error with
 * GRAPHQL_PARSE_FAILED; a limit's refusal gets its own code (and message) back here.
 */
export function limitCodeOf(error: unknown): { code: string; message: string; max?: number; found?: number } | undefined {
  const original = (error as { originalError?: unknown }).originalError;
  if (original instanceof GraphQLError && LIMIT_CODES.has(original.extensions.code as string)) {
    const { code, max, found } = original.extensions as { code: string; max?: number; found?: number };
    return { code, message: original.message, max, found };
  }
  return tokenLimitOf(error);
}

/** graphql-js aborts parsing with "Document contains more than N tokens"; say it as a limit. */
export function tokenLimitOf(error: unknown): { code: string; message: string; max: number } | undefined {
  const match = /Document contains more (?:than|that) (\d+) tokens/.exec((error as Error)?.message ?? '');
  if (!match) return undefined;
  const max = Number(match[1]);
  return {
    code: EdgeCode.QUERY_TOO_LARGE,
    message: `The document is longer than ${max} tokens, the most allowed. Send a shorter query.`,
    max,
  };
}
