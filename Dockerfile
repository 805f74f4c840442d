# syntax=docker/dockerfile:1
# One image holds all five services; SERVICE picks one at start (deploy/ sets it per Cloud Run service):
#   docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t nba-props .
#   docker run -e SERVICE=phase2-raw -e PORT=8080 -p 8080:8080 nba-props
# --build-arg SERVICE=<name> bakes a default in, for an image of one service.
# Each step here also runs outside Docker, and deploy/image/image-build.spec.ts tests them:
# npm run build, then node dist/apps/main.js with only production dependencies installed.

# Node 22 LTS (Node 20 reached end of life on 2026-04-30; development on Node 20.19+ is still supported).
FROM node:22-slim AS builder
WORKDIR /app
# Manifests first so the dependency layer is reused while only sources change.
COPY package.json package-lock.json ./
# npm ci installs exactly the committed lock (it carries every platform's optional bindings) and
# refuses a lock that has drifted from package.json.
RUN npm ci --no-audit --no-fund
COPY . .
# .git is not in the build context, so the commit comes in as an argument and tools/build.js writes it
# into dist/build-info.json for /version.
ARG GIT_COMMIT=""
RUN if [ -n "$GIT_COMMIT" ] && ! echo "$GIT_COMMIT" | grep -Eq '^[0-9a-f]{7,40}$'; then echo "GIT_COMMIT must be a lowercase git sha, got '${GIT_COMMIT}'" >&2; exit 1; fi \
 && GIT_COMMIT="$GIT_COMMIT" npm run build

FROM node:22-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=builder /app/dist ./dist

ARG SERVICE=""
ARG GIT_COMMIT=""
# DATA_DIR defaults to ./.data: writable by the non-root user for the embedded (local) engines.
RUN mkdir -p /app/.data && chown node:node /app/.data
ENV SERVICE=${SERVICE} \
    GIT_COMMIT=${GIT_COMMIT} \
    PORT=8080

USER node
EXPOSE 8080
# node is PID 1 and receives Cloud Run's SIGTERM directly (graceful shutdown). --enable-source-maps:
# stacks in the logs (stack_trace) name the TypeScript file and line, through the maps the build emits.
CMD ["node", "--enable-source-maps", "dist/apps/main.js"]
