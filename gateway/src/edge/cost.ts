import { isListType, getNullableType, type DocumentNode, type GraphQLSchema } from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { DEFAULT_PAGE_SIZE } from '@qc/shared';

/**
 * The cost of a selection as the work it can cause: every field costs 1, and a field that returns many
 * things costs 1 plus its selection times how many:
 *
 * - a paged field (`products(first: 50)`, `myOrders`, `storeQueue`…): `first`, or the page size the
 *   subgraphs use when it is omitted (20), or the argument's schema default (`escalatedDeliveries`: 50);
 * - `edges`/`nodes` of a `…Connection`: once, since the connection's `first` counted them already;
 * - a list asked for by a list argument (`availability(productIds: [...])`): the argument's length;
 * - any other list (`Order.items`, `Product.stockLevels`, `categories`): `listSize`, an assumption.
 *
 * So `products(first: 100) { edges { node { stockLevels { store { name } } } } }` costs
 * 1 + 100 × (edges 1 + node 1 + stockLevels (1 + 20 × (store 1 + name 1))) = 4301, while a page of 20
 * names costs 1 + 20 × 3 = 61.
 */
export function listAwareEstimator(listSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => 1 + childComplexity * itemsOf(type.name, field, args, listSize);
}

function itemsOf(parent: string, field: { type: Parameters<typeof getNullableType>[0]; args: readonly { name: string }[] }, args: Record<string, unknown>, listSize: number): number {
  if (field.args.some((a) => a.name === 'first')) {
    return typeof args.first === 'number' ? Math.max(0, args.first) : DEFAULT_PAGE_SIZE;
  }
  if (!isListType(getNullableType(field.type))) return 1;
  if (parent.endsWith('Connection')) return 1;
  const sized = Object.values(args).find(Array.isArray);
  return sized ? sized.length : listSize;
}

/**
 * Estimated cost of the operation `operationName` of `document` with `variables`, or undefined when the
 * variables do not fit the operation (execution then refuses them with its own clear error, before any
 * subgraph is called). A selection too big to walk (fragments spread into more than 10,000 fields) is
 * infinitely costly.
 */
export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | undefined,
  listSize: number,
): number | undefined {
  try {
    return getComplexity({
      schema,
      query: document,
      operationName: operationName ?? undefined,
      variables: variables ?? {},
      estimators: [listAwareEstimator(listSize)],
    });
  } catch (error) {
    return (error as Error).message.includes('maximum allowed number of nodes') ? Infinity : undefined;
  }
}

/** Variable shapes remembered per document: enough for every page size a client uses, bounded against one that varies `first` on purpose. */
const SHAPES_PER_DOCUMENT = 64;

/**
 * What of the variables can change an estimate: numbers (`first`), booleans (`@include(if:)`), nulls and
 * missing values (defaults), list lengths. A string's content cannot — the estimator reads `first` and
 * list lengths only, a string for a list argument counts as one item, and the API schema's scalars keep
 * strings strings — so strings all read as "". Nor can an input object's fields: the estimator reads a
 * field's own arguments, and an input object (a variable, or an item of a list variable) is one
 * argument's value, never `first` or a list itself; so every input object reads as {}. Without that a
 * location report's coordinates made each report a new shape, estimated anew every time.
 */
export function variablesShape(variables: Record<string, unknown> | undefined): string {
  return JSON.stringify(variables ?? {}, (key, value: unknown) => {
    if (typeof value === 'string') return '';
    // The root (key '') is the variables themselves; any other object is an input object's value.
    if (key !== '' && value !== null && typeof value === 'object' && !Array.isArray(value)) return {};
    return value;
  });
}

/**
 * estimateCost, remembered per document (Apollo Server hands the same DocumentNode to every request
 * with the same query text, and keeps it only while its document cache does) and per operation name
 * and variables shape. Walking the selection and coercing the variables on every request was most of
 * the edge's CPU; now a repeated operation costs a JSON.stringify of its variables. An undefined
 * estimate (variables that do not fit) is never remembered: valid variables of the same shape must
 * still be estimated, not waved through.
 */
export class CostEstimates {
  private readonly byDocument = new WeakMap<DocumentNode, { schema: GraphQLSchema; costs: Map<string, number> }>();

  constructor(private readonly listSize: number) {}

  estimate(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): number | undefined {
    let known = this.byDocument.get(document);
    // A new supergraph may size the same selection differently.
    if (known?.schema !== schema) this.byDocument.set(document, (known = { schema, costs: new Map() }));
    const key = `${operationName ?? ''}\n${variablesShape(variables)}`;
    const remembered = known.costs.get(key);
    if (remembered !== undefined) return remembered;
    const cost = estimateCost(schema, document, operationName, variables, this.listSize);
    if (cost === undefined) return undefined;
    if (known.costs.size >= SHAPES_PER_DOCUMENT) known.costs.delete(known.costs.keys().next().value as string);
    known.costs.set(key, cost);
    return cost;
  }
}
