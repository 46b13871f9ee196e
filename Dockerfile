# One image for the gateway and every subgraph; the compose file picks the entry point.
FROM node:20-slim
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
RUN npm ci --no-audit --no-fund
COPY . .
# A deployment by default: the published development secrets are refused, so GATEWAY_HMAC_SECRET and
# JWT_SECRET (or JWKS_URL, JWT_ISSUER and JWT_AUDIENCE) must be given at run time.
ENV NODE_ENV=production
CMD ["npx", "tsx", "gateway/src/index.ts"]
