# syntax=docker/dockerfile:1
# One Dockerfile for every MIM process. SERVICE is the workspace directory to run:
#   docker build --build-arg SERVICE=services/incident -t mim/incident .
#   docker build --build-arg SERVICE=gateway -t mim/gateway .
# (infra/docker-compose.yml builds all six.)
ARG NODE_VERSION=20.20

FROM node:${NODE_VERSION}-bookworm-slim AS base
ENV TURBO_TELEMETRY_DISABLED=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
WORKDIR /app

# Only package.json files and the lockfile, so the `npm ci` layer below stays cached until a manifest
# changes (a portable stand-in for the labs-only `COPY --parents`).
FROM base AS manifests
COPY . /src
RUN find /src -type f ! -name package.json ! -name package-lock.json -delete \
 && find /src -type d -empty -delete

FROM base AS deps
COPY --from=manifests /src/ ./
RUN --mount=type=cache,target=/root/.npm npm ci

FROM deps AS build
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'pass --build-arg SERVICE=services/<name> or SERVICE=gateway' >&2; exit 1; }
COPY . .
RUN test -f "$SERVICE/package.json" || { echo "no workspace at $SERVICE" >&2; exit 1; }
# The service and the workspace packages it depends on; then drop dev dependencies (swc, jest, typescript).
RUN npx turbo run build --filter="./${SERVICE}..." --output-logs=errors-only \
 && npm prune --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ARG SERVICE
ENV NODE_ENV=production
WORKDIR /app
# Code stays owned by root and read-only to the runtime user.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY --from=build /app/${SERVICE} ./${SERVICE}
WORKDIR /app/${SERVICE}
USER node
CMD ["node", "dist/main.js"]
