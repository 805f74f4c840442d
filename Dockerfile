# syntax=docker/dockerfile:1
# One image per service: docker build --build-arg SERVICE=phase2-raw --build-arg GIT_COMMIT=$(git rev-parse HEAD) .

FROM node:20-slim AS builder
WORKDIR /app
# Manifests first so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM node:20-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=builder /app/dist ./dist

ARG SERVICE
# Empty means "unknown": the platform config treats an empty GIT_COMMIT as unset, but rejects a non-sha.
ARG GIT_COMMIT=""
# DATA_DIR defaults to ./.data, so the non-root user gets it writable for the embedded (local) engines.
RUN if [ -z "$SERVICE" ]; then echo "build with --build-arg SERVICE=<phase1-scrapers|phase2-raw|phase3-analytics|phase4-precompute|phase5-predictions>" >&2; exit 1; fi \
 && if [ ! -f "dist/apps/${SERVICE}/src/main.js" ]; then echo "no dist/apps/${SERVICE}/src/main.js in the build output for SERVICE=${SERVICE}" >&2; exit 1; fi \
 && if [ -n "$GIT_COMMIT" ] && ! echo "$GIT_COMMIT" | grep -Eq '^[0-9a-f]{7,40}$'; then echo "GIT_COMMIT must be a lowercase git sha, got '${GIT_COMMIT}'" >&2; exit 1; fi \
 && mkdir -p /app/.data && chown node:node /app/.data
ENV SERVICE=${SERVICE} \
    GIT_COMMIT=${GIT_COMMIT} \
    PORT=8080

USER node
EXPOSE 8080
# exec so node is PID 1 and receives Cloud Run's SIGTERM directly (graceful shutdown).
CMD ["sh", "-c", "exec node dist/apps/${SERVICE}/src/main.js"]
