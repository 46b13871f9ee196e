# One production image for the whole platform. The same image runs the gateway, any subgraph, the
# migrations or the seed, chosen by its argument:
#   docker build -t quick-commerce .
#   docker run quick-commerce gateway            # or catalog | availability | orders | fulfillment | delivery | tracking
#   docker run quick-commerce migrate            # every subgraph's migrations (a Kubernetes Job runs this)
#   docker run quick-commerce seed --if-empty    # the demo city, once
# Without a Docker engine, `npm run image:check` performs these same steps (it reads this file) in a
# scratch folder and starts the result.

# ---- build: every dependency, compile TypeScript, then drop the development dependencies ----
FROM node:26-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/shared/package.json packages/shared/
COPY gateway/package.json gateway/
COPY subgraphs/catalog/package.json subgraphs/catalog/
COPY subgraphs/availability/package.json subgraphs/availability/
COPY subgraphs/orders/package.json subgraphs/orders/
COPY subgraphs/fulfillment/package.json subgraphs/fulfillment/
COPY subgraphs/delivery/package.json subgraphs/delivery/
COPY subgraphs/tracking/package.json subgraphs/tracking/
COPY clients/web/package.json clients/web/
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY packages/shared packages/shared
COPY gateway gateway
COPY subgraphs subgraphs
COPY clients clients
COPY schema schema
COPY scripts scripts
RUN npm run build
RUN npm prune --omit=dev --no-audit --no-fund

# ---- run: compiled JavaScript and production dependencies only, as an unprivileged user ----
FROM node:26-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules node_modules
COPY --from=build /app/packages/shared/package.json packages/shared/
COPY --from=build /app/packages/shared/dist packages/shared/dist
COPY --from=build /app/gateway/package.json gateway/
COPY --from=build /app/subgraphs/catalog/package.json subgraphs/catalog/
COPY --from=build /app/subgraphs/availability/package.json subgraphs/availability/
COPY --from=build /app/subgraphs/orders/package.json subgraphs/orders/
COPY --from=build /app/subgraphs/fulfillment/package.json subgraphs/fulfillment/
COPY --from=build /app/subgraphs/delivery/package.json subgraphs/delivery/
COPY --from=build /app/subgraphs/tracking/package.json subgraphs/tracking/
COPY --from=build /app/dist dist
COPY deploy/docker/entrypoint.sh deploy/docker/healthcheck.js deploy/docker/
# The published development secrets are refused in production: GATEWAY_HMAC_SECRET and JWT_SECRET
# (or JWKS_URL, JWT_ISSUER and JWT_AUDIENCE) must be given at run time.
USER node
HEALTHCHECK --interval=5s --timeout=3s --start-period=30s --retries=5 CMD ["node", "deploy/docker/healthcheck.js"]
ENTRYPOINT ["deploy/docker/entrypoint.sh"]
CMD ["gateway"]
